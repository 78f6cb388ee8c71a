package org.medannot.metrics.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medannot.core.testing.SharedData;

/**
 * Compares box evaluation with the pycocotools values of the COCO golden fixtures in the test data
 * set (coco-golden: cocoeval_gt.json, cocoeval_results_bbox.json, cocoeval_expected.json).
 */
class CocoEvaluatorGoldenTest {

    private static final double TOLERANCE = 1e-9;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode expected;
    private static CocoEvalResult result;

    @BeforeAll
    static void evaluateBoxes() throws IOException {
        Path folder = SharedData.require("coco-golden");
        JsonNode gt = JSON.readTree(folder.resolve("cocoeval_gt.json").toFile());
        JsonNode results = JSON.readTree(folder.resolve("cocoeval_results_bbox.json").toFile());
        expected = JSON.readTree(folder.resolve("cocoeval_expected.json").toFile()).get("bbox");

        List<Long> imageIds = new ArrayList<>();
        gt.get("images").forEach(image -> imageIds.add(image.get("id").asLong()));
        List<Integer> categoryIds = new ArrayList<>();
        gt.get("categories").forEach(category -> categoryIds.add(category.get("id").asInt()));
        List<CocoGroundTruth> groundTruths = new ArrayList<>();
        for (JsonNode annotation : gt.get("annotations")) {
            groundTruths.add(new CocoGroundTruth(annotation.get("id").asLong(), annotation.get("image_id").asLong(),
                    annotation.get("category_id").asInt(), annotation.get("area").asDouble(),
                    annotation.get("iscrowd").asInt() != 0, box(annotation.get("bbox")), null));
        }
        List<CocoDetection> detections = new ArrayList<>();
        for (JsonNode detection : results) {
            double[] bbox = box(detection.get("bbox"));
            detections.add(new CocoDetection(detections.size() + 1, detection.get("image_id").asLong(),
                    detection.get("category_id").asInt(), detection.get("score").asDouble(), bbox[2] * bbox[3],
                    bbox, null));
        }
        result = new CocoEvaluator(CocoEvalParams.defaults(imageIds, categoryIds), CocoIouType.BBOX)
                .evaluate(groundTruths, detections);
    }

    @Test
    void defaultParamsEqualPycocotools() {
        CocoEvalParams params = result.params();
        JsonNode expectedParams = expected.get("params");

        assertThat(params.iouThresholds()).containsExactly(doubles(expectedParams.get("iouThrs")));
        assertThat(params.recallThresholds()).containsExactly(doubles(expectedParams.get("recThrs")));
        assertThat(params.imageIds()).containsExactlyElementsOf(
                JSON.convertValue(expectedParams.get("imgIds"), JSON.getTypeFactory()
                        .constructCollectionType(List.class, Long.class)));
    }

    @Test
    void statsEqualPycocotools() {
        double[] stats = result.stats();
        JsonNode expectedStats = expected.get("stats");

        for (int n = 0; n < 12; n++) {
            assertThat(stats[n]).as(CocoEvalResult.STAT_LABELS.get(n))
                    .isCloseTo(expectedStats.get(n).asDouble(), within(TOLERANCE));
        }
    }

    @Test
    void summaryLinesEqualPycocotools() {
        List<String> lines = result.summaryLines();

        for (int n = 0; n < 12; n++) {
            assertThat(lines.get(n)).isEqualTo(expected.get("summary_lines").get(n).asText());
        }
    }

    @Test
    void precisionArrayEqualsPycocotools() {
        JsonNode precision = expected.get("precision");

        for (int t = 0; t < 10; t++) {
            for (int r = 0; r < 101; r++) {
                for (int k = 0; k < 3; k++) {
                    for (int a = 0; a < 4; a++) {
                        for (int m = 0; m < 3; m++) {
                            assertThat(result.precision(t, r, k, a, m)).as("precision[%d][%d][%d][%d][%d]", t, r, k, a, m)
                                    .isCloseTo(precision.get(t).get(r).get(k).get(a).get(m).asDouble(), within(TOLERANCE));
                        }
                    }
                }
            }
        }
    }

    @Test
    void recallArrayEqualsPycocotools() {
        JsonNode recall = expected.get("recall");

        for (int t = 0; t < 10; t++) {
            for (int k = 0; k < 3; k++) {
                for (int a = 0; a < 4; a++) {
                    for (int m = 0; m < 3; m++) {
                        assertThat(result.recall(t, k, a, m)).as("recall[%d][%d][%d][%d]", t, k, a, m)
                                .isCloseTo(recall.get(t).get(k).get(a).get(m).asDouble(), within(TOLERANCE));
                    }
                }
            }
        }
    }

    @Test
    void perCategoryEqualsPycocotools() {
        List<CocoEvalResult.CategoryScores> categories = result.perCategory();

        assertThat(categories).hasSize(expected.get("per_category").size());
        for (int k = 0; k < categories.size(); k++) {
            JsonNode want = expected.get("per_category").get(k);
            CocoEvalResult.CategoryScores got = categories.get(k);
            assertThat(got.categoryId()).isEqualTo(want.get("category_id").asInt());
            assertThat(got.ap()).as("ap").isCloseTo(want.get("ap").asDouble(), within(TOLERANCE));
            assertThat(got.ap50()).as("ap50").isCloseTo(want.get("ap50").asDouble(), within(TOLERANCE));
            assertThat(got.ap75()).as("ap75").isCloseTo(want.get("ap75").asDouble(), within(TOLERANCE));
            assertThat(got.apSmall()).as("ap_small").isCloseTo(want.get("ap_small").asDouble(), within(TOLERANCE));
            assertThat(got.apMedium()).as("ap_medium").isCloseTo(want.get("ap_medium").asDouble(), within(TOLERANCE));
            assertThat(got.apLarge()).as("ap_large").isCloseTo(want.get("ap_large").asDouble(), within(TOLERANCE));
            assertThat(got.recallAtLimits()[0]).as("ar1").isCloseTo(want.get("ar1").asDouble(), within(TOLERANCE));
            assertThat(got.recallAtLimits()[1]).as("ar10").isCloseTo(want.get("ar10").asDouble(), within(TOLERANCE));
            assertThat(got.recallAtLimits()[2]).as("ar100").isCloseTo(want.get("ar100").asDouble(), within(TOLERANCE));
        }
    }

    static double[] box(JsonNode array) {
        return doubles(array);
    }

    static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int n = 0; n < values.length; n++) {
            values[n] = array.get(n).asDouble();
        }
        return values;
    }
}
