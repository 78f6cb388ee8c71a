package org.medannot.coco.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.medannot.coco.polygon.CocoPolygons;
import org.medannot.coco.rle.Rle;
import org.medannot.coco.testing.LabelVolumes;
import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.geometry.Polygon;
import org.medannot.core.mask.Mask;
import org.medannot.core.testing.Seeds;

/**
 * Round trips between annotation-core masks and COCO RLE and polygons, over real label slices and
 * generated masks. The reference for each round trip is the input mask itself; the pixel rule of
 * the polygons is pycocotools', reproduced by {@link CocoPolygons} and checked against its
 * recorded outputs elsewhere.
 */
class CocoShapesTest {

    static LongStream seeds() {
        return Seeds.seeds(30);
    }

    private static void checkRoundTrips(Mask mask) {
        Geometry geometry = mask.geometry();
        Rle rle = CocoShapes.encode(mask);
        assertThat(rle.area()).as("area").isEqualTo(mask.count());
        assertThat(CocoShapes.decode(rle, geometry)).as("mask -> RLE -> mask").isEqualTo(mask);

        Rle viaBytes = Rle.encode(mask.toBytes(org.medannot.core.mask.VoxelOrder.COLUMN_MAJOR), geometry.rows(),
                geometry.columns());
        assertThat(rle).as("RLE of the column-major bytes").isEqualTo(viaBytes);

        mask.boundingBox().ifPresentOrElse(
                box -> assertThat(rle.toBbox()).as("bbox").containsExactly(CocoShapes.toCocoBbox(box)),
                () -> assertThat(rle.toBbox()).as("bbox of empty mask").containsExactly(0, 0, 0, 0));

        List<double[]> polygons = CocoShapes.tracePolygons(mask, 0);
        for (double[] polygon : polygons) {
            assertThat(polygon.length % 2).as("even coordinate count").isZero();
            assertThat(polygon.length).as("at least 3 points").isGreaterThanOrEqualTo(6);
        }
        Rle rasterized = CocoPolygons.rasterizeAll(polygons, geometry.rows(), geometry.columns());
        assertThat(CocoShapes.decode(rasterized, geometry)).as("mask -> polygons -> mask").isEqualTo(mask);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void generatedMasksRoundTrip(long seed) {
        checkRoundTrips(LabelVolumes.generated(Seeds.random(seed)));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void realLabelSlicesRoundTrip(long seed) {
        List<Path> files = LabelVolumes.labelFiles();
        Random random = Seeds.random(seed);
        Mask slice = LabelVolumes.randomRealSlice(random, files);
        assertThat(slice).as("a non-empty label slice").isNotNull();
        checkRoundTrips(slice);
    }

    @Test
    void holeAndCornerContactSurvivePolygons() {
        // A 5x5 ring around one background pixel, plus a pixel touching the ring only at a corner.
        Mask mask = new Mask(Geometry.of2D(7, 7));
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                mask.set(x + 1, y + 1, 0, !(x == 1 && y == 1));
            }
        }
        mask.set(4, 4, 0, true);
        List<double[]> polygons = CocoShapes.tracePolygons(mask, 0);
        assertThat(polygons).hasSize(2);
        Rle rasterized = CocoPolygons.rasterizeAll(polygons, 7, 7);
        assertThat(rasterized.area()).isEqualTo(9);
        assertThat(CocoShapes.decode(rasterized, mask.geometry())).isEqualTo(mask);
    }

    @Test
    void cocoBboxConvertsBothWays() {
        BoundingBox box = BoundingBox.of2D(3, 4, 5, 6, 2);
        assertThat(CocoShapes.toCocoBbox(box)).containsExactly(3, 4, 5, 6);
        assertThat(CocoShapes.fromCocoBbox(new double[] {3, 4, 5, 6}, 2)).isEqualTo(box);
        assertThat(CocoShapes.fromCocoBbox(new double[] {2.5, 4, 1, 0.5}, 0))
                .isEqualTo(new BoundingBox(2, 4, 0, 4, 5, 1));
    }

    @Test
    void corePolygonWithHoleMatchesCentreRule() {
        // Integer vertices: both rules test pixel centres, so the pixels must agree exactly.
        Polygon polygon = new Polygon(new double[] {1, 1, 9, 1, 9, 8, 1, 8},
                List.of(new double[] {3, 3, 6, 3, 6, 5, 3, 5}), 0);
        Rle rle = CocoPolygons.rasterize(CocoShapes.toCocoPolygon(polygon), 10, 12);
        Mask mask = CocoShapes.decode(rle, Geometry.of2D(12, 10));
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 12; x++) {
                assertThat(mask.get(x, y, 0)).as("pixel (%d, %d)", x, y).isEqualTo(polygon.contains(x + 0.5, y + 0.5));
            }
        }
        assertThat(rle.area()).isEqualTo((long) polygon.area());
    }
}
