package org.medannot.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.Mask;
import org.medannot.core.mask.VoxelOrder;

class SegmentationMetricsTest {

    private static final Geometry GRID = Geometry.of(10, 8, 6, new double[] {1.0, 2.0, 3.0}, new double[3],
            Geometry.identityDirection());

    @Test
    void missedStructureUnderEachPolicy() {
        Mask reference = new BoundingBox(2, 2, 2, 5, 5, 4).toMask(GRID);
        Mask prediction = new Mask(GRID);

        SegmentationScores nan = compare(EmptyMaskPolicy.NAN, reference, prediction);
        SegmentationScores infinity = compare(EmptyMaskPolicy.INFINITY, reference, prediction);
        SegmentationScores diagonal = compare(EmptyMaskPolicy.DIAGONAL, reference, prediction);

        assertThat(nan.emptyCase()).isEqualTo(EmptyCase.PREDICTION_EMPTY);
        assertThat(nan.emptyMaskPolicy()).isEqualTo(EmptyMaskPolicy.NAN);
        assertThat(nan.dice()).isZero();
        assertThat(nan.recall()).isZero();
        assertThat(nan.precision()).isNaN();
        assertThat(nan.hausdorffMm()).isNaN();
        assertThat(nan.hausdorff95Mm()).isNaN();
        assertThat(nan.averageSurfaceDistanceMm()).isNaN();
        assertThat(nan.normalizedSurfaceDice()).isNaN();
        assertThat(infinity.hausdorffMm()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(infinity.precision()).isZero();
        assertThat(infinity.normalizedSurfaceDice()).isZero();
        assertThat(diagonal.hausdorffMm()).isCloseTo(Math.sqrt(10 * 10 + 16 * 16 + 18 * 18), within(1e-12));
        assertThat(diagonal.averageSurfaceDistanceMm()).isEqualTo(diagonal.hausdorffMm());
        assertThat(diagonal.emptyMaskPolicy()).isEqualTo(EmptyMaskPolicy.DIAGONAL);
    }

    @Test
    void falseDetectionOnEmptyReference() {
        Mask prediction = new BoundingBox(0, 0, 0, 1, 1, 1).toMask(GRID);

        SegmentationScores scores = compare(EmptyMaskPolicy.INFINITY, new Mask(GRID), prediction);

        assertThat(scores.emptyCase()).isEqualTo(EmptyCase.REFERENCE_EMPTY);
        assertThat(scores.recall()).isZero();
        assertThat(scores.relativeVolumeDifference()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(scores.volumeMlPrediction()).isCloseTo(0.006, within(1e-15));
    }

    @Test
    void bothEmptyUnderEachPolicy() {
        SegmentationScores nan = compare(EmptyMaskPolicy.NAN, new Mask(GRID), new Mask(GRID));
        SegmentationScores diagonal = compare(EmptyMaskPolicy.DIAGONAL, new Mask(GRID), new Mask(GRID));

        assertThat(nan.emptyCase()).isEqualTo(EmptyCase.BOTH_EMPTY);
        assertThat(nan.dice()).isNaN();
        assertThat(nan.hausdorffMm()).isNaN();
        assertThat(diagonal.dice()).isEqualTo(1.0);
        assertThat(diagonal.iou()).isEqualTo(1.0);
        assertThat(diagonal.normalizedSurfaceDice()).isEqualTo(1.0);
        assertThat(diagonal.hausdorffMm()).isZero();
        assertThat(diagonal.relativeVolumeDifference()).isZero();
    }

    @Test
    void differentGridsAreRejected() {
        Geometry shifted = Geometry.of(10, 8, 6, new double[] {1.0, 2.0, 3.0}, new double[] {0.5, 0, 0},
                Geometry.identityDirection());
        Mask reference = new BoundingBox(2, 2, 2, 5, 5, 4).toMask(GRID);
        Mask prediction = new BoundingBox(2, 2, 2, 5, 5, 4).toMask(shifted);

        assertThatThrownBy(() -> SegmentationMetrics.defaults().compare(reference, prediction))
                .isInstanceOf(MetricsException.class)
                .hasMessageContaining("different grids")
                .hasMessageContaining("origin")
                .hasMessageContaining("RESAMPLE_PREDICTION_NEAREST");
    }

    @Test
    void resampleFirstMapsByPatientPosition() {
        // The prediction grid has half the column spacing and starts 1 mm further left (x),
        // so reference column i lies at prediction column 2 * (i - 1).
        Geometry fine = Geometry.of(20, 8, 6, new double[] {0.5, 2.0, 3.0}, new double[] {1, 0, 0},
                Geometry.identityDirection());
        Mask reference = new BoundingBox(3, 2, 2, 6, 5, 4).toMask(GRID);
        Mask prediction = new BoundingBox(4, 2, 2, 10, 5, 4).toMask(fine);
        SegmentationMetrics metrics = new SegmentationMetrics(2, EmptyMaskPolicy.NAN,
                GridPolicy.RESAMPLE_PREDICTION_NEAREST);

        SegmentationScores scores = metrics.compare(reference, prediction);

        assertThat(scores.predictionResampled()).isTrue();
        assertThat(scores.dice()).isEqualTo(1.0);
        assertThat(scores.hausdorffMm()).isZero();
    }

    @Test
    void resamplingOutsideSourceGridGivesBackground() {
        Geometry far = Geometry.of(10, 8, 6, new double[] {1.0, 2.0, 3.0}, new double[] {100, 0, 0},
                Geometry.identityDirection());
        Mask reference = new BoundingBox(2, 2, 2, 5, 5, 4).toMask(GRID);
        Mask prediction = new Mask(far);
        prediction.setRange(0, far.voxelCount());
        SegmentationMetrics metrics = new SegmentationMetrics(2, EmptyMaskPolicy.INFINITY,
                GridPolicy.RESAMPLE_PREDICTION_NEAREST);

        SegmentationScores scores = metrics.compare(reference, prediction);

        assertThat(scores.emptyCase()).isEqualTo(EmptyCase.PREDICTION_EMPTY);
        assertThat(scores.hausdorffMm()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void concentricBallsAreRadiusDifferenceApart() {
        // Balls of 12 mm and 16 mm around one centre: each surface lies within half a voxel
        // diagonal of its sphere, so every directed distance is 4 mm up to about one diagonal.
        Geometry grid = Geometry.of(48, 40, 32, new double[] {0.9, 1.1, 2.0}, new double[3],
                Geometry.identityDirection());
        Mask inner = Mask.fromBytes(grid, ReferenceFiles.gunzip("spheres_reference.u8.gz"), VoxelOrder.ROW_MAJOR);
        Mask outer = Mask.fromBytes(grid, ReferenceFiles.gunzip("spheres_concentric.u8.gz"), VoxelOrder.ROW_MAJOR);
        double diagonal = Math.sqrt(0.9 * 0.9 + 1.1 * 1.1 + 2.0 * 2.0);

        SegmentationScores scores = SegmentationMetrics.defaults().compare(inner, outer);

        assertThat(scores.hausdorffMm()).isCloseTo(4.0, within(diagonal));
        assertThat(scores.averageSurfaceDistanceMm()).isCloseTo(4.0, within(diagonal));
        assertThat(scores.volumeMlReference()).isCloseTo(4.0 / 3 * Math.PI * 1.728, within(0.1));
    }

    @Test
    void negativeToleranceIsRejected() {
        assertThatThrownBy(() -> new SegmentationMetrics(-1, EmptyMaskPolicy.NAN, GridPolicy.REQUIRE_SAME_GRID))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("toleranceMm");
    }

    private static SegmentationScores compare(EmptyMaskPolicy policy, Mask reference, Mask prediction) {
        return new SegmentationMetrics(2, policy, GridPolicy.REQUIRE_SAME_GRID).compare(reference, prediction);
    }
}
