package org.medannot.coco.labelstudio;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.medannot.core.annotation.Annotation;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.annotation.Category;
import org.medannot.core.annotation.ProducerKind;
import org.medannot.core.annotation.Provenance;
import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.geometry.Polygon;
import org.medannot.core.geometry.Shape;
import org.medannot.core.mask.Mask;

/**
 * Writes a round of annotations as a Label Studio task list (JSON) for import into a Label Studio
 * project whose labeling configuration is {@link #labelingConfig}.
 *
 * <p>One task per slice k, with {@code data} = {@code {"image": <file name>, "medannot_scan_id":
 * <scan id>, "medannot_slice_index": k}}. A model's round goes into the task's
 * {@code predictions} (so reviewers start from it), a person's round into {@code annotations}.
 * Per slice an annotation gives one result, whose {@code id} is the annotation's id:
 * <ul>
 *   <li>a {@link Mask} or a {@link Polygon} (rasterized by annotation-core's pixel-centre rule): a
 *       {@code brushlabels} result, {@code value.format = "rle"} (see {@link BrushRle});
 *   <li>a {@link BoundingBox}: a {@code rectanglelabels} result, {@code x}, {@code y},
 *       {@code width} and {@code height} in percent of the image's width and height, with (0, 0)
 *       the top-left corner of the image.
 * </ul>
 */
public final class LabelStudioExport {

    /** {@code from_name} of brush results: the name of the BrushLabels tag. */
    public static final String BRUSH_TAG = "mask";
    /** {@code from_name} of rectangle results: the name of the RectangleLabels tag. */
    public static final String RECTANGLE_TAG = "box";
    /** {@code to_name} of every result: the name of the Image tag. */
    public static final String IMAGE_TAG = "image";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LabelStudioExport() {
    }

    /** Returns a labeling configuration (XML) with a brush and a rectangle tag for the categories. */
    public static String labelingConfig(Iterable<Category> categories) {
        StringBuilder labels = new StringBuilder();
        for (Category category : categories) {
            labels.append("    <Label value=\"").append(escapeXml(category.name())).append("\"/>\n");
        }
        return "<View>\n"
                + "  <Image name=\"" + IMAGE_TAG + "\" value=\"$image\"/>\n"
                + "  <BrushLabels name=\"" + BRUSH_TAG + "\" toName=\"" + IMAGE_TAG + "\">\n" + labels
                + "  </BrushLabels>\n"
                + "  <RectangleLabels name=\"" + RECTANGLE_TAG + "\" toName=\"" + IMAGE_TAG + "\">\n" + labels
                + "  </RectangleLabels>\n"
                + "</View>\n";
    }

    /**
     * Writes the tasks of {@code set} to {@code file} through a temporary file.
     *
     * @param fileNameOfSlice the image reference of slice k, as Label Studio should load it
     * @throws IllegalArgumentException when a shape is not on {@code geometry}'s grid
     */
    public static void write(AnnotationSet set, Geometry geometry, IntFunction<String> fileNameOfSlice, Path file)
            throws IOException {
        Path target = file.toAbsolutePath();
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                write(set, geometry, fileNameOfSlice, out);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Writes the tasks of {@code set} to {@code out}, which stays open.
     *
     * @param fileNameOfSlice the image reference of slice k, as Label Studio should load it
     * @throws IllegalArgumentException when a shape is not on {@code geometry}'s grid
     */
    public static void write(AnnotationSet set, Geometry geometry, IntFunction<String> fileNameOfSlice, OutputStream out)
            throws IOException {
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            json.writeStartArray();
            for (int k = 0; k < geometry.slices(); k++) {
                MAPPER.writeTree(json, task(set, geometry, k, fileNameOfSlice.apply(k)));
            }
            json.writeEndArray();
        }
    }

    private static ObjectNode task(AnnotationSet set, Geometry geometry, int k, String fileName) {
        ObjectNode task = MAPPER.createObjectNode();
        ObjectNode data = task.putObject("data");
        data.put("image", fileName);
        data.put("medannot_scan_id", set.scanId());
        data.put("medannot_slice_index", k);

        // Group results by producer kind: model output as predictions, people's work as annotations.
        Map<String, ArrayNode> results = new LinkedHashMap<>();
        Map<String, Annotation> firstOfGroup = new LinkedHashMap<>();
        for (Annotation annotation : set.annotations()) {
            ObjectNode result = result(annotation, geometry, k);
            if (result == null) {
                continue;
            }
            String group = annotation.provenance().kind() == ProducerKind.MODEL ? "predictions" : "annotations";
            results.computeIfAbsent(group, key -> MAPPER.createArrayNode()).add(result);
            firstOfGroup.putIfAbsent(group, annotation);
        }
        for (Map.Entry<String, ArrayNode> entry : results.entrySet()) {
            ObjectNode item = task.putArray(entry.getKey()).addObject();
            Provenance provenance = firstOfGroup.get(entry.getKey()).provenance();
            if (entry.getKey().equals("predictions")) {
                item.put("model_version", provenance.producerId() + " " + provenance.producerVersion());
            }
            item.set("result", entry.getValue());
        }
        return task;
    }

    /** Returns the result of {@code annotation} on slice k, or {@code null} when it has nothing there. */
    private static ObjectNode result(Annotation annotation, Geometry geometry, int k) {
        Shape shape = annotation.shape();
        int width = geometry.columns();
        int height = geometry.rows();
        ObjectNode result = MAPPER.createObjectNode();
        result.put("id", annotation.id());
        result.put("to_name", IMAGE_TAG);
        result.put("original_width", width);
        result.put("original_height", height);
        result.put("image_rotation", 0);
        ObjectNode value;
        if (shape instanceof BoundingBox box) {
            if (k < box.minZ() || k >= box.maxZ() || box.isEmpty()) {
                return null;
            }
            result.put("from_name", RECTANGLE_TAG);
            result.put("type", "rectanglelabels");
            value = result.putObject("value");
            value.put("x", 100.0 * box.minX() / width);
            value.put("y", 100.0 * box.minY() / height);
            value.put("width", 100.0 * box.width() / width);
            value.put("height", 100.0 * box.height() / height);
            value.put("rotation", 0);
            value.putArray("rectanglelabels").add(annotation.category().name());
        } else {
            boolean[] pixels = slicePixels(shape, geometry, k, annotation.id());
            if (pixels == null) {
                return null;
            }
            result.put("from_name", BRUSH_TAG);
            result.put("type", "brushlabels");
            value = result.putObject("value");
            value.put("format", "rle");
            ArrayNode rle = value.putArray("rle");
            for (int b : BrushRle.encode(pixels)) {
                rle.add(b);
            }
            value.putArray("brushlabels").add(annotation.category().name());
        }
        if (annotation.provenance().kind() == ProducerKind.MODEL) {
            result.put("score", annotation.score());
        }
        return result;
    }

    /** Returns the row-major pixels of a mask or polygon on slice k, or {@code null} when there are none. */
    private static boolean[] slicePixels(Shape shape, Geometry geometry, int k, String id) {
        int width = geometry.columns();
        int height = geometry.rows();
        boolean[] pixels = new boolean[width * height];
        boolean any = false;
        if (shape instanceof Mask mask) {
            if (!mask.geometry().sameGrid(geometry, Mask.GRID_TOLERANCE_MM)) {
                throw new IllegalArgumentException("annotation " + id + ": mask grid differs from the scan's: "
                        + mask.geometry().describeDifference(geometry, Mask.GRID_TOLERANCE_MM));
            }
            int start = k * geometry.sliceSize();
            for (int n = 0; n < pixels.length; n++) {
                pixels[n] = mask.get(start + n);
                any |= pixels[n];
            }
        } else if (shape instanceof Polygon polygon) {
            if (polygon.slice() != k) {
                return null;
            }
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    pixels[y * width + x] = polygon.contains(x + 0.5, y + 0.5);
                    any |= pixels[y * width + x];
                }
            }
        } else {
            throw new IllegalArgumentException("annotation " + id + ": shape type " + shape.getClass().getName()
                    + " has no Label Studio form");
        }
        return any ? pixels : null;
    }

    private static String escapeXml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
