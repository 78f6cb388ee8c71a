package org.medannot.coco.model;

/**
 * One detection of a COCO results file (a JSON list, as COCOeval's {@code loadRes} reads it).
 *
 * @param imageId identifier of the image in the ground-truth dataset
 * @param categoryId identifier of the category
 * @param segmentation RLE or polygons, or {@code null} for a box result
 * @param bbox {@code [x, y, width, height]} in pixels, or {@code null} for a mask result
 * @param score confidence in [0, 1]
 */
public record CocoResult(long imageId, long categoryId, Segmentation segmentation, double[] bbox, double score) {

    public CocoResult {
        if (segmentation == null && bbox == null) {
            throw new IllegalArgumentException("a result needs a segmentation or a bbox");
        }
        if (bbox != null) {
            if (bbox.length != 4) {
                throw new IllegalArgumentException("bbox must have 4 numbers, found " + bbox.length);
            }
            bbox = bbox.clone();
        }
    }

    @Override
    public double[] bbox() {
        return bbox == null ? null : bbox.clone();
    }
}
