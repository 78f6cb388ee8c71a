package org.medannot.examples.review;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.geometry.Polygon;
import org.medannot.core.geometry.Shape;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.dicom.nifti.NiftiReader;
import org.medannot.dicom.nifti.NiftiWriter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON form of shapes and geometries in round directories and edits files. Coordinates are voxel
 * indices, zero-based: x = column, y = row, z = slice.
 * <ul>
 *   <li>box: {@code {"type": "box", "min": [x, y, z], "max": [x, y, z]}}, half-open (max exclusive);</li>
 *   <li>polygon: {@code {"type": "polygon", "slice": z, "exterior": [x0, y0, x1, y1, ...],
 *       "holes": [[...], ...]}} in pixel coordinates, pixel (x, y) covering [x, x+1) x [y, y+1);</li>
 *   <li>mask: {@code {"type": "mask", "file": "masks/mask-0001.nii.gz", "geometry": GEOMETRY}}, a
 *       NIfTI-1 file (uint8, 1 = foreground, 0 = background) relative to the JSON file's folder.
 *       GEOMETRY gives the grid exactly, because NIfTI stores it as float32.</li>
 * </ul>
 * GEOMETRY is {@code {"size": [columns, rows, slices], "spacing": [sx, sy, sz], "origin": [x, y, z],
 * "direction": [9 numbers]}} in mm and DICOM LPS, as {@link Geometry} defines it.
 */
final class ShapeJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Largest distance in mm between a NIfTI file's grid and the JSON geometry; float32 rounding is far smaller. */
    private static final double GRID_TOLERANCE_MM = 1e-3;

    private ShapeJson() {
    }

    static ObjectNode geometry(Geometry geometry) {
        ObjectNode node = NODES.objectNode();
        node.set("size", NODES.arrayNode().add(geometry.columns()).add(geometry.rows()).add(geometry.slices()));
        node.set("spacing", numbers(geometry.spacing()));
        node.set("origin", numbers(geometry.origin()));
        node.set("direction", numbers(geometry.direction()));
        return node;
    }

    static Geometry geometry(JsonNode node, Path file, String field) throws RoundFormatException {
        int[] size = integers(node, "size", 3, file, field);
        double[] spacing = doubles(node.get("spacing"), 3, file, field + ".spacing");
        double[] origin = doubles(node.get("origin"), 3, file, field + ".origin");
        double[] direction = doubles(node.get("direction"), 9, file, field + ".direction");
        try {
            return Geometry.of(size[0], size[1], size[2], spacing, origin, direction);
        } catch (IllegalArgumentException e) {
            throw new RoundFormatException(file, field, "invalid geometry: " + e.getMessage());
        }
    }

    /**
     * Returns the JSON of a shape; a mask is written as a NIfTI file at {@code folder/maskPath}.
     */
    static ObjectNode write(Shape shape, Path folder, String maskPath) throws IOException {
        ObjectNode node = NODES.objectNode();
        if (shape instanceof BoundingBox box) {
            node.put("type", "box");
            node.set("min", NODES.arrayNode().add(box.minX()).add(box.minY()).add(box.minZ()));
            node.set("max", NODES.arrayNode().add(box.maxX()).add(box.maxY()).add(box.maxZ()));
        } else if (shape instanceof Polygon polygon) {
            node.put("type", "polygon");
            node.put("slice", polygon.slice());
            node.set("exterior", numbers(polygon.exterior()));
            ArrayNode holes = node.putArray("holes");
            for (double[] hole : polygon.holes()) {
                holes.add(numbers(hole));
            }
        } else if (shape instanceof Mask mask) {
            node.put("type", "mask");
            node.put("file", maskPath);
            node.set("geometry", geometry(mask.geometry()));
            LabelMap labels = LabelMap.of(mask.geometry());
            labels.paint(mask, 1);
            Path target = folder.resolve(maskPath);
            Files.createDirectories(target.getParent());
            new NiftiWriter().write(labels, target);
        } else {
            throw new IllegalArgumentException("cannot write shape type " + shape.getClass().getName());
        }
        return node;
    }

    /**
     * Reads a shape.
     *
     * @param folder      folder that mask file paths are relative to
     * @param defaultGrid grid for a mask without "geometry"; null when none is known
     */
    static Shape read(JsonNode node, Path folder, Geometry defaultGrid, Path file, String field) throws IOException {
        if (node == null || !node.isObject()) {
            throw new RoundFormatException(file, field, "expected a shape object, found " + describe(node));
        }
        String type = text(node, "type", file, field);
        try {
            switch (type) {
                case "box": {
                    int[] min = integers(node, "min", 3, file, field);
                    int[] max = integers(node, "max", 3, file, field);
                    return new BoundingBox(min[0], min[1], min[2], max[0], max[1], max[2]);
                }
                case "polygon": {
                    JsonNode slice = node.get("slice");
                    if (slice == null || !slice.canConvertToInt() || !slice.isIntegralNumber()) {
                        throw new RoundFormatException(file, field + ".slice", "expected an integer, found " + describe(slice));
                    }
                    double[] exterior = doubles(node.get("exterior"), -1, file, field + ".exterior");
                    List<double[]> holes = new ArrayList<>();
                    JsonNode holesNode = node.get("holes");
                    if (holesNode != null && !holesNode.isNull()) {
                        if (!holesNode.isArray()) {
                            throw new RoundFormatException(file, field + ".holes", "expected an array of rings");
                        }
                        for (int n = 0; n < holesNode.size(); n++) {
                            holes.add(doubles(holesNode.get(n), -1, file, field + ".holes[" + n + "]"));
                        }
                    }
                    return new Polygon(exterior, holes, slice.asInt());
                }
                case "mask":
                    return readMask(node, folder, defaultGrid, file, field);
                default:
                    throw new RoundFormatException(file, field + ".type", "expected box, polygon or mask, found '" + type + "'");
            }
        } catch (IllegalArgumentException e) {
            throw new RoundFormatException(file, field, "invalid " + type + ": " + e.getMessage());
        }
    }

    private static Mask readMask(JsonNode node, Path folder, Geometry defaultGrid, Path file, String field)
            throws IOException {
        String relative = text(node, "file", file, field);
        Path maskFile = folder.resolve(relative).normalize();
        if (!maskFile.startsWith(folder.normalize())) {
            throw new RoundFormatException(file, field + ".file", "path '" + relative + "' leaves the folder of the JSON file");
        }
        if (!Files.isRegularFile(maskFile)) {
            throw new RoundFormatException(file, field + ".file", "mask file " + maskFile + " not found");
        }
        LabelMap labels = new NiftiReader().readLabelMap(maskFile);
        Geometry grid = node.has("geometry") ? geometry(node.get("geometry"), file, field + ".geometry") : defaultGrid;
        if (grid == null) {
            grid = labels.geometry();
        } else if (!labels.geometry().sameGrid(grid, GRID_TOLERANCE_MM)) {
            throw new RoundFormatException(file, field + ".file", "the grid of " + maskFile
                    + " differs from the expected geometry by more than " + GRID_TOLERANCE_MM + " mm");
        }
        int[] present = labels.labels();
        if (present.length > 1 || (present.length == 1 && present[0] != 1)) {
            throw new RoundFormatException(file, field + ".file", maskFile + " must contain only 0 and 1, found labels "
                    + java.util.Arrays.toString(present));
        }
        return labels.mask(1).withGeometry(grid);
    }

    static String text(JsonNode node, String name, Path file, String field) throws RoundFormatException {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual()) {
            throw new RoundFormatException(file, field + "." + name, "expected a string, found " + describe(value));
        }
        return value.asText();
    }

    static int[] integers(JsonNode node, String name, int count, Path file, String field) throws RoundFormatException {
        JsonNode array = node.get(name);
        if (array == null || !array.isArray() || array.size() != count) {
            throw new RoundFormatException(file, field + "." + name, "expected an array of " + count + " integers, found "
                    + describe(array));
        }
        int[] values = new int[count];
        for (int n = 0; n < count; n++) {
            JsonNode value = array.get(n);
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw new RoundFormatException(file, field + "." + name + "[" + n + "]", "expected an integer, found "
                        + describe(value));
            }
            values[n] = value.asInt();
        }
        return values;
    }

    /** Reads an array of finite numbers; {@code count} -1 accepts any length. */
    static double[] doubles(JsonNode array, int count, Path file, String field) throws RoundFormatException {
        if (array == null || !array.isArray() || (count >= 0 && array.size() != count)) {
            throw new RoundFormatException(file, field, "expected an array of " + (count >= 0 ? count + " " : "")
                    + "numbers, found " + describe(array));
        }
        double[] values = new double[array.size()];
        for (int n = 0; n < values.length; n++) {
            JsonNode value = array.get(n);
            if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
                throw new RoundFormatException(file, field + "[" + n + "]", "expected a finite number, found " + describe(value));
            }
            values[n] = value.asDouble();
        }
        return values;
    }

    static String describe(JsonNode node) {
        if (node == null) {
            return "nothing (missing)";
        }
        String text = node.toString();
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }

    private static ArrayNode numbers(double[] values) {
        ArrayNode array = NODES.arrayNode();
        for (double value : values) {
            array.add(value);
        }
        return array;
    }
}
