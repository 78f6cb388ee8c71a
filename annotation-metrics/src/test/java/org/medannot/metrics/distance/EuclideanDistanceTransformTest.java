package org.medannot.metrics.distance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.Mask;
import org.medannot.core.mask.VoxelOrder;
import org.medannot.core.testing.Seeds;
import org.medannot.metrics.ReferenceFiles;

class EuclideanDistanceTransformTest {

    @Test
    void distanceMapMatchesScipy() {
        JsonNode edt = ReferenceFiles.json("surface_metrics_expected.json").get("edt");
        Geometry geometry = Geometry.of(edt.get("size").get(0).asInt(), edt.get("size").get(1).asInt(),
                edt.get("size").get(2).asInt(), doubles(edt.get("spacing")), new double[3],
                Geometry.identityDirection());
        Mask features = Mask.fromBytes(geometry, ReferenceFiles.gunzip(edt.get("features").asText()),
                VoxelOrder.ROW_MAJOR);
        double[] expected = ReferenceFiles.gunzipDoubles(edt.get("expected").asText());
        assertThat(features.count()).isEqualTo(edt.get("feature_count").asLong());

        double[] actual = EuclideanDistanceTransform.distanceMapMm(features);

        assertThat(actual).hasSameSizeAs(expected);
        for (int n = 0; n < expected.length; n++) {
            assertThat(actual[n]).as("voxel %d", n).isCloseTo(expected[n], within(1e-9));
        }
    }

    @Test
    void emptyFeaturesGiveInfinity() {
        double[] distances = EuclideanDistanceTransform.distanceMapMm(new Mask(Geometry.of2D(5, 3)));

        assertThat(distances).containsOnly(Double.POSITIVE_INFINITY);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void distanceMapEqualsBruteForce(long seed) {
        Random random = Seeds.random(seed);
        int columns = 1 + random.nextInt(13);
        int rows = 1 + random.nextInt(11);
        int slices = 1 + random.nextInt(9);
        double[] spacing = {0.2 + 3 * random.nextDouble(), 0.2 + 3 * random.nextDouble(), 0.2 + 3 * random.nextDouble()};
        Geometry geometry = Geometry.of(columns, rows, slices, spacing, new double[3], Geometry.identityDirection());
        Mask features = new Mask(geometry);
        double density = random.nextDouble() * 0.2;
        for (int n = 0; n < geometry.voxelCount(); n++) {
            features.set(n, random.nextDouble() < density);
        }

        double[] actual = EuclideanDistanceTransform.distanceMapMm(features);

        for (int k = 0, n = 0; k < slices; k++) {
            for (int j = 0; j < rows; j++) {
                for (int i = 0; i < columns; i++, n++) {
                    assertThat(actual[n]).as("voxel (%d, %d, %d)", i, j, k)
                            .isEqualTo(bruteForce(features, i, j, k, spacing), within(1e-9));
                }
            }
        }
    }

    static LongStream seeds() {
        return Seeds.seeds(40);
    }

    private static double bruteForce(Mask features, int i, int j, int k, double[] spacing) {
        Geometry g = features.geometry();
        double best = Double.POSITIVE_INFINITY;
        for (int z = 0; z < g.slices(); z++) {
            for (int y = 0; y < g.rows(); y++) {
                for (int x = 0; x < g.columns(); x++) {
                    if (features.get(x, y, z)) {
                        double dx = (x - i) * spacing[0];
                        double dy = (y - j) * spacing[1];
                        double dz = (z - k) * spacing[2];
                        best = Math.min(best, Math.sqrt(dx * dx + dy * dy + dz * dz));
                    }
                }
            }
        }
        return best;
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int n = 0; n < values.length; n++) {
            values[n] = array.get(n).asDouble();
        }
        return values;
    }
}
