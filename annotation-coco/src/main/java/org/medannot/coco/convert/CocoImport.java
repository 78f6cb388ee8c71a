package org.medannot.coco.convert;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.medannot.coco.CocoFormatException;
import org.medannot.coco.model.CocoAnnotation;
import org.medannot.coco.model.CocoCategory;
import org.medannot.coco.model.CocoDataset;
import org.medannot.coco.model.CocoImage;
import org.medannot.coco.model.PolygonSegmentation;
import org.medannot.coco.model.RleSegmentation;
import org.medannot.coco.polygon.CocoPolygons;
import org.medannot.core.annotation.Annotation;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.annotation.Category;
import org.medannot.core.annotation.Provenance;
import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.Mask;

/**
 * Turns a COCO instances dataset back into a round of annotations of one scan, the inverse of
 * {@link CocoExport}.
 *
 * <p>Images map to slices through {@code medannot_source.slice_index}; a dataset without it is
 * accepted for a one-slice geometry with exactly one image. COCO annotations with the same
 * {@code medannot_annotation_id} (or, without one, each COCO annotation alone, with id
 * {@code coco-<id>}) form one annotation. RLE and polygon segmentations become a {@link Mask}
 * (polygons rasterized with pycocotools' rule); box-only entries become a {@link BoundingBox}
 * spanning their slices. The score is the entry's {@code score}, or 1 when it has none.
 */
public final class CocoImport {

    private CocoImport() {
    }

    /**
     * Converts {@code dataset} to a round of {@code scanId} on {@code geometry}.
     *
     * @param provenance who produced the annotations (for a reviewed file, the reviewer)
     * @throws CocoFormatException when an image does not match the geometry or cannot be mapped to
     *     a slice, or one annotation id mixes boxes and masks
     */
    public static AnnotationSet toAnnotationSet(CocoDataset dataset, Geometry geometry, String scanId, int round,
                                                OptionalInt parentRound, Provenance provenance)
            throws CocoFormatException {
        Map<Long, Integer> sliceOfImage = slicesOfImages(dataset, geometry);
        Map<Long, Category> categories = new HashMap<>();
        for (CocoCategory category : dataset.categories()) {
            if (category.id() < 0 || category.id() > Integer.MAX_VALUE) {
                throw new CocoFormatException("/categories", "category id " + category.id() + " does not fit 0.."
                        + Integer.MAX_VALUE);
            }
            categories.put(category.id(), new Category((int) category.id(), category.name()));
        }

        Map<String, Group> groups = new LinkedHashMap<>();
        for (int n = 0; n < dataset.annotations().size(); n++) {
            CocoAnnotation entry = dataset.annotations().get(n);
            String pointer = "/annotations/" + n;
            String id = entry.sourceId() != null ? entry.sourceId() : "coco-" + entry.id();
            Integer slice = sliceOfImage.get(entry.imageId());
            if (slice == null) {
                throw new CocoFormatException(pointer + "/image_id", "image " + entry.imageId() + " not found");
            }
            Category category = categories.get(entry.categoryId());
            if (category == null) {
                throw new CocoFormatException(pointer + "/category_id", "category " + entry.categoryId() + " not found");
            }
            Group group = groups.computeIfAbsent(id, key -> new Group(category, entry.score()));
            if (!group.category.equals(category)) {
                throw new CocoFormatException(pointer + "/category_id", "annotation " + id + " has categories "
                        + group.category.id() + " and " + category.id() + " on different slices");
            }
            group.add(entry, slice, geometry, pointer, id);
        }

        List<Annotation> annotations = new ArrayList<>(groups.size());
        for (Map.Entry<String, Group> entry : groups.entrySet()) {
            Group group = entry.getValue();
            double score = group.score == null ? 1.0 : group.score;
            annotations.add(new Annotation(entry.getKey(), group.category, group.shape(), score, provenance));
        }
        return new AnnotationSet(scanId, round, parentRound, annotations);
    }

    private static Map<Long, Integer> slicesOfImages(CocoDataset dataset, Geometry geometry)
            throws CocoFormatException {
        Map<Long, Integer> slices = new HashMap<>();
        for (int n = 0; n < dataset.images().size(); n++) {
            CocoImage image = dataset.images().get(n);
            String pointer = "/images/" + n;
            if (image.width() != geometry.columns() || image.height() != geometry.rows()) {
                throw new CocoFormatException(pointer, "image " + image.id() + " is " + image.width() + " x "
                        + image.height() + " but the scan's slices are " + geometry.columns() + " x " + geometry.rows());
            }
            int slice;
            if (image.source() != null) {
                slice = image.source().sliceIndex();
            } else if (geometry.slices() == 1 && dataset.images().size() == 1) {
                slice = 0;
            } else {
                throw new CocoFormatException(pointer, "image " + image.id() + " has no medannot_source.slice_index,"
                        + " so it cannot be mapped to a slice of a " + geometry.slices() + "-slice scan");
            }
            if (slice >= geometry.slices()) {
                throw new CocoFormatException(pointer + "/medannot_source/slice_index", "slice " + slice
                        + " is outside [0, " + geometry.slices() + ")");
            }
            slices.put(image.id(), slice);
        }
        return slices;
    }

    /** The COCO entries of one annotation, merged slice by slice. */
    private static final class Group {
        final Category category;
        final Double score;
        Mask mask;
        BoundingBox box;

        Group(Category category, Double score) {
            this.category = category;
            this.score = score;
        }

        void add(CocoAnnotation entry, int slice, Geometry geometry, String pointer, String id)
                throws CocoFormatException {
            if (entry.segmentation() == null) {
                if (mask != null) {
                    throw new CocoFormatException(pointer, "annotation " + id + " mixes masks and box-only entries");
                }
                BoundingBox sliceBox = CocoShapes.fromCocoBbox(entry.bbox(), slice);
                box = box == null ? sliceBox : box.union(sliceBox);
                return;
            }
            if (box != null) {
                throw new CocoFormatException(pointer, "annotation " + id + " mixes masks and box-only entries");
            }
            if (mask == null) {
                mask = new Mask(geometry);
            }
            try {
                if (entry.segmentation() instanceof RleSegmentation rle) {
                    CocoShapes.decodeInto(rle.rle(), mask, slice);
                } else if (entry.segmentation() instanceof PolygonSegmentation polygons) {
                    CocoShapes.decodeInto(CocoPolygons.rasterizeAll(polygons.polygons(), geometry.rows(),
                            geometry.columns()), mask, slice);
                }
            } catch (IllegalArgumentException e) {
                throw new CocoFormatException(pointer + "/segmentation", "annotation " + id + ": " + e.getMessage(), e);
            }
        }


        org.medannot.core.geometry.Shape shape() {
            return mask != null ? mask : box;
        }
    }
}
