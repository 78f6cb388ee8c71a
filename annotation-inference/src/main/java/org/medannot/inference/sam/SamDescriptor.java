package org.medannot.inference.sam;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.medannot.core.spi.SegmentationException;

/**
 * Settings of a SAM-style encoder and decoder pair, read from a JSON file next to the encoder
 * ({@code encoder.onnx} pairs with {@code encoder.json}):
 * <pre>
 * {
 *   "name": "medsam-vit-b", "version": "1",
 *   "variant": "medsam",                  // or "sam"
 *   "window": {"min": -160, "max": 240},  // optional: values mapped to [0, 255]
 *   "label": {"value": 1, "name": "object"}   // optional: the result's label
 * }
 * </pre>
 * Without a window, each slice's own minimum and maximum map to 0 and 255. Immutable.
 *
 * @param source     file the descriptor came from, for messages
 * @param name       model name, used in provenance
 * @param version    model version, "unknown" when absent
 * @param variant    image preprocessing and coordinate transform
 * @param windowMin  value mapped to 0, or NaN for the slice minimum
 * @param windowMax  value mapped to 255, or NaN for the slice maximum
 * @param labelValue label value of the result, 1..65535
 * @param labelName  label name of the result
 */
public record SamDescriptor(String source, String name, String version, SamVariant variant, double windowMin,
        double windowMax, int labelValue, String labelName) {

    /** Reads a descriptor file; the message of the exception names the file and the field. */
    public static SamDescriptor read(Path file) throws SegmentationException {
        if (!Files.isRegularFile(file)) {
            throw new SegmentationException("SAM descriptor " + file + " was not found; an encoder encoder.onnx "
                    + "needs its descriptor encoder.json in the same folder");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new SegmentationException("SAM descriptor " + file + " could not be read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses descriptor JSON; {@code source} names it in messages. */
    public static SamDescriptor parse(String json, String source) throws SegmentationException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new SegmentationException("SAM descriptor " + source + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SegmentationException("SAM descriptor " + source + " must be a JSON object");
        }

        String name = root.path("name").asText("");
        if (name.isBlank()) {
            throw error(source, "name", "a non-empty string", root.get("name"));
        }
        String version = root.path("version").asText("unknown");
        String variantText = root.path("variant").asText("").toUpperCase(Locale.ROOT);
        SamVariant variant;
        try {
            variant = SamVariant.valueOf(variantText);
        } catch (IllegalArgumentException e) {
            throw error(source, "variant", "\"sam\" or \"medsam\"", root.get("variant"));
        }

        double min = Double.NaN;
        double max = Double.NaN;
        JsonNode window = root.get("window");
        if (window != null) {
            if (!window.path("min").isNumber() || !window.path("max").isNumber()
                    || !(window.get("max").asDouble() > window.get("min").asDouble())) {
                throw error(source, "window", "{\"min\": a, \"max\": b} with b > a", window);
            }
            min = window.get("min").asDouble();
            max = window.get("max").asDouble();
        }

        int labelValue = 1;
        String labelName = "object";
        JsonNode label = root.get("label");
        if (label != null) {
            labelValue = label.path("value").asInt(-1);
            labelName = label.path("name").asText("");
            if (labelValue < 1 || labelValue > 65535 || labelName.isBlank()) {
                throw error(source, "label", "{\"value\": 1..65535, \"name\": non-empty}", label);
            }
        }
        return new SamDescriptor(source, name, version, variant, min, max, labelValue, labelName);
    }

    private static SegmentationException error(String source, String field, String expected, JsonNode found) {
        return new SegmentationException("SAM descriptor " + source + ": field '" + field + "' must be " + expected
                + ", but found " + (found == null ? "nothing" : found.toString()));
    }
}
