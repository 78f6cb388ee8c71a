package org.medannot.coco.json;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.medannot.coco.model.CocoAnnotation;
import org.medannot.coco.model.CocoCategory;
import org.medannot.coco.model.CocoImage;
import org.medannot.coco.model.CocoLicense;
import org.medannot.coco.model.CocoResult;
import org.medannot.coco.model.RleSegmentation;

/**
 * Streams a COCO dataset or results file. The top level is read token by token, and each list
 * element is read as a small tree, converted and handed on. So the file as a whole is never one
 * tree in memory. NOTE: one element is still a whole tree, so an annotation with an uncompressed
 * RLE of millions of runs costs tens of bytes per run while it is converted. References (image
 * and category ids, RLE size against image size) are checked at the end because a file may list
 * annotations before images.
 */
final class DatasetParser {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Set<String> REQUIRED = Set.of("images", "annotations", "categories");

    private final Problems problems;
    private final ElementReader elements;

    private final Map<Long, Integer> licenseIndex = new HashMap<>();
    private final Map<Long, Integer> categoryIndex = new HashMap<>();
    private final Map<Long, Integer> imageIndex = new HashMap<>();
    private final Map<Long, int[]> imageSizes = new HashMap<>();
    private final Map<Long, Integer> annotationIndex = new HashMap<>();
    private final Map<Integer, Long> imageLicenses = new HashMap<>();
    private final AnnotationReferences references = new AnnotationReferences();

    DatasetParser(Problems problems) {
        this.problems = problems;
        this.elements = new ElementReader(problems);
    }

    /**
     * Reads a document whose top level is either a dataset object or a results list. Returns
     * {@code true} when it was a results list.
     */
    boolean parseAny(InputStream in, CocoVisitor visitor, Consumer<CocoResult> results) throws IOException {
        try (JsonParser parser = MAPPER.createParser(in)) {
            try {
                JsonToken first = parser.nextToken();
                if (first == JsonToken.START_ARRAY) {
                    parseResultList(parser, results);
                    return true;
                }
                parseDataset(parser, first, visitor);
                return false;
            } catch (JsonProcessingException e) {
                problems.error(parser.getParsingContext().pathAsPointer().toString(), syntaxMessage(e));
                return false;
            }
        }
    }

    private void parseDataset(JsonParser parser, JsonToken first, CocoVisitor visitor) throws IOException {
        if (first == null) {
            problems.error("", "the document is empty, expected a COCO dataset object");
            return;
        }
        if (first != JsonToken.START_OBJECT) {
            problems.error("", "expected a COCO dataset object or a results list, found " + first.asString());
            return;
        }
        Set<String> seen = new HashSet<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            seen.add(name);
            JsonToken value = parser.nextToken();
            switch (name) {
                case "info" -> {
                    JsonNode node = parser.readValueAsTree();
                    var info = elements.info(node, "/info");
                    if (info != null) {
                        visitor.info(info);
                    }
                }
                case "licenses", "images", "annotations", "categories" -> parseList(parser, value, name, visitor);
                default -> parser.skipChildren();
            }
        }
        expectEnd(parser);
        for (String name : REQUIRED) {
            if (!seen.contains(name)) {
                problems.error("", "missing field \"" + name + "\" (a list) of the COCO dataset");
            }
        }
        checkReferences();
    }

    private void parseList(JsonParser parser, JsonToken value, String name, CocoVisitor visitor) throws IOException {
        String pointer = "/" + name;
        if (value != JsonToken.START_ARRAY) {
            problems.error(pointer, "expected a list, found " + value.asString());
            parser.skipChildren();
            return;
        }
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            JsonNode node = parser.readValueAsTree();
            String elementPointer = pointer + "/" + index;
            switch (name) {
                case "licenses" -> license(node, elementPointer, index, visitor);
                case "categories" -> category(node, elementPointer, index, visitor);
                case "images" -> image(node, elementPointer, index, visitor);
                default -> annotation(node, elementPointer, index, visitor);
            }
            index++;
        }
    }

    private void license(JsonNode node, String pointer, int index, CocoVisitor visitor) {
        CocoLicense license = elements.license(node, pointer);
        if (license != null && unique(licenseIndex, license.id(), index, pointer, "licenses")) {
            visitor.license(license);
        }
    }

    private void category(JsonNode node, String pointer, int index, CocoVisitor visitor) {
        CocoCategory category = elements.category(node, pointer);
        if (category != null && unique(categoryIndex, category.id(), index, pointer, "categories")) {
            visitor.category(category);
        }
    }

    private void image(JsonNode node, String pointer, int index, CocoVisitor visitor) {
        CocoImage image = elements.image(node, pointer);
        if (image != null && unique(imageIndex, image.id(), index, pointer, "images")) {
            imageSizes.put(image.id(), new int[] {image.height(), image.width()});
            if (image.license() != null) {
                imageLicenses.put(index, image.license());
            }
            visitor.image(image);
        }
    }

    private void annotation(JsonNode node, String pointer, int index, CocoVisitor visitor) {
        CocoAnnotation annotation = elements.annotation(node, pointer);
        if (annotation != null && unique(annotationIndex, annotation.id(), index, pointer, "annotations")) {
            int height = -1;
            int width = -1;
            if (annotation.segmentation() instanceof RleSegmentation rle) {
                height = rle.rle().height();
                width = rle.rle().width();
            }
            references.add(index, annotation.imageId(), annotation.categoryId(), height, width);
            visitor.annotation(annotation);
        } else if (annotation == null && node.isObject()) {
            // Check the references of an invalid annotation too, so that one run lists every problem.
            JsonNode imageId = node.get("image_id");
            JsonNode categoryId = node.get("category_id");
            if (imageId != null && imageId.isIntegralNumber() && imageId.canConvertToLong()
                    && categoryId != null && categoryId.isIntegralNumber() && categoryId.canConvertToLong()) {
                references.add(index, imageId.longValue(), categoryId.longValue(), -1, -1);
            }
        }
    }

    private boolean unique(Map<Long, Integer> index, long id, int position, String pointer, String list) {
        Integer first = index.putIfAbsent(id, position);
        if (first != null) {
            problems.error(pointer + "/id", "duplicate id " + id + ", already used by /" + list + "/" + first);
            return false;
        }
        return true;
    }

    private void checkReferences() {
        for (int i = 0; i < references.size; i++) {
            String pointer = "/annotations/" + references.index[i];
            long imageId = references.imageId[i];
            int[] size = imageSizes.get(imageId);
            if (size == null) {
                problems.error(pointer + "/image_id", "image " + imageId + " not found in /images");
            } else if (references.height[i] >= 0
                    && (references.height[i] != size[0] || references.width[i] != size[1])) {
                problems.error(pointer + "/segmentation/size", "RLE size [" + references.height[i] + ", "
                        + references.width[i] + "] differs from image " + imageId + "'s [height, width] ["
                        + size[0] + ", " + size[1] + "]");
            }
            long categoryId = references.categoryId[i];
            if (!categoryIndex.containsKey(categoryId)) {
                problems.error(pointer + "/category_id", "category " + categoryId + " not found in /categories");
            }
        }
        for (Map.Entry<Integer, Long> entry : imageLicenses.entrySet()) {
            if (!licenseIndex.containsKey(entry.getValue())) {
                problems.warning("/images/" + entry.getKey() + "/license", "license " + entry.getValue()
                        + " not found in /licenses");
            }
        }
    }

    private void parseResultList(JsonParser parser, Consumer<CocoResult> results) throws IOException {
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            JsonNode node = parser.readValueAsTree();
            CocoResult result = elements.result(node, "/" + index);
            if (result != null) {
                results.accept(result);
            }
            index++;
        }
        expectEnd(parser);
    }

    private void expectEnd(JsonParser parser) throws IOException {
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            problems.error("", "unexpected content after the end of the document: " + trailing.asString());
        }
    }

    static String syntaxMessage(JsonProcessingException e) {
        var location = e.getLocation();
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        String detail = e.getOriginalMessage();
        int newline = detail == null ? -1 : detail.indexOf('\n');
        if (newline >= 0) {
            detail = detail.substring(0, newline);
        }
        return "invalid JSON" + where + ": " + detail;
    }

    /** The references of each read annotation, kept as primitive arrays for large datasets. */
    private static final class AnnotationReferences {
        int size;
        int[] index = new int[64];
        long[] imageId = new long[64];
        long[] categoryId = new long[64];
        int[] height = new int[64];
        int[] width = new int[64];

        void add(int position, long image, long category, int rleHeight, int rleWidth) {
            if (size == index.length) {
                int capacity = size * 2;
                index = Arrays.copyOf(index, capacity);
                imageId = Arrays.copyOf(imageId, capacity);
                categoryId = Arrays.copyOf(categoryId, capacity);
                height = Arrays.copyOf(height, capacity);
                width = Arrays.copyOf(width, capacity);
            }
            index[size] = position;
            imageId[size] = image;
            categoryId[size] = category;
            height[size] = rleHeight;
            width[size] = rleWidth;
            size++;
        }
    }
}
