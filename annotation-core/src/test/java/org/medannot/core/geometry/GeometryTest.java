package org.medannot.core.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.medannot.core.testing.Seeds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class GeometryTest {

    /** Affines and voxel positions that nibabel computed for real NIfTI files (tools/reference/core_geometry.py). */
    static Stream<JsonNode> nibabelEntries() throws IOException {
        try (InputStream in = GeometryTest.class.getResourceAsStream("/reference/geometry_nibabel.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<JsonNode> entries = new ArrayList<>();
            root.get("entries").forEach(entries::add);
            return entries.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nibabelEntries")
    void niftiAffineMatchesNibabel(JsonNode entry) {
        JsonNode shape = entry.get("shape");
        double[] affine = toArray(entry.get("affine"));
        Geometry geometry = Geometry.fromNiftiAffine(shape.get(0).asInt(), shape.get(1).asInt(), shape.get(2).asInt(),
                affine);

        assertThat(geometry.toNiftiAffine()).containsExactly(affine, within(1e-9));
        JsonNode indices = entry.get("indices");
        JsonNode ras = entry.get("ras");
        for (int n = 0; n < indices.size(); n++) {
            double[] index = toArray(indices.get(n));
            double[] expectedRas = toArray(ras.get(n));
            double[] lps = geometry.indexToPatient(index[0], index[1], index[2]);
            assertThat(lps[0]).as("L of index %d", n).isCloseTo(-expectedRas[0], within(1e-6));
            assertThat(lps[1]).as("P of index %d", n).isCloseTo(-expectedRas[1], within(1e-6));
            assertThat(lps[2]).as("S of index %d", n).isCloseTo(expectedRas[2], within(1e-6));
            assertThat(geometry.patientToIndex(lps[0], lps[1], lps[2])).containsExactly(index, within(1e-6));
        }
    }

    @Test
    void dicomOrientationGivesPositions() {
        // An axial CT slice: rows run along +x (L), columns along +y (P), slices towards head (+z).
        Geometry geometry = Geometry.of(512, 512, 20, new double[] {0.7, 0.7, 2.5}, new double[] {-180, -150, -300},
                new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});

        assertThat(geometry.indexToPatient(10, 20, 3)).containsExactly(new double[] {-173, -136, -292.5}, within(1e-9));
        assertThat(geometry.voxelVolumeMm3()).isCloseTo(0.7 * 0.7 * 2.5, within(1e-12));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void indexPatientRoundTrip(long seed) {
        Random random = Seeds.random(seed);
        Geometry geometry = randomGeometry(random);
        double i = random.nextDouble() * geometry.columns();
        double j = random.nextDouble() * geometry.rows();
        double k = random.nextDouble() * geometry.slices();

        double[] point = geometry.indexToPatient(i, j, k);

        assertThat(geometry.patientToIndex(point[0], point[1], point[2])).containsExactly(new double[] {i, j, k},
                within(1e-7));
        Geometry viaNifti = Geometry.fromNiftiAffine(geometry.columns(), geometry.rows(), geometry.slices(),
                geometry.toNiftiAffine());
        assertThat(viaNifti.equalsWithin(geometry, 1e-9)).isTrue();
        assertThat(viaNifti.sameGrid(geometry, 1e-6)).isTrue();
    }

    static LongStream seeds() {
        return Seeds.seeds(50);
    }

    @Test
    void sameGridDetectsFlippedAxis() {
        Geometry a = Geometry.of(4, 5, 6, new double[] {1, 1, 2}, new double[] {0, 0, 0}, Geometry.identityDirection());
        Geometry flipped = Geometry.of(4, 5, 6, new double[] {1, 1, 2}, new double[] {0, 0, 0},
                new double[] {1, 0, 0, 0, -1, 0, 0, 0, 1});
        Geometry shifted = Geometry.of(4, 5, 6, new double[] {1, 1, 2}, new double[] {0.01, 0, 0},
                Geometry.identityDirection());

        assertThat(a.sameGrid(a, 1e-6)).isTrue();
        assertThat(a.sameGrid(flipped, 1e-3)).isFalse();
        assertThat(a.describeDifference(flipped, 1e-3)).startsWith("direction");
        assertThat(a.sameGrid(shifted, 1e-3)).isFalse();
        assertThat(a.sameGrid(shifted, 0.1)).isTrue();
        assertThat(a.describeDifference(shifted, 1e-3)).startsWith("origin");
    }

    @Test
    void sliceGeometryMovesOrigin() {
        Geometry geometry = Geometry.of(3, 3, 4, new double[] {1, 1, 2}, new double[] {5, 6, 7},
                new double[] {0, 1, 0, 0, 0, -1, -1, 0, 0});

        Geometry slice = geometry.sliceGeometry(2);

        assertThat(slice.slices()).isEqualTo(1);
        assertThat(slice.origin()).containsExactly(new double[] {1, 6, 7}, within(1e-12));
    }

    @Test
    void badArgumentsNameTheArgument() {
        double[] identity = Geometry.identityDirection();
        assertThatThrownBy(() -> Geometry.of(0, 1, 1, new double[] {1, 1, 1}, new double[3], identity))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("columns").hasMessageContaining("0");
        assertThatThrownBy(() -> Geometry.of(1, 1, 1, new double[] {1, -2, 1}, new double[3], identity))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spacing[1]")
                .hasMessageContaining("-2");
        assertThatThrownBy(() -> Geometry.of(1, 1, 1, new double[] {1, 1, 1}, new double[3],
                new double[] {1, 0, 0, 1, 0, 0, 0, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("orthonormal");
        assertThatThrownBy(() -> Geometry.of(70000, 70000, 1, new double[] {1, 1, 1}, new double[3], identity))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("voxels");
        assertThatThrownBy(() -> Geometry.fromNiftiAffine(2, 2, 2, new double[16]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column 0");
    }

    private static Geometry randomGeometry(Random random) {
        // A random rotation from a normalized random quaternion, with a random reflection.
        double qw = random.nextGaussian();
        double qx = random.nextGaussian();
        double qy = random.nextGaussian();
        double qz = random.nextGaussian();
        double norm = Math.sqrt(qw * qw + qx * qx + qy * qy + qz * qz);
        qw /= norm;
        qx /= norm;
        qy /= norm;
        qz /= norm;
        double[] r = {
            1 - 2 * (qy * qy + qz * qz), 2 * (qx * qy + qz * qw), 2 * (qx * qz - qy * qw),
            2 * (qx * qy - qz * qw), 1 - 2 * (qx * qx + qz * qz), 2 * (qy * qz + qx * qw),
            2 * (qx * qz + qy * qw), 2 * (qy * qz - qx * qw), 1 - 2 * (qx * qx + qy * qy)
        };
        if (random.nextBoolean()) {
            for (int c = 6; c < 9; c++) {
                r[c] = -r[c];
            }
        }
        double[] spacing = {0.2 + random.nextDouble() * 3, 0.2 + random.nextDouble() * 3, 0.5 + random.nextDouble() * 5};
        double[] origin = {random.nextGaussian() * 200, random.nextGaussian() * 200, random.nextGaussian() * 200};
        return Geometry.of(1 + random.nextInt(512), 1 + random.nextInt(512), 1 + random.nextInt(300), spacing, origin, r);
    }

    private static double[] toArray(JsonNode node) {
        double[] values = new double[node.size()];
        for (int n = 0; n < values.length; n++) {
            values[n] = node.get(n).asDouble();
        }
        return values;
    }
}
