package org.medannot.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.geometry.Polygon;
import org.medannot.core.mask.Mask;
import org.medannot.core.testing.Seeds;

/**
 * Contour tracing and polygon rasterization: round trips on seeded random masks, and real label
 * slices and random polygons against scikit-image values from tools/reference/ops_contours.py.
 */
class ContoursTest {

    private static Map<String, Npy> reference;

    @BeforeAll
    static void load() {
        reference = Npy.loadArchive("contours");
    }

    static LongStream seeds() {
        return Seeds.seeds(100);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomMaskRoundTrip(long seed) {
        Random random = Seeds.random(seed);
        int width = 1 + random.nextInt(40);
        int height = 1 + random.nextInt(40);
        Mask mask = new Mask(Geometry.of2D(width, height));
        if (random.nextBoolean()) {
            double density = random.nextDouble();
            for (int n = 0; n < mask.size(); n++) {
                mask.set(n, random.nextDouble() < density);
            }
        } else {
            // Rectangles toggled on and off give nested holes and islands.
            for (int r = random.nextInt(12); r >= 0; r--) {
                int x0 = random.nextInt(width);
                int y0 = random.nextInt(height);
                int x1 = x0 + 1 + random.nextInt(width - x0);
                int y1 = y0 + 1 + random.nextInt(height - y0);
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        mask.set(x, y, 0, !mask.get(x, y, 0));
                    }
                }
            }
        }
        assertRoundTrip(mask);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"abdomen_z10", "small_z10", "small_z20", "aal_z90"})
    void realLabelSlices(String name) {
        Npy slice = Npy.get(reference, name);
        byte[] labels = slice.bytes();
        Geometry geometry = Geometry.of2D(slice.shape[1], slice.shape[0]);
        int[] regions = Npy.get(reference, name + "_regions").ints();
        int rowCount = regions.length / 4;
        assertThat(rowCount).isGreaterThan(10);

        int row = 0;
        while (row < rowCount) {
            int label = regions[4 * row];
            byte[] values = new byte[labels.length];
            for (int n = 0; n < labels.length; n++) {
                values[n] = (byte) ((labels[n] & 0xFF) == label ? 1 : 0);
            }
            Mask mask = Mask.fromBytes(geometry, values, org.medannot.core.mask.VoxelOrder.ROW_MAJOR);
            List<Polygon> polygons = assertRoundTrip(mask);

            int components = 0;
            while (row + components < rowCount && regions[4 * (row + components)] == label) {
                components++;
            }
            assertThat(polygons).as("label %d", label).hasSize(components);
            for (int c = 0; c < components; c++) {
                int at = 4 * (row + c);
                Polygon polygon = polygons.get(c);
                assertThat(polygon.area()).as("label %d component %d area", label, c + 1).isEqualTo(regions[at + 2]);
                assertThat(polygon.holes()).as("label %d component %d holes", label, c + 1).hasSize(regions[at + 3]);
            }
            row += components;
        }
    }

    @Test
    void randomPolygonsMatchScikitImage() {
        double[] xy = Npy.get(reference, "polygon_xy").doubles();
        int[] ringLengths = Npy.get(reference, "polygon_ring_lengths").ints();
        int[] polygonRings = Npy.get(reference, "polygon_rings").ints();
        Npy masks = Npy.get(reference, "polygon_masks");
        byte[] expected = masks.bytes();
        int height = masks.shape[1];
        int width = masks.shape[2];
        Geometry geometry = Geometry.of2D(width, height);

        int ring = 0;
        int coordinate = 0;
        for (int p = 0; p < polygonRings.length; p++) {
            List<double[]> rings = new ArrayList<>();
            for (int r = 0; r < polygonRings[p]; r++, ring++) {
                rings.add(Arrays.copyOfRange(xy, coordinate, coordinate + 2 * ringLengths[ring]));
                coordinate += 2 * ringLengths[ring];
            }
            Polygon polygon = new Polygon(rings.get(0), rings.subList(1, rings.size()), 0);
            Mask mask = PolygonRasterizer.rasterize(polygon, geometry);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    boolean inside = expected[x + width * (y + height * p)] != 0;
                    assertThat(mask.get(x, y, 0)).as("polygon %d pixel (%d, %d)", p, x, y).isEqualTo(inside);
                    assertThat(polygon.contains(x + 0.5, y + 0.5)).as("polygon %d contains (%d, %d)", p, x, y)
                            .isEqualTo(inside);
                }
            }
        }
    }

    @Test
    void traceSliceOfVolume() {
        Geometry geometry = Geometry.of(6, 5, 3, new double[] {1, 1, 2}, new double[3], Geometry.identityDirection());
        Mask mask = new Mask(geometry);
        mask.set(1, 1, 2, true);
        mask.set(2, 1, 2, true);
        mask.set(4, 3, 0, true);
        List<Polygon> polygons = ContourTracer.trace(mask, 2);
        assertThat(polygons).hasSize(1);
        assertThat(polygons.get(0).slice()).isEqualTo(2);
        assertThat(polygons.get(0).exterior()).containsExactly(1, 1, 3, 1, 3, 2, 1, 2);
        Mask back = PolygonRasterizer.rasterize(polygons, geometry);
        assertThat(back.count()).isEqualTo(2);
        assertThat(back.get(1, 1, 2)).isTrue();
        assertThat(back.get(2, 1, 2)).isTrue();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("volumeSeeds")
    void allSlicesRoundTrip(long seed) {
        Random random = Seeds.random(seed);
        Geometry geometry = Geometry.of(1 + random.nextInt(30), 1 + random.nextInt(30), 1 + random.nextInt(6),
                new double[] {0.7, 0.7, 2.5}, new double[3], Geometry.identityDirection());
        Mask mask = new Mask(geometry);
        double density = random.nextDouble();
        for (int n = 0; n < mask.size(); n++) {
            mask.set(n, random.nextDouble() < density);
        }
        List<Polygon> polygons = ContourTracer.traceAllSlices(mask);
        assertThat(PolygonRasterizer.rasterize(polygons, geometry)).isEqualTo(mask);
        int expected = 0;
        for (int k = 0; k < geometry.slices(); k++) {
            expected += ConnectedComponents.label(mask.slice(k), 8).count();
        }
        assertThat(polygons).hasSize(expected);
    }

    static LongStream volumeSeeds() {
        return Seeds.seeds(20);
    }

    @Test
    void diagonalPixelsFormOnePolygon() {
        Mask mask = new Mask(Geometry.of2D(3, 3));
        mask.set(0, 0, 0, true);
        mask.set(1, 1, 0, true);
        mask.set(2, 0, 0, true);
        List<Polygon> polygons = ContourTracer.trace(mask);
        assertThat(polygons).hasSize(1);
        assertThat(polygons.get(0).holes()).isEmpty();
        assertThat(polygons.get(0).area()).isEqualTo(3);
    }

    @Test
    void ringWithHoleAndIsland() {
        Mask mask = new Mask(Geometry.of2D(7, 7));
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 7; x++) {
                boolean ring = x == 0 || y == 0 || x == 6 || y == 6;
                mask.set(x, y, 0, ring || (x == 3 && y == 3));
            }
        }
        List<Polygon> polygons = ContourTracer.trace(mask);
        assertThat(polygons).hasSize(2);
        assertThat(polygons.get(0).holes()).hasSize(1);
        assertThat(polygons.get(0).area()).isEqualTo(24);
        assertThat(Polygon.signedArea(polygons.get(0).holes().get(0))).isEqualTo(-25);
        assertThat(polygons.get(1).exterior()).containsExactly(3, 3, 4, 3, 4, 4, 3, 4);
        assertRoundTrip(mask);
    }

    @Test
    void emptyMaskHasNoPolygons() {
        assertThat(ContourTracer.trace(new Mask(Geometry.of2D(4, 4)))).isEmpty();
    }

    @Test
    void badArgumentsNameTheValue() {
        Geometry geometry = Geometry.of(4, 4, 2, new double[] {1, 1, 1}, new double[3], Geometry.identityDirection());
        Mask mask = new Mask(geometry);
        assertThatThrownBy(() -> ContourTracer.trace(mask)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 slices");
        assertThatThrownBy(() -> ContourTracer.trace(mask, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k=2");
        Polygon onSlice5 = new Polygon(new double[] {0, 0, 2, 0, 2, 2}, List.of(), 5);
        assertThatThrownBy(() -> PolygonRasterizer.rasterize(onSlice5, geometry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slice 5");
    }

    /** Checks that tracing and rasterizing give the mask back, polygon by polygon, and returns the polygons. */
    private static List<Polygon> assertRoundTrip(Mask mask) {
        Geometry geometry = mask.geometry();
        List<Polygon> polygons = ContourTracer.trace(mask);
        ComponentLabels components = ConnectedComponents.label(mask, 8);
        assertThat(polygons).hasSize(components.count());
        assertThat(PolygonRasterizer.rasterize(polygons, geometry)).isEqualTo(mask);
        for (int n = 0; n < polygons.size(); n++) {
            Polygon polygon = polygons.get(n);
            Mask component = components.mask(n + 1);
            assertThat(PolygonRasterizer.rasterize(polygon, geometry)).as("polygon %d", n).isEqualTo(component);
            assertThat(polygon.area()).as("polygon %d area", n).isEqualTo(component.count());
            assertThat(Polygon.signedArea(polygon.exterior())).as("polygon %d exterior orientation", n).isPositive();
            for (double[] hole : polygon.holes()) {
                assertThat(Polygon.signedArea(hole)).as("polygon %d hole orientation", n).isNegative();
            }
            // Outside the polygon's bounds both are false, which the rasterization check covers.
            var bounds = polygon.bounds();
            for (int y = Math.max(0, bounds.minY() - 1); y < Math.min(geometry.rows(), bounds.maxY() + 1); y++) {
                for (int x = Math.max(0, bounds.minX() - 1); x < Math.min(geometry.columns(), bounds.maxX() + 1); x++) {
                    if (polygon.contains(x + 0.5, y + 0.5) != component.get(x, y, 0)) {
                        assertThat(polygon.contains(x + 0.5, y + 0.5)).as("polygon %d contains (%d, %d)", n, x, y)
                                .isEqualTo(component.get(x, y, 0));
                    }
                }
            }
        }
        return polygons;
    }
}
