package org.medannot.metrics.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.Mask;
import org.medannot.metrics.MetricsException;

class CocoEvaluatorTest {

    private static final CocoEvalParams PARAMS = CocoEvalParams.defaults(List.of(7L), List.of(1));

    @Test
    void groundTruthIdZeroIsMatched() {
        // pycocotools would count this detection as a false positive ("matched to 0").
        CocoEvalResult result = new CocoEvaluator(PARAMS, CocoIouType.BBOX).evaluate(
                List.of(new CocoGroundTruth(0, 7, 1, 2000, false, new double[] {0, 0, 40, 50}, null)),
                List.of(new CocoDetection(1, 7, 1, 0.8, 2000, new double[] {0, 0, 40, 50}, null)));

        assertThat(result.stats()[0]).isCloseTo(1.0, within(1e-15));
    }

    @Test
    void crowdRegionAbsorbsDetections() {
        // Two detections inside one crowd region are ignored, so nothing counts and AP is -1.
        CocoEvalResult result = new CocoEvaluator(PARAMS, CocoIouType.BBOX).evaluate(
                List.of(new CocoGroundTruth(1, 7, 1, 10000, true, new double[] {0, 0, 100, 100}, null)),
                List.of(new CocoDetection(1, 7, 1, 0.9, 400, new double[] {0, 0, 20, 20}, null),
                        new CocoDetection(2, 7, 1, 0.8, 400, new double[] {50, 50, 20, 20}, null)));

        assertThat(result.stats()[0]).isEqualTo(-1.0);
    }

    @Test
    void boxIouAgainstCrowdUsesDetectionArea() {
        CocoDetection detection = new CocoDetection(1, 7, 1, 0.9, 400, new double[] {0, 0, 20, 20}, null);

        assertThat(CocoEvaluator.boxIou(detection,
                new CocoGroundTruth(1, 7, 1, 10000, true, new double[] {10, 0, 100, 100}, null))).isEqualTo(0.5);
        assertThat(CocoEvaluator.boxIou(detection,
                new CocoGroundTruth(1, 7, 1, 10000, false, new double[] {20, 0, 10, 10}, null))).isZero();
    }

    @Test
    void maskIouCountsPixels() {
        Geometry image = Geometry.of2D(8, 6);
        Mask detection = BoundingBox.of2D(0, 0, 4, 4, 0).toMask(image);
        Mask groundTruth = BoundingBox.of2D(2, 0, 4, 4, 0).toMask(image);

        assertThat(CocoEvaluator.maskIou(detection, groundTruth, false)).isEqualTo(8.0 / 24);
        assertThat(CocoEvaluator.maskIou(detection, groundTruth, true)).isEqualTo(8.0 / 16);
        assertThat(CocoEvaluator.maskIou(detection, BoundingBox.of2D(0, 0, 2, 2, 0).toMask(Geometry.of2D(6, 8)), false))
                .isEqualTo(-1.0);
    }

    @Test
    void segmWithoutMaskIsRejected() {
        CocoEvaluator evaluator = new CocoEvaluator(PARAMS, CocoIouType.SEGM);
        List<CocoGroundTruth> groundTruths =
                List.of(new CocoGroundTruth(3, 7, 1, 10, false, new double[] {0, 0, 2, 5}, null));

        assertThatThrownBy(() -> evaluator.evaluate(groundTruths, List.of()))
                .isInstanceOf(MetricsException.class)
                .hasMessageContaining("ground truth 3 has no mask");
    }

    @Test
    void badBoxLengthIsRejected() {
        assertThatThrownBy(() -> new CocoDetection(4, 7, 1, 0.5, 1, new double[] {1, 2, 3}, null))
                .isInstanceOf(MetricsException.class)
                .hasMessageContaining("detection 4")
                .hasMessageContaining("has 3");
    }
}
