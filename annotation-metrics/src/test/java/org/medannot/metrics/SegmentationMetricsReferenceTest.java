package org.medannot.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;

/**
 * Compares every metric with the scipy/numpy values of
 * {@code tools/reference/surface_metrics_reference.py} on a real TotalSegmentator label pair (with
 * its spacing, with an anisotropic spacing and as one 2D slice) and on generated balls.
 */
class SegmentationMetricsReferenceTest {

    private static final double DISTANCE_TOLERANCE_MM = 1e-6;
    private static final double RATIO_TOLERANCE = 1e-12;

    @ParameterizedTest(name = "{0} label {1}")
    @MethodSource("labels")
    void metricsMatchScipy(String caseName, int label, Mask reference, Mask prediction, JsonNode expected,
            double toleranceMm) {
        SegmentationMetrics metrics = new SegmentationMetrics(toleranceMm, EmptyMaskPolicy.NAN,
                GridPolicy.REQUIRE_SAME_GRID);

        SegmentationScores scores = metrics.compare(reference, prediction);

        assertThat(scores.truePositives()).as("tp").isEqualTo(expected.get("tp").asLong());
        assertThat(scores.falsePositives()).as("fp").isEqualTo(expected.get("fp").asLong());
        assertThat(scores.falseNegatives()).as("fn").isEqualTo(expected.get("fn").asLong());
        assertThat(scores.trueNegatives()).as("tn").isEqualTo(expected.get("tn").asLong());
        assertThat(scores.volumeMlReference()).as("reference volume")
                .isCloseTo(expected.get("volume_ml_reference").asDouble(), within(1e-9));
        assertThat(scores.volumeMlPrediction()).as("prediction volume")
                .isCloseTo(expected.get("volume_ml_prediction").asDouble(), within(1e-9));
        assertThat(scores.absoluteVolumeDifferenceMl()).as("absolute volume difference")
                .isCloseTo(expected.get("absolute_volume_difference_ml").asDouble(), within(1e-9));
        assertRatio(scores.dice(), expected, "dice");
        assertRatio(scores.iou(), expected, "iou");
        assertRatio(scores.precision(), expected, "precision");
        assertRatio(scores.recall(), expected, "recall");
        assertRatio(scores.specificity(), expected, "specificity");
        assertRatio(scores.volumeSimilarity(), expected, "volume_similarity");
        assertRatio(scores.relativeVolumeDifference(), expected, "relative_volume_difference");

        if (!expected.has("hd_mm")) {
            assertThat(scores.emptyCase()).isNotEqualTo(EmptyCase.NONE);
            assertThat(scores.hausdorffMm()).isNaN();
            return;
        }
        assertThat(scores.emptyCase()).isEqualTo(EmptyCase.NONE);
        assertThat(scores.referenceSurfaceVoxels()).as("reference surface voxels")
                .isEqualTo(expected.get("surface_voxels_reference").asInt());
        assertThat(scores.predictionSurfaceVoxels()).as("prediction surface voxels")
                .isEqualTo(expected.get("surface_voxels_prediction").asInt());
        assertThat(scores.hausdorffMm()).as("HD")
                .isCloseTo(expected.get("hd_mm").asDouble(), within(DISTANCE_TOLERANCE_MM));
        assertThat(scores.hausdorff95Mm()).as("HD95")
                .isCloseTo(expected.get("hd95_mm").asDouble(), within(DISTANCE_TOLERANCE_MM));
        assertThat(scores.averageSurfaceDistanceMm()).as("ASSD")
                .isCloseTo(expected.get("assd_mm").asDouble(), within(DISTANCE_TOLERANCE_MM));
        assertThat(scores.normalizedSurfaceDice()).as("NSD at %s mm", toleranceMm)
                .isCloseTo(expected.get("nsd").get(Double.toString(toleranceMm)).asDouble(), within(RATIO_TOLERANCE));
    }

    @Test
    void sliceViewsGiveTheSameDistances() {
        // Slice 15 taken as a view of the 3D masks (bits at an offset inside the volume's words),
        // relabelled with the 2D case's spacing, must give that case's scipy values.
        JsonNode root = ReferenceFiles.json("surface_metrics_expected.json");
        JsonNode volumeCase = root.get("cases").get(0);
        JsonNode sliceCase = root.get("cases").get(2);
        assertThat(sliceCase.get("slice").asInt()).isEqualTo(15);
        LabelMap reference = labelMap(volumeCase, "reference");
        LabelMap prediction = labelMap(volumeCase, "prediction");
        Geometry planar = Geometry.of(122, 101, 1, new double[] {0.78, 0.91, 1.0}, new double[3],
                Geometry.identityDirection());

        for (String label : List.of("1", "5", "20")) {
            Mask referenceSlice = reference.mask(Integer.parseInt(label)).slice(15).withGeometry(planar);
            Mask predictionSlice = prediction.mask(Integer.parseInt(label)).slice(15).withGeometry(planar);
            JsonNode expected = sliceCase.get("labels").get(label);

            SegmentationScores scores = SegmentationMetrics.defaults().compare(referenceSlice, predictionSlice);

            assertThat(scores.hausdorffMm()).as("label %s HD", label)
                    .isCloseTo(expected.get("hd_mm").asDouble(), within(DISTANCE_TOLERANCE_MM));
            assertThat(scores.averageSurfaceDistanceMm()).as("label %s ASSD", label)
                    .isCloseTo(expected.get("assd_mm").asDouble(), within(DISTANCE_TOLERANCE_MM));
            assertThat(scores.dice()).as("label %s Dice", label)
                    .isCloseTo(expected.get("dice").asDouble(), within(RATIO_TOLERANCE));
        }
    }

    static Stream<Arguments> labels() {
        JsonNode root = ReferenceFiles.json("surface_metrics_expected.json");
        List<Arguments> arguments = new ArrayList<>();
        for (JsonNode testCase : root.get("cases")) {
            LabelMap reference = labelMap(testCase, "reference");
            LabelMap prediction = labelMap(testCase, "prediction");
            Iterator<Map.Entry<String, JsonNode>> labels = testCase.get("labels").fields();
            while (labels.hasNext()) {
                Map.Entry<String, JsonNode> entry = labels.next();
                int label = Integer.parseInt(entry.getKey());
                for (JsonNode tolerance : root.get("tolerances_mm")) {
                    arguments.add(Arguments.of(testCase.get("name").asText() + " tolerance " + tolerance.asDouble(),
                            label, reference.mask(label), prediction.mask(label), entry.getValue(),
                            tolerance.asDouble()));
                }
            }
        }
        return arguments.stream();
    }

    /** Builds the label map of one case: the whole volume, or one slice as a 2D grid. */
    static LabelMap labelMap(JsonNode testCase, String role) {
        JsonNode size = testCase.get("size");
        JsonNode spacing = testCase.get("spacing");
        byte[] values = ReferenceFiles.gunzip(testCase.get(role).asText());
        int columns = size.get(0).asInt();
        int rows = size.get(1).asInt();
        int slices = size.get(2).asInt();
        double[] spacingMm = {spacing.get(0).asDouble(), spacing.get(1).asDouble(), spacing.get(2).asDouble()};
        int firstSlice = 0;
        if (!testCase.get("slice").isNull()) {
            firstSlice = testCase.get("slice").asInt();
            slices = 1;
        }
        Geometry geometry = Geometry.of(columns, rows, slices, spacingMm, new double[3], Geometry.identityDirection());
        int[] labels = new int[geometry.voxelCount()];
        int offset = firstSlice * columns * rows;
        for (int n = 0; n < labels.length; n++) {
            labels[n] = values[offset + n] & 0xFF;
        }
        return LabelMap.fromInts(geometry, labels);
    }

    private static void assertRatio(double actual, JsonNode expected, String field) {
        if (expected.has(field)) {
            assertThat(actual).as(field).isCloseTo(expected.get(field).asDouble(), within(RATIO_TOLERANCE));
        } else {
            assertThat(actual).as(field + " (undefined: 0/0)").isNaN();
        }
    }
}
