package org.medannot.coco.convert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import org.medannot.coco.model.CocoAnnotation;
import org.medannot.coco.model.CocoCategory;
import org.medannot.coco.model.CocoDataset;
import org.medannot.coco.model.CocoImage;
import org.medannot.coco.model.CocoInfo;
import org.medannot.coco.model.CocoResult;
import org.medannot.coco.model.PolygonSegmentation;
import org.medannot.coco.model.RleSegmentation;
import org.medannot.coco.model.SliceSource;
import org.medannot.coco.rle.Rle;
import org.medannot.core.annotation.Annotation;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.annotation.ProducerKind;
import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.geometry.Polygon;
import org.medannot.core.geometry.Shape;
import org.medannot.core.mask.Mask;

/**
 * Builds a COCO instances dataset from one round of annotations of a scan.
 *
 * <p>Each slice k of the scan becomes one COCO image (id k + 1, width = columns, height = rows)
 * whose {@code medannot_source} records the scan id, k and, where given, the slice's SOP Instance
 * UID; a 2D image is a scan with one slice. Each annotation becomes one COCO annotation per slice
 * it covers, carrying its id in {@code medannot_annotation_id}:
 * <ul>
 *   <li>a {@link Mask}: a compressed RLE per non-empty slice, area = pixel count, bbox = tight box;
 *   <li>a {@link BoundingBox}: a box-only entry per slice from minZ to maxZ - 1, area = width *
 *       height, no segmentation;
 *   <li>a {@link Polygon}: one COCO polygon on its slice (holes joined as in
 *       {@link CocoShapes#toCocoPolygon}), area = the polygon's shoelace area, bbox = its extent.
 * </ul>
 * {@code iscrowd} is always 0, because COCOeval ignores detections matched to crowd regions and
 * would silently drop model masks. The score is written for annotations whose provenance is a
 * model.
 */
public final class CocoExport {

    private CocoExport() {
    }

    /** Exports with image file names {@code <scanId>_<k>.png} and no SOP Instance UIDs. */
    public static CocoDataset toDataset(AnnotationSet set, Geometry geometry) {
        return toDataset(set, geometry, k -> defaultFileName(set.scanId(), k), k -> null);
    }

    /**
     * Exports {@code set}, whose shapes lie on {@code geometry}'s grid.
     *
     * @param fileNameOfSlice the image file name of slice k
     * @param sopInstanceUidOfSlice the SOP Instance UID of slice k, or {@code null}
     * @throws IllegalArgumentException when a mask is on another grid or a shape lies outside it
     */
    public static CocoDataset toDataset(AnnotationSet set, Geometry geometry, IntFunction<String> fileNameOfSlice,
                                        IntFunction<String> sopInstanceUidOfSlice) {
        List<CocoImage> images = new ArrayList<>(geometry.slices());
        for (int k = 0; k < geometry.slices(); k++) {
            SliceSource source = new SliceSource(set.scanId(), k, sopInstanceUidOfSlice.apply(k));
            images.add(new CocoImage(k + 1L, fileNameOfSlice.apply(k), geometry.columns(), geometry.rows(), null,
                    null, source));
        }

        Map<Integer, CocoCategory> categories = new LinkedHashMap<>();
        List<CocoAnnotation> annotations = new ArrayList<>();
        long nextId = 1;
        for (Annotation annotation : set.annotations()) {
            categories.putIfAbsent(annotation.category().id(),
                    new CocoCategory(annotation.category().id(), annotation.category().name(), null));
            for (Entry entry : entries(annotation.shape(), geometry, annotation.id())) {
                Double score = annotation.provenance().kind() == ProducerKind.MODEL ? annotation.score() : null;
                annotations.add(new CocoAnnotation(nextId++, entry.slice + 1L, annotation.category().id(),
                        entry.segmentation, entry.area, entry.bbox, false, score, annotation.id()));
            }
        }
        CocoInfo info = CocoInfo.describedAs("scan " + set.scanId() + ", annotation round " + set.round());
        return new CocoDataset(info, List.of(), images, annotations, new ArrayList<>(categories.values()));
    }

    /**
     * Exports {@code set} as a COCO results list for COCOeval: per annotation and slice, the
     * entries {@link #toDataset} would write, with the image id k + 1, the category id and the
     * annotation's score. Mask entries carry {@code segmentation} and {@code bbox}; box-only
     * entries only {@code bbox}. Note that pycocotools' {@code loadRes} takes a list whose first
     * result has a {@code bbox} as box results; write mask and box results to separate files.
     */
    public static List<CocoResult> toResults(AnnotationSet set, Geometry geometry) {
        List<CocoResult> results = new ArrayList<>();
        for (Annotation annotation : set.annotations()) {
            for (Entry entry : entries(annotation.shape(), geometry, annotation.id())) {
                results.add(new CocoResult(entry.slice + 1L, annotation.category().id(), entry.segmentation,
                        entry.bbox, annotation.score()));
            }
        }
        return results;
    }

    /** Returns {@code <scanId>_<k>.png} with characters other than letters, digits, '.', '-' and '_' replaced. */
    public static String defaultFileName(String scanId, int k) {
        return scanId.replaceAll("[^A-Za-z0-9._-]", "_") + "_" + k + ".png";
    }

    /** One COCO annotation's worth of a shape on one slice. */
    private record Entry(int slice, org.medannot.coco.model.Segmentation segmentation, double area, double[] bbox) {
    }

    private static List<Entry> entries(Shape shape, Geometry geometry, String id) {
        List<Entry> entries = new ArrayList<>();
        if (shape instanceof Mask mask) {
            if (!mask.geometry().sameGrid(geometry, Mask.GRID_TOLERANCE_MM)) {
                throw new IllegalArgumentException("annotation " + id + ": mask grid differs from the scan's: "
                        + mask.geometry().describeDifference(geometry, Mask.GRID_TOLERANCE_MM));
            }
            for (int k = 0; k < geometry.slices(); k++) {
                Rle rle = CocoShapes.encodeSlice(mask, k);
                if (rle.area() > 0) {
                    entries.add(new Entry(k, RleSegmentation.of(rle), rle.area(), rle.toBbox()));
                }
            }
        } else if (shape instanceof BoundingBox box) {
            checkInside(box, geometry, id);
            for (int k = box.minZ(); k < box.maxZ(); k++) {
                entries.add(new Entry(k, null, (double) box.width() * box.height(), CocoShapes.toCocoBbox(box)));
            }
        } else if (shape instanceof Polygon polygon) {
            if (polygon.slice() >= geometry.slices()) {
                throw new IllegalArgumentException("annotation " + id + ": polygon slice " + polygon.slice()
                        + " is outside [0, " + geometry.slices() + ")");
            }
            double[] coco = CocoShapes.toCocoPolygon(polygon);
            entries.add(new Entry(polygon.slice(), new PolygonSegmentation(List.of(coco)), polygon.area(),
                    CocoShapes.polygonBbox(List.of(polygon.exterior()))));
        } else {
            throw new IllegalArgumentException("annotation " + id + ": shape type " + shape.getClass().getName()
                    + " has no COCO form");
        }
        return entries;
    }

    private static void checkInside(BoundingBox box, Geometry geometry, String id) {
        if (box.minX() < 0 || box.minY() < 0 || box.minZ() < 0 || box.maxX() > geometry.columns()
                || box.maxY() > geometry.rows() || box.maxZ() > geometry.slices()) {
            throw new IllegalArgumentException("annotation " + id + ": box " + box + " is outside the "
                    + geometry.columns() + " x " + geometry.rows() + " x " + geometry.slices() + " grid");
        }
    }
}
