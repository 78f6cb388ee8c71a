package org.medannot.examples.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.medannot.metrics.MetricsException;
import org.medannot.metrics.coco.CocoDetection;
import org.medannot.metrics.coco.CocoGroundTruth;

/**
 * Reads a COCO instances file and a COCO results file into the evaluation inputs of
 * annotation-metrics, the way pycocotools' {@code COCO} and {@code loadRes} read them for box
 * evaluation: results are numbered {@code 1 + index} in file order and their area is
 * {@code width * height} of the box.
 *
 * <p>NOTE: only box evaluation is read here. Mask evaluation needs COCO RLE and polygon decoding,
 * which belongs to annotation-coco; until the command uses that module, {@code --iou-type segm}
 * and results without a {@code bbox} are rejected with a message that names the missing decoder.
 */
final class CocoEvaluationFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    final List<Long> imageIds = new ArrayList<>();
    final List<Integer> categoryIds = new ArrayList<>();
    final List<CocoGroundTruth> groundTruths = new ArrayList<>();
    final List<CocoDetection> detections = new ArrayList<>();

    /**
     * Reads both files.
     *
     * @throws MetricsException when a file is not valid JSON or lacks a field; the message names
     *                          the file, the element and the field
     */
    static CocoEvaluationFiles readBoxes(Path groundTruthFile, Path resultsFile) throws IOException {
        CocoEvaluationFiles files = new CocoEvaluationFiles();
        JsonNode gt = parse(groundTruthFile);
        if (!gt.isObject()) {
            throw new MetricsException(groundTruthFile + ": expected a COCO instances object, but found "
                    + gt.getNodeType());
        }
        for (JsonNode image : array(gt, "images", groundTruthFile)) {
            files.imageIds.add(requireNumber(image, "id", groundTruthFile, "images").asLong());
        }
        for (JsonNode category : array(gt, "categories", groundTruthFile)) {
            files.categoryIds.add(requireNumber(category, "id", groundTruthFile, "categories").asInt());
        }
        JsonNode annotations = array(gt, "annotations", groundTruthFile);
        for (int n = 0; n < annotations.size(); n++) {
            JsonNode annotation = annotations.get(n);
            String where = "annotations[" + n + "]";
            JsonNode crowd = annotation.get("iscrowd");
            files.groundTruths.add(new CocoGroundTruth(
                    requireNumber(annotation, "id", groundTruthFile, where).asLong(),
                    requireNumber(annotation, "image_id", groundTruthFile, where).asLong(),
                    requireNumber(annotation, "category_id", groundTruthFile, where).asInt(),
                    requireNumber(annotation, "area", groundTruthFile, where).asDouble(),
                    crowd != null && crowd.asInt() != 0,
                    box(annotation, groundTruthFile, where), null));
        }

        JsonNode results = parse(resultsFile);
        if (!results.isArray()) {
            throw new MetricsException(resultsFile + ": expected a COCO results array, but found "
                    + results.getNodeType());
        }
        for (int n = 0; n < results.size(); n++) {
            JsonNode result = results.get(n);
            String where = "[" + n + "]";
            if (!result.has("bbox")) {
                throw new MetricsException(resultsFile + " " + where + ": has no bbox; deriving boxes from "
                        + "segmentations needs the COCO RLE decoder of annotation-coco, which this command does not use yet");
            }
            double[] bbox = box(result, resultsFile, where);
            files.detections.add(new CocoDetection(n + 1L,
                    requireNumber(result, "image_id", resultsFile, where).asLong(),
                    requireNumber(result, "category_id", resultsFile, where).asInt(),
                    requireNumber(result, "score", resultsFile, where).asDouble(),
                    bbox[2] * bbox[3], bbox, null));
        }
        return files;
    }

    private static JsonNode parse(Path file) throws IOException {
        try {
            return JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new MetricsException(file + ": invalid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode array(JsonNode parent, String field, Path file) {
        JsonNode value = parent.get(field);
        if (value == null || !value.isArray()) {
            throw new MetricsException(file + ": field \"" + field + "\" must be an array, but is "
                    + (value == null ? "missing" : value.getNodeType()));
        }
        return value;
    }

    private static JsonNode requireNumber(JsonNode element, String field, Path file, String where) {
        JsonNode value = element.get(field);
        if (value == null || !value.isNumber()) {
            throw new MetricsException(file + " " + where + ": field \"" + field + "\" must be a number, but is "
                    + (value == null ? "missing" : value.getNodeType()));
        }
        return value;
    }

    private static double[] box(JsonNode element, Path file, String where) {
        JsonNode value = element.get("bbox");
        if (value == null || !value.isArray() || value.size() != 4) {
            throw new MetricsException(file + " " + where + ": field \"bbox\" must be [x, y, width, height], but is "
                    + (value == null ? "missing" : value.toString()));
        }
        double[] bbox = new double[4];
        for (int i = 0; i < 4; i++) {
            if (!value.get(i).isNumber()) {
                throw new MetricsException(file + " " + where + ": bbox[" + i + "] must be a number, but is "
                        + value.get(i).getNodeType());
            }
            bbox[i] = value.get(i).asDouble();
        }
        return bbox;
    }
}
