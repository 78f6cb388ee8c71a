package org.medannot.coco.labelstudio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.medannot.coco.CocoFormatException;
import org.medannot.core.annotation.Annotation;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.annotation.Category;
import org.medannot.core.annotation.Provenance;
import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.geometry.Shape;
import org.medannot.core.mask.Mask;

/**
 * Reads a Label Studio JSON export (a list of tasks) back as the next review round of a scan.
 *
 * <p>For each task, the last entry of {@code annotations} that is not cancelled
 * ({@code was_cancelled}) is taken; tasks without one contribute nothing. The slice is the task's
 * {@code data.medannot_slice_index}, or 0 for a one-slice scan. Results with the same {@code id}
 * on different slices form one annotation. {@code brushlabels} results become a {@link Mask}
 * (alpha >= {@value BrushRle#ALPHA_THRESHOLD} is foreground); {@code rectanglelabels} results
 * become a {@link BoundingBox} covering every pixel the rectangle touches (percentages that are
 * within 1e-6 pixel of a whole pixel are taken as that pixel edge). Other result types are
 * rejected. Every annotation gets score 1 and the given provenance, because a person made it.
 */
public final class LabelStudioImport {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final double EDGE_TOLERANCE = 1e-6;

    private LabelStudioImport() {
    }

    /**
     * Reads {@code file}.
     *
     * @param categories the project's categories; labels are matched by name
     * @throws CocoFormatException when the file is not a task list, a value is missing or of the
     *     wrong type, a brush RLE is corrupt, a label is not a known category or an image size
     *     differs from the scan's
     */
    public static AnnotationSet read(Path file, Geometry geometry, String scanId, int round, OptionalInt parentRound,
                                     Provenance provenance, Collection<Category> categories)
            throws IOException, CocoFormatException {
        Map<String, Category> byName = new HashMap<>();
        for (Category category : categories) {
            byName.put(category.name(), category);
        }
        Map<String, Region> regions = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); JsonParser parser = MAPPER.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new CocoFormatException("", file + ": expected a JSON list of Label Studio tasks");
            }
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                JsonNode task = parser.readValueAsTree();
                readTask(task, "/" + index, geometry, byName, regions);
                index++;
            }
        } catch (JsonProcessingException e) {
            throw new CocoFormatException("", file + ": invalid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        } catch (CocoFormatException e) {
            throw new CocoFormatException(e.pointer(), file + ": " + e.pointer() + ": " + e.getMessage(), e);
        }
        List<Annotation> annotations = new ArrayList<>(regions.size());
        for (Map.Entry<String, Region> entry : regions.entrySet()) {
            annotations.add(new Annotation(entry.getKey(), entry.getValue().category, entry.getValue().shape(), 1.0,
                    provenance));
        }
        return new AnnotationSet(scanId, round, parentRound, annotations);
    }

    private static void readTask(JsonNode task, String pointer, Geometry geometry, Map<String, Category> categories,
                                 Map<String, Region> regions) throws CocoFormatException {
        if (!task.isObject()) {
            throw new CocoFormatException(pointer, "expected a task object");
        }
        int slice = slice(task, pointer, geometry);
        JsonNode annotations = task.get("annotations");
        if (annotations == null || !annotations.isArray()) {
            return;
        }
        int chosen = -1;
        for (int n = 0; n < annotations.size(); n++) {
            if (!annotations.get(n).path("was_cancelled").asBoolean(false)) {
                chosen = n;
            }
        }
        if (chosen < 0) {
            return;
        }
        String annotationPointer = pointer + "/annotations/" + chosen;
        JsonNode results = annotations.get(chosen).get("result");
        if (results == null || !results.isArray()) {
            throw new CocoFormatException(annotationPointer + "/result", "expected a list of results");
        }
        for (int n = 0; n < results.size(); n++) {
            readResult(results.get(n), annotationPointer + "/result/" + n, slice, geometry, categories, regions);
        }
    }

    private static int slice(JsonNode task, String pointer, Geometry geometry) throws CocoFormatException {
        JsonNode index = task.path("data").get("medannot_slice_index");
        if (index == null) {
            if (geometry.slices() == 1) {
                return 0;
            }
            throw new CocoFormatException(pointer + "/data", "missing medannot_slice_index, so the task cannot be"
                    + " mapped to a slice of a " + geometry.slices() + "-slice scan");
        }
        if (!index.isIntegralNumber() || index.asLong() < 0 || index.asLong() >= geometry.slices()) {
            throw new CocoFormatException(pointer + "/data/medannot_slice_index", "expected a slice index in 0.."
                    + (geometry.slices() - 1) + ", found " + index);
        }
        return index.intValue();
    }

    private static void readResult(JsonNode result, String pointer, int slice, Geometry geometry,
                                   Map<String, Category> categories, Map<String, Region> regions)
            throws CocoFormatException {
        String type = text(result, "type", pointer);
        String id = text(result, "id", pointer);
        if (!"brushlabels".equals(type) && !"rectanglelabels".equals(type)) {
            throw new CocoFormatException(pointer + "/type", "result type \"" + type
                    + "\" is not supported, expected brushlabels or rectanglelabels");
        }
        int width = geometry.columns();
        int height = geometry.rows();
        if (result.path("original_width").asLong(-1) != width || result.path("original_height").asLong(-1) != height) {
            throw new CocoFormatException(pointer, "original_width x original_height is "
                    + result.path("original_width") + " x " + result.path("original_height") + ", expected the scan's "
                    + width + " x " + height);
        }
        if (result.path("image_rotation").asDouble(0) != 0) {
            throw new CocoFormatException(pointer + "/image_rotation", "rotated images are not supported");
        }
        JsonNode value = result.get("value");
        if (value == null || !value.isObject()) {
            throw new CocoFormatException(pointer + "/value", "missing value object");
        }
        Category category = label(value.get(type), pointer + "/value/" + type, categories);
        Region region = regions.computeIfAbsent(id, key -> new Region(category));
        if (!region.category.equals(category)) {
            throw new CocoFormatException(pointer + "/value/" + type, "result " + id + " has labels "
                    + region.category.name() + " and " + category.name() + " on different slices");
        }
        if (type.equals("brushlabels")) {
            if (!"rle".equals(value.path("format").asText())) {
                throw new CocoFormatException(pointer + "/value/format", "expected brush format \"rle\", found "
                        + value.get("format"));
            }
            boolean[] pixels = BrushRle.decode(bytes(value.get("rle"), pointer + "/value/rle"), width, height,
                    pointer + "/value/rle");
            region.addPixels(pixels, geometry, slice, pointer);
        } else {
            region.addBox(box(value, pointer + "/value", width, height, slice), pointer);
        }
    }

    private static BoundingBox box(JsonNode value, String pointer, int width, int height, int slice)
            throws CocoFormatException {
        double x = number(value, "x", pointer) * width / 100;
        double y = number(value, "y", pointer) * height / 100;
        double w = number(value, "width", pointer) * width / 100;
        double h = number(value, "height", pointer) * height / 100;
        if (value.path("rotation").asDouble(0) != 0) {
            throw new CocoFormatException(pointer + "/rotation", "rotated rectangles are not supported");
        }
        int minX = (int) Math.floor(snap(x));
        int minY = (int) Math.floor(snap(y));
        int maxX = (int) Math.ceil(snap(x + w));
        int maxY = (int) Math.ceil(snap(y + h));
        if (minX < 0 || minY < 0 || maxX > width || maxY > height || maxX < minX || maxY < minY) {
            throw new CocoFormatException(pointer, "rectangle [" + x + ", " + y + ", " + w + ", " + h
                    + "] in pixels lies outside the " + width + " x " + height + " image");
        }
        return new BoundingBox(minX, minY, slice, maxX, maxY, slice + 1);
    }

    /** Rounds values within {@link #EDGE_TOLERANCE} of an integer to it, undoing percent round-off. */
    private static double snap(double value) {
        double nearest = Math.rint(value);
        return Math.abs(value - nearest) < EDGE_TOLERANCE ? nearest : value;
    }

    private static Category label(JsonNode labels, String pointer, Map<String, Category> categories)
            throws CocoFormatException {
        if (labels == null || !labels.isArray() || labels.size() != 1 || !labels.get(0).isTextual()) {
            throw new CocoFormatException(pointer, "expected exactly one label name, found " + labels);
        }
        Category category = categories.get(labels.get(0).textValue());
        if (category == null) {
            throw new CocoFormatException(pointer + "/0", "label \"" + labels.get(0).textValue()
                    + "\" is not one of the categories " + categories.keySet());
        }
        return category;
    }

    private static int[] bytes(JsonNode array, String pointer) throws CocoFormatException {
        if (array == null || !array.isArray()) {
            throw new CocoFormatException(pointer, "expected a list of byte values");
        }
        int[] values = new int[array.size()];
        for (int n = 0; n < values.length; n++) {
            JsonNode value = array.get(n);
            if (!value.isIntegralNumber() || value.asLong() < 0 || value.asLong() > 255) {
                throw new CocoFormatException(pointer + "/" + n, "expected a byte value 0..255, found " + value);
            }
            values[n] = value.intValue();
        }
        return values;
    }

    private static String text(JsonNode node, String field, String pointer) throws CocoFormatException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new CocoFormatException(pointer + "/" + field, "expected a string, found " + value);
        }
        return value.textValue();
    }

    private static double number(JsonNode node, String field, String pointer) throws CocoFormatException {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw new CocoFormatException(pointer + "/" + field, "expected a finite number, found " + value);
        }
        return value.doubleValue();
    }

    /** The results of one id across slices. */
    private static final class Region {
        final Category category;
        Mask mask;
        BoundingBox box;

        Region(Category category) {
            this.category = category;
        }

        void addPixels(boolean[] pixels, Geometry geometry, int slice, String pointer) throws CocoFormatException {
            if (box != null) {
                throw new CocoFormatException(pointer, "result id mixes brush and rectangle results");
            }
            if (mask == null) {
                mask = new Mask(geometry);
            }
            int start = slice * geometry.sliceSize();
            for (int n = 0; n < pixels.length; n++) {
                if (pixels[n]) {
                    mask.set(start + n, true);
                }
            }
        }

        void addBox(BoundingBox sliceBox, String pointer) throws CocoFormatException {
            if (mask != null) {
                throw new CocoFormatException(pointer, "result id mixes brush and rectangle results");
            }
            box = box == null ? sliceBox : box.union(sliceBox);
        }

        Shape shape() {
            return mask != null ? mask : box;
        }
    }
}
