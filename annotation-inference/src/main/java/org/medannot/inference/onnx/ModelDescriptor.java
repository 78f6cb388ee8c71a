package org.medannot.inference.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.medannot.core.spi.SegmentationException;

/**
 * What a semantic segmentation model expects and returns, read from a JSON file next to the
 * {@code .onnx} file ({@code model.onnx} pairs with {@code model.json}).
 *
 * <p>The JSON object has these fields:
 * <pre>
 * {
 *   "name": "liver-spleen-unet2d", "version": "1",
 *   "layout": "2d",                       // "2d": slices [N,C,H,W]; "3d": patches [1,C,D,H,W]
 *   "input":  {"name": "image", "channels": ["ct"]},
 *   "output": {"name": "logits", "kind": "logits"},   // or "probabilities", "label_indices"
 *   "orientation": "display",             // or "stored" (default)
 *   "inputSize": [176, 176],              // [H, W] or [D, H, W] in voxels
 *   "targetSpacing": [3.0, 3.0],          // mm, (column, row[, slice]) order; optional
 *   "preprocessing": [{"op": "window", "min": -200, "max": 250}],
 *   "labels": [{"channel": 1, "value": 1, "name": "spleen"}],
 *   "slidingWindow": {"overlap": 0.5, "sigmaScale": 0.125}   // 3d only, optional
 * }
 * </pre>
 *
 * <p>Channels: each entry is a name (the current slice) or an object
 * {@code {"name": "previous", "sliceOffset": -1}} for 2.5D models fed neighbouring slices, clamped
 * at the volume's ends. Orientation "display" turns each axial slice so that columns run towards
 * the patient's left and rows towards posterior (the usual radiological view) before the model
 * receives it; "stored" passes the volume's own array order. Preprocessing steps are
 * {@code {"op": "window", "min", "max"}}, {@code {"op": "zscore", "mean", "std"}} (both optional,
 * then computed on the volume) and {@code {"op": "percentile_clip", "lower", "upper"}}, applied in
 * order. Each label maps an output channel to a label value of the result; channel 0 is
 * background unless a label names it.
 *
 * <p>Instances are immutable.
 */
public final class ModelDescriptor {

    /**
     * One output channel that becomes a label.
     *
     * @param channel output channel index (0-based)
     * @param value   label value in the result's label map, 1..65535
     * @param name    label name
     */
    public record Label(int channel, int value, String name) {
    }

    /**
     * One input channel.
     *
     * @param name        descriptive name
     * @param sliceOffset slice offset from the slice being segmented (2D layout only)
     */
    public record Channel(String name, int sliceOffset) {
    }

    private final String source;
    private final String name;
    private final String version;
    private final InputLayout layout;
    private final String inputName;
    private final List<Channel> channels;
    private final String outputName;
    private final OutputKind outputKind;
    private final boolean displayOrientation;
    private final int[] inputSize;
    private final double[] targetSpacing;
    private final List<PreprocessingStep> preprocessing;
    private final List<Label> labels;
    private final double overlap;
    private final double sigmaScale;

    private ModelDescriptor(String source, JsonNode root) throws SegmentationException {
        this.source = source;
        if (root == null || !root.isObject()) {
            throw error("the top level", "a JSON object", root == null ? "nothing" : root.getNodeType().toString());
        }
        this.name = text(root, "name");
        this.version = root.has("version") ? text(root, "version") : "unknown";
        String layoutText = text(root, "layout").toLowerCase(Locale.ROOT);
        switch (layoutText) {
            case "2d" -> layout = InputLayout.SLICES_2D;
            case "3d" -> layout = InputLayout.PATCHES_3D;
            default -> throw error("layout", "\"2d\" or \"3d\"", "\"" + layoutText + "\"");
        }

        JsonNode input = object(root, "input");
        this.inputName = text(input, "name");
        this.channels = readChannels(input);

        JsonNode output = object(root, "output");
        this.outputName = text(output, "name");
        String kind = text(output, "kind").toUpperCase(Locale.ROOT);
        try {
            this.outputKind = OutputKind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw error("output.kind", "\"logits\", \"probabilities\" or \"label_indices\"", "\"" + kind + "\"");
        }

        String orientation = root.has("orientation") ? text(root, "orientation") : "stored";
        if (!orientation.equals("display") && !orientation.equals("stored")) {
            throw error("orientation", "\"display\" or \"stored\"", "\"" + orientation + "\"");
        }
        this.displayOrientation = orientation.equals("display");

        int dimensions = layout == InputLayout.SLICES_2D ? 2 : 3;
        this.inputSize = readPositiveInts(root, "inputSize", dimensions);
        this.targetSpacing = root.has("targetSpacing") ? readPositiveDoubles(root, "targetSpacing", dimensions) : null;
        this.preprocessing = readPreprocessing(root);
        this.labels = readLabels(root);

        JsonNode window = root.get("slidingWindow");
        double readOverlap = 0.5;
        double readSigma = 0.125;
        if (window != null) {
            readOverlap = window.has("overlap") ? number(window, "overlap") : readOverlap;
            readSigma = window.has("sigmaScale") ? number(window, "sigmaScale") : readSigma;
        }
        if (!(readOverlap >= 0 && readOverlap < 1)) {
            throw error("slidingWindow.overlap", "a fraction in [0, 1)", String.valueOf(readOverlap));
        }
        if (!(readSigma > 0)) {
            throw error("slidingWindow.sigmaScale", "a positive number", String.valueOf(readSigma));
        }
        this.overlap = readOverlap;
        this.sigmaScale = readSigma;
    }

    /**
     * Reads a descriptor file.
     *
     * @throws SegmentationException when the file is missing, is not JSON, or a field is missing or
     *                               invalid; the message names the file and the field
     */
    public static ModelDescriptor read(Path file) throws SegmentationException {
        if (!Files.isRegularFile(file)) {
            throw new SegmentationException("model descriptor " + file + " was not found; a model "
                    + "model.onnx needs its descriptor model.json in the same folder");
        }
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new SegmentationException("model descriptor " + file + " could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * Parses descriptor JSON text; {@code source} names it in error messages.
     *
     * @throws SegmentationException when the text is not JSON or a field is missing or invalid
     */
    public static ModelDescriptor parse(String json, String source) throws SegmentationException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new SegmentationException("model descriptor " + source + " is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
        return new ModelDescriptor(source, root);
    }

    /** Returns the descriptor path that belongs to a model path: the same name with ".json". */
    public static Path siblingOf(Path model) {
        String fileName = model.getFileName().toString();
        String stem = fileName.endsWith(".onnx") ? fileName.substring(0, fileName.length() - 5) : fileName;
        return model.resolveSibling(stem + ".json");
    }

    /** File or text the descriptor came from, for messages. */
    public String source() {
        return source;
    }

    /** Model name, used in provenance. */
    public String name() {
        return name;
    }

    /** Model version, "unknown" when the descriptor has none. */
    public String version() {
        return version;
    }

    /** Slice-wise 2D or patch-wise 3D. */
    public InputLayout layout() {
        return layout;
    }

    /** Name of the model's image input. */
    public String inputName() {
        return inputName;
    }

    /** Input channels in tensor order. */
    public List<Channel> channels() {
        return channels;
    }

    /** Name of the model's segmentation output. */
    public String outputName() {
        return outputName;
    }

    /** Kind of values in the output. */
    public OutputKind outputKind() {
        return outputKind;
    }

    /** True when slices are turned to the radiological display orientation before inference. */
    public boolean displayOrientation() {
        return displayOrientation;
    }

    /** Spatial input size in tensor order ([H, W] or [D, H, W]), a copy. */
    public int[] inputSize() {
        return inputSize.clone();
    }

    /** Target spacing in mm in (column, row[, slice]) order, a copy; null to keep the source spacing. */
    public double[] targetSpacing() {
        return targetSpacing == null ? null : targetSpacing.clone();
    }

    /** Intensity steps in the order they are applied. */
    public List<PreprocessingStep> preprocessing() {
        return preprocessing;
    }

    /** Output channels that become labels. */
    public List<Label> labels() {
        return labels;
    }

    /** Sliding-window overlap as a fraction of the patch size, per axis (3D only). */
    public double overlap() {
        return overlap;
    }

    /** Standard deviation of the Gaussian blending weight as a fraction of the patch size (3D only). */
    public double sigmaScale() {
        return sigmaScale;
    }

    /** Number of output channels the labels need at least: the highest channel index plus one. */
    public int minimumOutputChannels() {
        int max = 0;
        for (Label label : labels) {
            max = Math.max(max, label.channel());
        }
        return max + 1;
    }

    private List<Channel> readChannels(JsonNode input) throws SegmentationException {
        JsonNode node = input.get("channels");
        if (node == null) {
            return List.of(new Channel("image", 0));
        }
        if (!node.isArray() || node.isEmpty()) {
            throw error("input.channels", "a non-empty array", node.toString());
        }
        List<Channel> result = new ArrayList<>();
        for (JsonNode entry : node) {
            if (entry.isTextual()) {
                result.add(new Channel(entry.asText(), 0));
            } else if (entry.isObject()) {
                int offset = entry.has("sliceOffset") ? (int) number(entry, "sliceOffset") : 0;
                if (offset != 0 && layout == InputLayout.PATCHES_3D) {
                    throw error("input.channels.sliceOffset", "0 for a 3d model", String.valueOf(offset));
                }
                result.add(new Channel(text(entry, "name"), offset));
            } else {
                throw error("input.channels entry", "a name or an object", entry.toString());
            }
        }
        return List.copyOf(result);
    }

    private List<PreprocessingStep> readPreprocessing(JsonNode root) throws SegmentationException {
        JsonNode node = root.get("preprocessing");
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error("preprocessing", "an array of steps", node.toString());
        }
        List<PreprocessingStep> steps = new ArrayList<>();
        for (JsonNode step : node) {
            String op = text(step, "op");
            try {
                switch (op) {
                    case "window" -> steps.add(new PreprocessingStep.Window(number(step, "min"), number(step, "max")));
                    case "zscore" -> steps.add(new PreprocessingStep.ZScore(
                            step.has("mean") ? number(step, "mean") : Double.NaN,
                            step.has("std") ? number(step, "std") : Double.NaN));
                    case "percentile_clip" -> steps.add(new PreprocessingStep.PercentileClip(number(step, "lower"),
                            number(step, "upper")));
                    default -> throw error("preprocessing.op", "\"window\", \"zscore\" or \"percentile_clip\"",
                            "\"" + op + "\"");
                }
            } catch (IllegalArgumentException e) {
                throw new SegmentationException("model descriptor " + source + ": preprocessing step " + op
                        + " is invalid: " + e.getMessage(), e);
            }
        }
        return List.copyOf(steps);
    }

    private List<Label> readLabels(JsonNode root) throws SegmentationException {
        JsonNode node = root.get("labels");
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw error("labels", "a non-empty array", node == null ? "nothing" : node.toString());
        }
        List<Label> result = new ArrayList<>();
        Set<Integer> channelsSeen = new HashSet<>();
        Set<Integer> valuesSeen = new HashSet<>();
        for (JsonNode entry : node) {
            int channel = (int) number(entry, "channel");
            int value = (int) number(entry, "value");
            String labelName = text(entry, "name");
            if (channel < 0) {
                throw error("labels.channel", "an index >= 0", String.valueOf(channel));
            }
            if (value < 1 || value > 65535) {
                throw error("labels.value", "a label value in 1..65535", String.valueOf(value));
            }
            if (!channelsSeen.add(channel) || !valuesSeen.add(value)) {
                throw error("labels", "distinct channels and values", "a repeated channel " + channel
                        + " or value " + value);
            }
            result.add(new Label(channel, value, labelName));
        }
        return List.copyOf(result);
    }

    private int[] readPositiveInts(JsonNode root, String field, int count) throws SegmentationException {
        double[] values = readPositiveDoubles(root, field, count);
        int[] result = new int[count];
        for (int n = 0; n < count; n++) {
            if (values[n] != Math.rint(values[n])) {
                throw error(field, "whole numbers", root.get(field).toString());
            }
            result[n] = (int) values[n];
        }
        return result;
    }

    private double[] readPositiveDoubles(JsonNode root, String field, int count) throws SegmentationException {
        JsonNode node = root.get(field);
        if (node == null || !node.isArray() || node.size() != count) {
            throw error(field, count + " numbers for a " + count + "d layout", node == null ? "nothing" : node.toString());
        }
        double[] result = new double[count];
        for (int n = 0; n < count; n++) {
            JsonNode value = node.get(n);
            if (!value.isNumber() || !(value.asDouble() > 0)) {
                throw error(field, "positive numbers", node.toString());
            }
            result[n] = value.asDouble();
        }
        return result;
    }

    private JsonNode object(JsonNode parent, String field) throws SegmentationException {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw error(field, "an object", node == null ? "nothing" : node.toString());
        }
        return node;
    }

    private String text(JsonNode parent, String field) throws SegmentationException {
        JsonNode node = parent.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw error(field, "a non-empty string", node == null ? "nothing" : node.toString());
        }
        return node.asText();
    }

    private double number(JsonNode parent, String field) throws SegmentationException {
        JsonNode node = parent.get(field);
        if (node == null || !node.isNumber()) {
            throw error(field, "a number", node == null ? "nothing" : node.toString());
        }
        return node.asDouble();
    }

    private SegmentationException error(String field, String expected, String found) {
        return new SegmentationException("model descriptor " + source + ": field '" + field + "' must be " + expected
                + ", but found " + found);
    }
}
