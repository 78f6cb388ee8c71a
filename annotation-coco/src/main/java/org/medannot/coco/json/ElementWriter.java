package org.medannot.coco.json;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

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
import org.medannot.coco.rle.Rle;

/** Writes model elements with COCO's field names to a streaming generator. */
final class ElementWriter {

    /** Integral doubles below this magnitude are written without a fraction part. */
    private static final double EXACT_INTEGER_LIMIT = 1L << 53;

    private ElementWriter() {
    }

    static void info(JsonGenerator json, CocoInfo info) throws IOException {
        json.writeStartObject();
        if (info.year() != null) {
            json.writeNumberField("year", info.year());
        }
        optional(json, "version", info.version());
        optional(json, "description", info.description());
        optional(json, "contributor", info.contributor());
        optional(json, "url", info.url());
        optional(json, "date_created", info.dateCreated());
        json.writeEndObject();
    }

    static void license(JsonGenerator json, CocoLicense license) throws IOException {
        json.writeStartObject();
        json.writeNumberField("id", license.id());
        optional(json, "name", license.name());
        optional(json, "url", license.url());
        json.writeEndObject();
    }

    static void category(JsonGenerator json, CocoCategory category) throws IOException {
        json.writeStartObject();
        json.writeNumberField("id", category.id());
        json.writeStringField("name", category.name());
        optional(json, "supercategory", category.supercategory());
        json.writeEndObject();
    }

    static void image(JsonGenerator json, CocoImage image) throws IOException {
        json.writeStartObject();
        json.writeNumberField("id", image.id());
        json.writeStringField("file_name", image.fileName());
        json.writeNumberField("width", image.width());
        json.writeNumberField("height", image.height());
        if (image.license() != null) {
            json.writeNumberField("license", image.license());
        }
        optional(json, "date_captured", image.dateCaptured());
        SliceSource source = image.source();
        if (source != null) {
            json.writeObjectFieldStart("medannot_source");
            json.writeStringField("scan_id", source.scanId());
            json.writeNumberField("slice_index", source.sliceIndex());
            optional(json, "sop_instance_uid", source.sopInstanceUid());
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    static void annotation(JsonGenerator json, CocoAnnotation annotation) throws IOException {
        json.writeStartObject();
        json.writeNumberField("id", annotation.id());
        json.writeNumberField("image_id", annotation.imageId());
        json.writeNumberField("category_id", annotation.categoryId());
        if (annotation.segmentation() != null) {
            json.writeFieldName("segmentation");
            segmentation(json, annotation.segmentation());
        }
        json.writeFieldName("area");
        number(json, annotation.area());
        if (annotation.bbox() != null) {
            json.writeFieldName("bbox");
            numbers(json, annotation.bbox());
        }
        json.writeNumberField("iscrowd", annotation.iscrowd() ? 1 : 0);
        if (annotation.score() != null) {
            json.writeNumberField("score", annotation.score());
        }
        optional(json, "medannot_annotation_id", annotation.sourceId());
        json.writeEndObject();
    }

    static void result(JsonGenerator json, CocoResult result) throws IOException {
        json.writeStartObject();
        json.writeNumberField("image_id", result.imageId());
        json.writeNumberField("category_id", result.categoryId());
        if (result.segmentation() != null) {
            json.writeFieldName("segmentation");
            segmentation(json, result.segmentation());
        }
        if (result.bbox() != null) {
            json.writeFieldName("bbox");
            numbers(json, result.bbox());
        }
        json.writeNumberField("score", result.score());
        json.writeEndObject();
    }

    static void segmentation(JsonGenerator json, Segmentation segmentation) throws IOException {
        if (segmentation instanceof PolygonSegmentation polygons) {
            json.writeStartArray();
            for (double[] polygon : polygons.polygons()) {
                numbers(json, polygon);
            }
            json.writeEndArray();
        } else if (segmentation instanceof RleSegmentation rleSegmentation) {
            Rle rle = rleSegmentation.rle();
            json.writeStartObject();
            json.writeArrayFieldStart("size");
            json.writeNumber(rle.height());
            json.writeNumber(rle.width());
            json.writeEndArray();
            if (rleSegmentation.compressed()) {
                json.writeStringField("counts", rle.toCompressedString());
            } else {
                json.writeArrayFieldStart("counts");
                for (int i = 0; i < rle.runCount(); i++) {
                    json.writeNumber(rle.run(i));
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }
    }

    private static void numbers(JsonGenerator json, double[] values) throws IOException {
        json.writeStartArray();
        for (double value : values) {
            number(json, value);
        }
        json.writeEndArray();
    }

    /** Writes integral values as integers (an area of 81 as {@code 81}, not {@code 81.0}). */
    private static void number(JsonGenerator json, double value) throws IOException {
        if (value == Math.rint(value) && Math.abs(value) < EXACT_INTEGER_LIMIT) {
            json.writeNumber((long) value);
        } else {
            json.writeNumber(value);
        }
    }

    private static void optional(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }
}
