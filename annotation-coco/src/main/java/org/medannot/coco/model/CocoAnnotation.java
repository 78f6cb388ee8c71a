package org.medannot.coco.model;

/**
 * One entry of a COCO dataset's {@code annotations} list.
 *
 * <p>Area conventions, as pycocotools uses them: for a mask, {@code area} is its pixel count; for
 * a box-only annotation it is {@code width * height} of the box; for a polygon, COCO files
 * usually hold the polygon's own area.
 *
 * @param id identifier, unique in the dataset (0 is allowed but COCOeval treats a match to ground
 *     truth 0 as no match)
 * @param imageId identifier of an entry of {@code images}
 * @param categoryId identifier of an entry of {@code categories}
 * @param segmentation polygons or RLE, or {@code null} for a box-only annotation
 * @param area area in pixels, >= 0
 * @param bbox {@code [x, y, width, height]} in pixels, x to the right and y down from the image's
 *     top-left corner, or {@code null} when the file has none
 * @param iscrowd whether this marks a crowd region (COCO's {@code iscrowd: 1}); such an annotation
 *     carries an RLE
 * @param score confidence of a model prediction in [0, 1], or {@code null} for ground truth
 * @param sourceId the SDK's annotation id that this entry was exported from, written as
 *     {@code "medannot_annotation_id"} (one SDK annotation of a 3D scan gives one entry per slice);
 *     {@code null} when unknown
 */
public record CocoAnnotation(long id, long imageId, long categoryId, Segmentation segmentation, double area,
                             double[] bbox, boolean iscrowd, Double score, String sourceId) {

    public CocoAnnotation {
        if (bbox != null) {
            if (bbox.length != 4) {
                throw new IllegalArgumentException("annotation " + id + ": bbox must have 4 numbers, found " + bbox.length);
            }
            bbox = bbox.clone();
        }
        if (!(area >= 0) || Double.isInfinite(area)) {
            throw new IllegalArgumentException("annotation " + id + ": area must be finite and >= 0, found " + area);
        }
        if (iscrowd && !(segmentation instanceof RleSegmentation)) {
            throw new IllegalArgumentException("annotation " + id + ": a crowd annotation (iscrowd 1) must carry an RLE");
        }
    }

    /** Returns a copy of the box, or {@code null}. */
    @Override
    public double[] bbox() {
        return bbox == null ? null : bbox.clone();
    }
}
