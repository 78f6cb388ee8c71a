package org.medannot.coco.json;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.medannot.coco.CocoFormatException;
import org.medannot.coco.model.CocoAnnotation;
import org.medannot.coco.model.CocoCategory;
import org.medannot.coco.model.CocoImage;
import org.medannot.coco.model.CocoInfo;
import org.medannot.coco.model.CocoLicense;
import org.medannot.coco.model.CocoResult;
import org.medannot.coco.model.PolygonSegmentation;
import org.medannot.coco.model.RleSegmentation;
import org.medannot.coco.model.Segmentation;
import org.medannot.coco.model.SliceSource;
import org.medannot.coco.polygon.CocoPolygons;
import org.medannot.coco.rle.Rle;

/**
 * Converts the JSON tree of one list element (an image, an annotation, ...) to the model, reporting
 * every bad field with its JSON pointer. A method returns {@code null} when the element has an
 * error; it never throws for bad content.
 */
final class ElementReader {

    /** Marks a field whose value was invalid (already reported), as opposed to one that is absent. */
    private static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid() {
            super(null, null, false, false);
        }
    }

    private final Problems problems;

    ElementReader(Problems problems) {
        this.problems = problems;
    }

    CocoInfo info(JsonNode node, String pointer) {
        if (!isObject(node, pointer, "the info object")) {
            return null;
        }
        try {
            Long year = optionalLong(node, pointer, "year");
            if (year != null && (year < Integer.MIN_VALUE || year > Integer.MAX_VALUE)) {
                problems.error(pointer + "/year", "year " + year + " is out of range");
                return null;
            }
            return new CocoInfo(year == null ? null : year.intValue(), optionalString(node, pointer, "version"),
                    optionalString(node, pointer, "description"), optionalString(node, pointer, "contributor"),
                    optionalString(node, pointer, "url"), optionalString(node, pointer, "date_created"));
        } catch (Invalid e) {
            return null;
        }
    }

    CocoLicense license(JsonNode node, String pointer) {
        if (!isObject(node, pointer, "a license object")) {
            return null;
        }
        try {
            long id = requiredLong(node, pointer, "id");
            return new CocoLicense(id, optionalString(node, pointer, "name"), optionalString(node, pointer, "url"));
        } catch (Invalid e) {
            return null;
        }
    }

    CocoCategory category(JsonNode node, String pointer) {
        if (!isObject(node, pointer, "a category object")) {
            return null;
        }
        try {
            long id = requiredLong(node, pointer, "id");
            String name = requiredString(node, pointer, "name");
            return new CocoCategory(id, name, optionalString(node, pointer, "supercategory"));
        } catch (Invalid e) {
            return null;
        }
    }

    CocoImage image(JsonNode node, String pointer) {
        if (!isObject(node, pointer, "an image object")) {
            return null;
        }
        try {
            long id = requiredLong(node, pointer, "id");
            String fileName = requiredString(node, pointer, "file_name");
            int width = positiveInt(node, pointer, "width");
            int height = positiveInt(node, pointer, "height");
            Long license = optionalLong(node, pointer, "license");
            String dateCaptured = optionalString(node, pointer, "date_captured");
            SliceSource source = sliceSource(node.get("medannot_source"), pointer + "/medannot_source");
            return new CocoImage(id, fileName, width, height, license, dateCaptured, source);
        } catch (Invalid e) {
            return null;
        }
    }

    private SliceSource sliceSource(JsonNode node, String pointer) throws Invalid {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!isObject(node, pointer, "a source object")) {
            throw new Invalid();
        }
        String scanId = requiredString(node, pointer, "scan_id");
        long slice = requiredLong(node, pointer, "slice_index");
        if (slice < 0 || slice > Integer.MAX_VALUE) {
            problems.error(pointer + "/slice_index", "expected a slice index >= 0, found " + slice);
            throw new Invalid();
        }
        return new SliceSource(scanId, (int) slice, optionalString(node, pointer, "sop_instance_uid"));
    }

    /**
     * Converts an annotation of a dataset. The caller checks the references and the RLE size
     * against the image, which may come later in the file.
     */
    CocoAnnotation annotation(JsonNode node, String pointer) {
        if (!isObject(node, pointer, "an annotation object")) {
            return null;
        }
        boolean valid = true;
        long id = 0;
        long imageId = 0;
        long categoryId = 0;
        boolean iscrowd = false;
        double area = 0;
        double[] bbox = null;
        Segmentation segmentation = null;
        Double score = null;
        String sourceId = null;
        try {
            id = requiredLong(node, pointer, "id");
        } catch (Invalid e) {
            valid = false;
        }
        try {
            imageId = requiredLong(node, pointer, "image_id");
        } catch (Invalid e) {
            valid = false;
        }
        try {
            categoryId = requiredLong(node, pointer, "category_id");
        } catch (Invalid e) {
            valid = false;
        }
        try {
            iscrowd = iscrowd(node, pointer);
        } catch (Invalid e) {
            valid = false;
        }
        try {
            area = requiredNonNegative(node, pointer, "area");
        } catch (Invalid e) {
            valid = false;
        }
        try {
            bbox = bbox(node.get("bbox"), pointer + "/bbox");
            if (bbox == null && node.get("bbox") == null) {
                problems.warning(pointer, "missing field \"bbox\"; COCOeval with iouType bbox needs it");
            }
        } catch (Invalid e) {
            valid = false;
        }
        try {
            segmentation = segmentation(node.get("segmentation"), pointer + "/segmentation");
        } catch (Invalid e) {
            valid = false;
        }
        try {
            score = optionalScore(node, pointer);
        } catch (Invalid e) {
            valid = false;
        }
        try {
            sourceId = optionalString(node, pointer, "medannot_annotation_id");
        } catch (Invalid e) {
            valid = false;
        }
        if (!valid) {
            return null;
        }
        if (iscrowd && !(segmentation instanceof RleSegmentation)) {
            problems.error(pointer + "/segmentation", "a crowd annotation (iscrowd 1) must carry an RLE, found "
                    + (segmentation == null ? "none" : "polygons"));
            return null;
        }
        if (segmentation == null && bbox == null) {
            problems.error(pointer, "an annotation needs a \"segmentation\" or a \"bbox\", found neither");
            return null;
        }
        if (id == 0) {
            problems.warning(pointer + "/id", "annotation id 0: COCOeval (pycocotools) records a match to"
                    + " ground truth 0 as no match");
        }
        return new CocoAnnotation(id, imageId, categoryId, segmentation, area, bbox, iscrowd, score, sourceId);
    }

    /** Converts one detection of a results list. */
    CocoResult result(JsonNode node, String pointer) {
        if (!isObject(node, pointer, "a result object")) {
            return null;
        }
        try {
            long imageId = requiredLong(node, pointer, "image_id");
            long categoryId = requiredLong(node, pointer, "category_id");
            Double score = optionalScore(node, pointer);
            if (score == null) {
                problems.error(pointer, "missing field \"score\"");
                return null;
            }
            double[] bbox = bbox(node.get("bbox"), pointer + "/bbox");
            Segmentation segmentation = segmentation(node.get("segmentation"), pointer + "/segmentation");
            if (segmentation == null && bbox == null) {
                problems.error(pointer, "a result needs a \"segmentation\" or a \"bbox\", found neither");
                return null;
            }
            return new CocoResult(imageId, categoryId, segmentation, bbox, score);
        } catch (Invalid e) {
            return null;
        }
    }

    private boolean iscrowd(JsonNode node, String pointer) throws Invalid {
        JsonNode value = node.get("iscrowd");
        if (value == null) {
            problems.error(pointer, "missing field \"iscrowd\" (0 or 1); COCOeval reads it for every ground truth");
            throw new Invalid();
        }
        if (!value.isIntegralNumber() || !(value.asLong() == 0 || value.asLong() == 1)) {
            problems.error(pointer + "/iscrowd", "expected 0 or 1, found " + describe(value));
            throw new Invalid();
        }
        return value.asLong() == 1;
    }

    private Double optionalScore(JsonNode node, String pointer) throws Invalid {
        JsonNode value = node.get("score");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            problems.error(pointer + "/score", "expected a finite number, found " + describe(value));
            throw new Invalid();
        }
        return value.doubleValue();
    }

    private double[] bbox(JsonNode value, String pointer) throws Invalid {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray() || value.size() != 4) {
            problems.error(pointer, "expected [x, y, width, height], found " + describe(value));
            throw new Invalid();
        }
        double[] box = numbers(value, pointer);
        if (box[2] < 0 || box[3] < 0) {
            problems.error(pointer, "bbox width and height must be >= 0, found width " + box[2]
                    + " and height " + box[3]);
            throw new Invalid();
        }
        return box;
    }

    /** Converts a segmentation: a list of polygons, or an RLE object. */
    Segmentation segmentation(JsonNode value, String pointer) throws Invalid {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isArray()) {
            return polygons(value, pointer);
        }
        if (value.isObject()) {
            return rle(value, pointer);
        }
        problems.error(pointer, "expected a list of polygons or an RLE object, found " + describe(value));
        throw new Invalid();
    }

    /** Converts an RLE object, returning {@code null} after reporting a problem. */
    Segmentation rleOrNull(JsonNode value, String pointer) {
        try {
            return rle(value, pointer);
        } catch (Invalid e) {
            return null;
        }
    }

    private PolygonSegmentation polygons(JsonNode value, String pointer) throws Invalid {
        List<double[]> polygons = new ArrayList<>(value.size());
        boolean valid = true;
        for (int i = 0; i < value.size(); i++) {
            JsonNode polygon = value.get(i);
            String polygonPointer = pointer + "/" + i;
            if (!polygon.isArray()) {
                problems.error(polygonPointer, "expected a polygon [x0, y0, x1, y1, ...], found " + describe(polygon));
                valid = false;
                continue;
            }
            if (polygon.size() < 6 || polygon.size() % 2 != 0) {
                problems.error(polygonPointer, "a polygon needs an even number of coordinates, at least 6, found "
                        + polygon.size());
                valid = false;
                continue;
            }
            try {
                double[] coordinates = numbers(polygon, polygonPointer);
                for (int n = 0; n < coordinates.length; n++) {
                    if (Math.abs(coordinates[n]) > CocoPolygons.MAX_COORDINATE) {
                        problems.error(polygonPointer + "/" + n, "coordinate " + coordinates[n]
                                + " is beyond the supported magnitude " + CocoPolygons.MAX_COORDINATE);
                        throw new Invalid();
                    }
                }
                polygons.add(coordinates);
            } catch (Invalid e) {
                valid = false;
            }
        }
        if (!valid) {
            throw new Invalid();
        }
        if (polygons.isEmpty()) {
            problems.warning(pointer, "empty polygon list; the annotation has no pixels");
        }
        return new PolygonSegmentation(polygons);
    }

    private RleSegmentation rle(JsonNode value, String pointer) throws Invalid {
        JsonNode size = value.get("size");
        if (size == null) {
            problems.error(pointer, "missing field \"size\" ([height, width]) of the RLE");
            throw new Invalid();
        }
        if (!size.isArray() || size.size() != 2 || !size.get(0).canConvertToInt()
                || !size.get(1).canConvertToInt() || !size.get(0).isIntegralNumber() || !size.get(1).isIntegralNumber()) {
            problems.error(pointer + "/size", "expected [height, width] as two integers, found " + describe(size));
            throw new Invalid();
        }
        int height = size.get(0).intValue();
        int width = size.get(1).intValue();
        JsonNode counts = value.get("counts");
        if (counts == null) {
            problems.error(pointer, "missing field \"counts\" of the RLE");
            throw new Invalid();
        }
        try {
            if (counts.isTextual()) {
                return new RleSegmentation(Rle.fromCompressedString(height, width, counts.textValue()), true);
            }
            if (counts.isArray()) {
                return new RleSegmentation(Rle.ofCounts(height, width, runs(counts, pointer + "/counts")), false);
            }
        } catch (CocoFormatException e) {
            problems.error(pointer + e.pointer(), e.getMessage());
            throw new Invalid();
        }
        problems.error(pointer + "/counts", "expected a compressed string or a list of integers, found " + describe(counts));
        throw new Invalid();
    }

    private int[] runs(JsonNode counts, String pointer) throws Invalid {
        int[] runs = new int[counts.size()];
        for (int i = 0; i < runs.length; i++) {
            JsonNode run = counts.get(i);
            if (!run.isIntegralNumber() || !run.canConvertToInt() || run.intValue() < 0) {
                problems.error(pointer + "/" + i, "expected a run length as an integer in 0.." + Integer.MAX_VALUE
                        + ", found " + describe(run));
                throw new Invalid();
            }
            runs[i] = run.intValue();
        }
        return runs;
    }

    private double[] numbers(JsonNode array, String pointer) throws Invalid {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = array.get(i);
            if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
                problems.error(pointer + "/" + i, "expected a finite number, found " + describe(value));
                throw new Invalid();
            }
            values[i] = value.doubleValue();
        }
        return values;
    }

    private boolean isObject(JsonNode node, String pointer, String expected) {
        if (!node.isObject()) {
            problems.error(pointer, "expected " + expected + ", found " + describe(node));
            return false;
        }
        return true;
    }

    private long requiredLong(JsonNode node, String pointer, String field) throws Invalid {
        Long value = optionalLong(node, pointer, field);
        if (value == null) {
            problems.error(pointer, "missing field \"" + field + "\"");
            throw new Invalid();
        }
        return value;
    }

    private Long optionalLong(JsonNode node, String pointer, String field) throws Invalid {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            problems.error(pointer + "/" + field, "expected an integer, found " + describe(value));
            throw new Invalid();
        }
        return value.longValue();
    }

    private int positiveInt(JsonNode node, String pointer, String field) throws Invalid {
        long value = requiredLong(node, pointer, field);
        if (value < 1 || value > Integer.MAX_VALUE) {
            problems.error(pointer + "/" + field, "expected an integer in 1.." + Integer.MAX_VALUE + ", found " + value);
            throw new Invalid();
        }
        return (int) value;
    }

    private double requiredNonNegative(JsonNode node, String pointer, String field) throws Invalid {
        JsonNode value = node.get(field);
        if (value == null) {
            problems.error(pointer, "missing field \"" + field + "\"");
            throw new Invalid();
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue()) || value.doubleValue() < 0) {
            problems.error(pointer + "/" + field, "expected a finite number >= 0, found " + describe(value));
            throw new Invalid();
        }
        return value.doubleValue();
    }

    private String requiredString(JsonNode node, String pointer, String field) throws Invalid {
        String value = optionalString(node, pointer, field);
        if (value == null) {
            problems.error(pointer, "missing field \"" + field + "\"");
            throw new Invalid();
        }
        return value;
    }

    private String optionalString(JsonNode node, String pointer, String field) throws Invalid {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            problems.error(pointer + "/" + field, "expected a string, found " + describe(value));
            throw new Invalid();
        }
        return value.textValue();
    }

    /** Describes a JSON value by type and a short excerpt, for messages. */
    static String describe(JsonNode value) {
        String type;
        if (value.isObject()) {
            type = "an object";
        } else if (value.isArray()) {
            type = "an array of " + value.size();
        } else if (value.isTextual()) {
            type = "the string";
        } else if (value.isBoolean()) {
            type = "the boolean";
        } else if (value.isNull()) {
            return "null";
        } else {
            type = "the number";
        }
        String text = value.toString();
        if (text.length() > 40) {
            text = text.substring(0, 37) + "...";
        }
        return type + " " + text;
    }
}
