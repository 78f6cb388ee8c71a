package org.medannot.metrics.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.medannot.metrics.SegmentationScores;
import org.medannot.metrics.bias.BiasAudit;
import org.medannot.metrics.bias.ChiSquareResult;
import org.medannot.metrics.coco.CocoEvalResult;

/**
 * A validation report: {@code report.json} with every number and the parameters that produced
 * it, and {@code report.html}, a self-contained page (inline CSS, SVG and PNG data URIs, no
 * external resource) that shows the same numbers.
 *
 * <p>JSON layout. Label mode: {@code "mode": "labels"}, {@code "parameters"}, {@code "labels"}
 * (keyed by label id: each metric averaged over the cases, with {@code case_count}), {@code "cases"}
 * (each case's full scores), {@code "dice_histogram"} and {@code "overlays"}. COCO mode:
 * {@code "mode": "coco"}, {@code "parameters"}, {@code "stats"} (the 12 statistics in
 * pycocotools' order), {@code "stats_labels"}, {@code "summary_lines"} and {@code "per_category"}.
 * Either mode may carry a {@code "bias_audit"} section (see {@link #withBiasAudit}).
 * A value that is not a finite number is written as the string {@code "NaN"}, {@code "Infinity"}
 * or {@code "-Infinity"}, because JSON has no such numbers; {@code empty_case} and
 * {@code parameters.empty_mask_policy} record why it occurs.
 *
 * <p>In the HTML page every number sits in an element with {@code data-key} (its path in the
 * JSON, segments joined by {@code /}) and {@code data-value} (the JSON value as text); the
 * element's text is the value rounded for reading.
 */
public final class ValidationReport {

    /** Number of bins of the Dice histogram over [0, 1]. */
    public static final int HISTOGRAM_BINS = 10;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode json;
    private final List<Overlay> overlays;

    private ValidationReport(ObjectNode json, List<Overlay> overlays) {
        this.json = json;
        this.overlays = List.copyOf(overlays);
    }

    /**
     * Builds a label-mode report.
     *
     * @param parameters the parameters that produced the numbers (names to JSON-compatible values)
     * @param cases      one evaluation per case
     * @param overlays   slice images to embed, typically {@link Overlay#worstSlices}
     */
    public static ValidationReport forLabels(Map<String, ?> parameters, List<CaseEvaluation> cases,
            List<Overlay> overlays) {
        ObjectNode root = JSON.createObjectNode();
        root.put("mode", "labels");
        root.set("parameters", JSON.valueToTree(new LinkedHashMap<>(parameters)));

        Map<Integer, List<SegmentationScores>> byLabel = new TreeMap<>();
        for (CaseEvaluation c : cases) {
            c.labels().forEach((label, scores) -> byLabel.computeIfAbsent(label, k -> new ArrayList<>()).add(scores));
        }
        ObjectNode labels = root.putObject("labels");
        byLabel.forEach((label, scores) -> labels.set(Integer.toString(label), meanScores(scores)));

        ArrayNode caseArray = root.putArray("cases");
        List<Double> dice = new ArrayList<>();
        for (CaseEvaluation c : cases) {
            ObjectNode caseNode = caseArray.addObject();
            caseNode.put("case_id", c.caseId());
            ObjectNode caseLabels = caseNode.putObject("labels");
            c.labels().forEach((label, scores) -> {
                caseLabels.set(Integer.toString(label), scoresNode(scores));
                dice.add(scores.dice());
            });
        }
        root.set("dice_histogram", histogram(dice));

        ArrayNode overlayArray = root.putArray("overlays");
        for (Overlay overlay : overlays) {
            ObjectNode node = overlayArray.addObject();
            node.put("case_id", overlay.caseId());
            node.put("slice", overlay.slice());
            node.put("disagreement_voxels", overlay.disagreementVoxels());
        }
        return new ValidationReport(root, overlays);
    }

    /** Builds a COCO-mode report from an evaluation result. */
    public static ValidationReport forCoco(Map<String, ?> parameters, CocoEvalResult result) {
        ObjectNode root = JSON.createObjectNode();
        root.put("mode", "coco");
        ObjectNode params = JSON.valueToTree(new LinkedHashMap<>(parameters));
        params.put("iou_type", result.iouType().name().toLowerCase(java.util.Locale.ROOT));
        params.set("iou_thresholds", JSON.valueToTree(result.params().iouThresholds()));
        params.set("max_detections", JSON.valueToTree(result.params().maxDetections()));
        params.set("area_ranges", JSON.valueToTree(result.params().areaRanges()));
        params.set("area_range_labels", JSON.valueToTree(result.params().areaRangeLabels()));
        params.put("image_count", result.params().imageIds().size());
        params.set("category_ids", JSON.valueToTree(result.params().categoryIds()));
        root.set("parameters", params);
        ArrayNode stats = root.putArray("stats");
        for (double value : result.stats()) {
            addNumber(stats, value);
        }
        root.set("stats_labels", JSON.valueToTree(CocoEvalResult.STAT_LABELS));
        root.set("summary_lines", JSON.valueToTree(result.summaryLines()));
        ArrayNode categories = root.putArray("per_category");
        for (CocoEvalResult.CategoryScores c : result.perCategory()) {
            ObjectNode node = categories.addObject();
            node.put("category_id", c.categoryId());
            putNumber(node, "ap", c.ap());
            putNumber(node, "ap50", c.ap50());
            putNumber(node, "ap75", c.ap75());
            putNumber(node, "ap_small", c.apSmall());
            putNumber(node, "ap_medium", c.apMedium());
            putNumber(node, "ap_large", c.apLarge());
            int[] limits = result.params().maxDetections();
            for (int m = 0; m < limits.length; m++) {
                putNumber(node, "ar" + limits[m], c.recallAtLimits()[m]);
            }
        }
        return new ValidationReport(root, List.of());
    }

    /**
     * Returns a copy of this report with a {@code "bias_audit"} section: per attribute the groups,
     * their case counts, per label the counts of cases with and without it per group with the
     * chi-square test (statistic, degrees of freedom, p-value, expected counts), and per metric
     * the summary of its per-case values in each group.
     */
    public ValidationReport withBiasAudit(List<BiasAudit.Stratification> strata) {
        ObjectNode root = json.deepCopy();
        ArrayNode audit = root.putArray("bias_audit");
        for (BiasAudit.Stratification stratum : strata) {
            ObjectNode node = audit.addObject();
            node.put("attribute", stratum.attribute());
            node.set("groups", JSON.valueToTree(stratum.groups()));
            node.set("case_counts", JSON.valueToTree(stratum.caseCounts()));
            ObjectNode labels = node.putObject("labels");
            stratum.labelPresence().forEach((label, presence) -> {
                ObjectNode labelNode = labels.putObject(Integer.toString(label));
                labelNode.set("counts_with_without", JSON.valueToTree(presence.counts()));
                ChiSquareResult test = presence.test();
                if (test == null) {
                    labelNode.putNull("chi_square");
                } else {
                    ObjectNode testNode = labelNode.putObject("chi_square");
                    putNumber(testNode, "statistic", test.statistic());
                    testNode.put("degrees_of_freedom", test.degreesOfFreedom());
                    putNumber(testNode, "p_value", test.pValue());
                    testNode.put("yates_corrected", test.yatesCorrected());
                    testNode.set("expected_counts", JSON.valueToTree(test.expected()));
                }
            });
            ObjectNode distributions = node.putObject("metrics");
            stratum.distributions().forEach((metric, byGroup) -> {
                ObjectNode metricNode = distributions.putObject(metric);
                byGroup.forEach((group, summary) -> {
                    ObjectNode summaryNode = metricNode.putObject(group);
                    summaryNode.put("count", summary.count());
                    summaryNode.put("nan_count", summary.nanCount());
                    putNumber(summaryNode, "mean", summary.mean());
                    putNumber(summaryNode, "standard_deviation", summary.standardDeviation());
                    putNumber(summaryNode, "min", summary.min());
                    putNumber(summaryNode, "median", summary.median());
                    putNumber(summaryNode, "max", summary.max());
                });
            });
        }
        return new ValidationReport(root, overlays);
    }

    /** The report's JSON tree (a copy). */
    public JsonNode toJson() {
        return json.deepCopy();
    }

    /** Returns the JSON text of report.json. */
    public String toJsonText() {
        try {
            return JSON.writeValueAsString(json) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree failed to serialize", e);
        }
    }

    /** Returns the HTML text of report.html. */
    public String toHtml() {
        return new HtmlPage(json, overlays).render();
    }

    /**
     * Writes {@code report.json} and {@code report.html} into {@code directory}, creating it when
     * missing. Each file is written to a temporary file in the directory first and then moved into
     * place, so an interrupted run leaves no half-written report.
     *
     * @throws IOException when the directory or a file cannot be written
     */
    public void write(Path directory) throws IOException {
        Objects.requireNonNull(directory, "directory");
        Files.createDirectories(directory);
        writeAtomically(directory.resolve("report.json"), toJsonText());
        writeAtomically(directory.resolve("report.html"), toHtml());
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        // A temporary name in the same folder keeps the move atomic. Files.createTempFile is not used
        // because it makes the file readable by its owner only.
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + System.nanoTime() + ".tmp");
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    static ObjectNode scoresNode(SegmentationScores s) {
        ObjectNode node = JSON.createObjectNode();
        putNumber(node, "dice", s.dice());
        putNumber(node, "iou", s.iou());
        putNumber(node, "precision", s.precision());
        putNumber(node, "recall", s.recall());
        putNumber(node, "specificity", s.specificity());
        putNumber(node, "volume_similarity", s.volumeSimilarity());
        putNumber(node, "hd_mm", s.hausdorffMm());
        putNumber(node, "hd95_mm", s.hausdorff95Mm());
        putNumber(node, "assd_mm", s.averageSurfaceDistanceMm());
        putNumber(node, "nsd", s.normalizedSurfaceDice());
        putNumber(node, "volume_ml_reference", s.volumeMlReference());
        putNumber(node, "volume_ml_prediction", s.volumeMlPrediction());
        putNumber(node, "absolute_volume_difference_ml", s.absoluteVolumeDifferenceMl());
        putNumber(node, "relative_volume_difference", s.relativeVolumeDifference());
        node.put("true_positives", s.truePositives());
        node.put("false_positives", s.falsePositives());
        node.put("false_negatives", s.falseNegatives());
        node.put("true_negatives", s.trueNegatives());
        node.put("surface_voxels_reference", s.referenceSurfaceVoxels());
        node.put("surface_voxels_prediction", s.predictionSurfaceVoxels());
        putNumber(node, "tolerance_mm", s.toleranceMm());
        node.put("empty_case", s.emptyCase().name());
        node.put("empty_mask_policy", s.emptyMaskPolicy().name());
        node.put("prediction_resampled", s.predictionResampled());
        return node;
    }

    /** Means over cases of each metric; a NaN in any case makes the mean NaN, so no case is dropped silently. */
    private static ObjectNode meanScores(List<SegmentationScores> scores) {
        if (scores.size() == 1) {
            ObjectNode node = scoresNode(scores.get(0));
            node.put("case_count", 1);
            return node;
        }
        List<ObjectNode> nodes = scores.stream().map(ValidationReport::scoresNode).toList();
        ObjectNode mean = JSON.createObjectNode();
        for (String field : List.of("dice", "iou", "precision", "recall", "specificity", "volume_similarity", "hd_mm",
                "hd95_mm", "assd_mm", "nsd", "volume_ml_reference", "volume_ml_prediction",
                "absolute_volume_difference_ml", "relative_volume_difference")) {
            double sum = 0;
            for (ObjectNode node : nodes) {
                sum += number(node.get(field));
            }
            putNumber(mean, field, sum / nodes.size());
        }
        mean.put("case_count", scores.size());
        return mean;
    }

    private static ObjectNode histogram(List<Double> values) {
        long[] counts = new long[HISTOGRAM_BINS];
        long undefined = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                undefined++;
                continue;
            }
            // Bins are [i/10, (i+1)/10), and the last one also contains 1.0.
            int bin = Math.min(HISTOGRAM_BINS - 1, (int) Math.floor(v * HISTOGRAM_BINS));
            counts[Math.max(0, bin)]++;
        }
        ObjectNode node = JSON.createObjectNode();
        ArrayNode edges = node.putArray("bin_edges");
        for (int i = 0; i <= HISTOGRAM_BINS; i++) {
            edges.add((double) i / HISTOGRAM_BINS);
        }
        ArrayNode countArray = node.putArray("counts");
        for (long c : counts) {
            countArray.add(c);
        }
        node.put("undefined", undefined);
        return node;
    }

    static void putNumber(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.put(field, Double.toString(value));
        }
    }

    private static void addNumber(ArrayNode array, double value) {
        if (Double.isFinite(value)) {
            array.add(value);
        } else {
            array.add(Double.toString(value));
        }
    }

    /** Reads a number written by {@link #putNumber}, including the strings for non-finite values. */
    static double number(JsonNode node) {
        return node.isNumber() ? node.asDouble() : Double.parseDouble(node.asText());
    }
}
