package org.medannot.metrics.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.metrics.EmptyMaskPolicy;
import org.medannot.metrics.GridPolicy;
import org.medannot.metrics.ReferenceFiles;
import org.medannot.metrics.SegmentationMetrics;
import org.medannot.metrics.SegmentationScores;
import org.medannot.metrics.bias.BiasAudit;
import org.medannot.metrics.coco.CocoDetection;
import org.medannot.metrics.coco.CocoEvalParams;
import org.medannot.metrics.coco.CocoEvalResult;
import org.medannot.metrics.coco.CocoEvaluator;
import org.medannot.metrics.coco.CocoGroundTruth;
import org.medannot.metrics.coco.CocoIouType;

class ValidationReportTest {

    private static final Pattern DATA_ELEMENT = Pattern.compile("data-key=\"([^\"]+)\" data-value=\"([^\"]*)\"");
    private static final Pattern SOURCE = Pattern.compile("(?:src|href|xlink:href)\\s*=\\s*\"([^\"]*)\"");

    private static ValidationReport report;

    @BeforeAll
    static void buildReport() {
        Geometry grid = Geometry.of(122, 101, 30, new double[] {3, 3, 3}, new double[3], Geometry.identityDirection());
        LabelMap reference = labelMap(grid, "totalseg_small_reference.u8.gz");
        LabelMap prediction = labelMap(grid, "totalseg_small_prediction.u8.gz");
        SegmentationMetrics metrics = new SegmentationMetrics(2, EmptyMaskPolicy.INFINITY, GridPolicy.REQUIRE_SAME_GRID);
        Map<Integer, SegmentationScores> scores = new TreeMap<>();
        for (int label : new int[] {1, 5, 13, 79}) {
            scores.put(label, metrics.compare(reference.mask(label), prediction.mask(label)));
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("tolerance_mm", 2.0);
        parameters.put("empty_mask_policy", "INFINITY");
        parameters.put("reference", "example_seg.nii.gz");
        List<Overlay> overlays = Overlay.worstSlices("totalseg-small", reference, prediction, Set.of(1, 5, 13, 79), 3);
        report = ValidationReport.forLabels(parameters, List.of(new CaseEvaluation("totalseg-small", scores)), overlays);
    }

    @Test
    void jsonHasRequiredLabelFields() {
        JsonNode labels = report.toJson().get("labels");

        assertThat(labels.fieldNames()).toIterable().containsExactly("1", "5", "13", "79");
        for (String field : List.of("dice", "iou", "hd_mm", "hd95_mm", "assd_mm", "nsd", "volume_ml_reference",
                "volume_ml_prediction")) {
            assertThat(labels.get("5").has(field)).as(field).isTrue();
        }
        assertThat(labels.get("13").get("hd_mm").asText()).isEqualTo("Infinity");
        assertThat(labels.get("13").get("empty_case").asText()).isEqualTo("PREDICTION_EMPTY");
    }

    @Test
    void htmlHasNoExternalReferences() {
        String html = report.toHtml();

        Matcher sources = SOURCE.matcher(html);
        int count = 0;
        while (sources.find()) {
            assertThat(sources.group(1)).startsWith("data:image/png;base64,");
            count++;
        }
        assertThat(count).isEqualTo(3);
        assertThat(html).doesNotContainIgnoringCase("http:");
        assertThat(html).doesNotContainIgnoringCase("https:");
        assertThat(html).doesNotContainIgnoringCase("<link");
        assertThat(html).doesNotContainIgnoringCase("<script");
        assertThat(html).doesNotContainIgnoringCase("@import");
        assertThat(html).doesNotContainIgnoringCase("url(");
    }

    @Test
    void htmlNumbersEqualJson() {
        JsonNode json = report.toJson();
        String html = report.toHtml();

        Matcher elements = DATA_ELEMENT.matcher(html);
        int count = 0;
        while (elements.find()) {
            JsonNode node = json;
            for (String segment : elements.group(1).split("/")) {
                node = node.isArray() ? node.get(Integer.parseInt(segment)) : node.get(segment);
            }
            assertThat(node).as(elements.group(1)).isNotNull();
            assertThat(elements.group(2)).as(elements.group(1)).isEqualTo(node.asText());
            count++;
        }
        // 4 labels x 11 columns, 4 x 5 per-case numbers, 10 + 1 histogram numbers, 3 overlays, 1 parameter.
        assertThat(count).isEqualTo(44 + 20 + 11 + 3 + 1);
    }

    @Test
    void biasAuditNumbersEqualJson() {
        List<BiasAudit.Case> cases = new ArrayList<>();
        for (int n = 0; n < 43; n++) {
            String site = n < 17 ? "A" : "B";
            boolean withLabel = n < 17 ? n < 12 : n < 17 + 7;
            cases.add(new BiasAudit.Case("case" + n, Map.of("site", site), withLabel ? Set.of(5) : Set.of(),
                    Map.of("dice", 0.5 + n / 100.0)));
        }
        List<BiasAudit.Stratification> strata = BiasAudit.audit(cases, List.of("site"), List.of(5), List.of("dice"));

        ValidationReport audited = report.withBiasAudit(strata);

        JsonNode test = audited.toJson().get("bias_audit").get(0).get("labels").get("5").get("chi_square");
        // scipy.stats.chi2_contingency([[12, 5], [7, 19]]) with its default Yates correction.
        assertThat(test.get("statistic").asDouble()).isCloseTo(6.274940213939829, within(1e-9));
        assertThat(test.get("p_value").asDouble()).isCloseTo(0.012245725251445815, within(1e-12));
        String html = audited.toHtml();
        assertThat(html).contains("Bias audit").contains("0.0122");
        JsonNode json = audited.toJson();
        Matcher elements = DATA_ELEMENT.matcher(html);
        int count = 0;
        while (elements.find()) {
            JsonNode node = json;
            for (String segment : elements.group(1).split("/")) {
                node = node.isArray() ? node.get(Integer.parseInt(segment)) : node.get(segment);
            }
            assertThat(elements.group(2)).as(elements.group(1)).isEqualTo(node.asText());
            count++;
        }
        // The label report's 79 numbers, 2 case counts, 4 presence counts and 3 test numbers.
        assertThat(count).isEqualTo(79 + 2 + 4 + 3);
    }

    @Test
    void cocoReportNumbersEqualJson() {
        CocoEvalParams params = CocoEvalParams.defaults(List.of(1L), List.of(1));
        CocoEvalResult result = new CocoEvaluator(params, CocoIouType.BBOX).evaluate(
                List.of(new CocoGroundTruth(1, 1, 1, 2000, false, new double[] {10, 10, 40, 50}, null)),
                List.of(new CocoDetection(1, 1, 1, 0.9, 2000, new double[] {10, 10, 40, 50}, null)));

        ValidationReport coco = ValidationReport.forCoco(Map.of("coco_gt", "gt.json"), result);

        JsonNode json = coco.toJson();
        assertThat(json.get("stats")).hasSize(12);
        // pycocotools divides by tp + fp + eps, so a perfect detection scores just below 1.
        assertThat(json.get("stats").get(0).asDouble()).isCloseTo(1.0, within(1e-15));
        assertThat(json.get("stats").get(3).asDouble()).isEqualTo(-1.0);
        Matcher elements = DATA_ELEMENT.matcher(coco.toHtml());
        int count = 0;
        while (elements.find()) {
            JsonNode node = json;
            for (String segment : elements.group(1).split("/")) {
                node = node.isArray() ? node.get(Integer.parseInt(segment)) : node.get(segment);
            }
            assertThat(elements.group(2)).as(elements.group(1)).isEqualTo(node.asText());
            count++;
        }
        assertThat(count).isEqualTo(12 + 9 + 1);
    }

    @Test
    void overlaysAreReadablePngs() throws IOException {
        List<Overlay> overlays = Overlay.worstSlices("case", labelMap(Geometry.of(122, 101, 30, new double[] {3, 3, 3},
                new double[3], Geometry.identityDirection()), "totalseg_small_reference.u8.gz"),
                labelMap(Geometry.of(122, 101, 30, new double[] {3, 3, 3}, new double[3], Geometry.identityDirection()),
                        "totalseg_small_prediction.u8.gz"), Set.of(5), 2);

        assertThat(overlays).hasSize(2);
        assertThat(overlays.get(0).disagreementVoxels()).isGreaterThanOrEqualTo(overlays.get(1).disagreementVoxels());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(overlays.get(0).png()));
        assertThat(image.getWidth()).isEqualTo(122 * 3);
        assertThat(image.getHeight()).isEqualTo(101 * 3);
        boolean green = false;
        boolean magenta = false;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                green |= rgb == 0x00FF00;
                magenta |= rgb == 0xFF00FF;
            }
        }
        assertThat(green).as("reference outline").isTrue();
        assertThat(magenta).as("prediction outline").isTrue();
    }

    @Test
    void writeCreatesBothFiles(@TempDir Path directory) throws IOException {
        Path out = directory.resolve("out");

        report.write(out);

        assertThat(Files.list(out).map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("report.json",
                "report.html");
        // Compared as text because the parser picks int nodes where the report has longs.
        assertThat(new ObjectMapper().readTree(out.resolve("report.json").toFile()).toString())
                .isEqualTo(report.toJson().toString());
    }

    private static LabelMap labelMap(Geometry grid, String resource) {
        byte[] bytes = ReferenceFiles.gunzip(resource);
        int[] values = new int[bytes.length];
        for (int n = 0; n < bytes.length; n++) {
            values[n] = bytes[n] & 0xFF;
        }
        return LabelMap.fromInts(grid, values);
    }
}
