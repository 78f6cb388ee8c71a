package org.medannot.metrics.coco;

import java.util.Objects;

import org.medannot.core.mask.Mask;

/**
 * One ground-truth object of a COCO instances file, reduced to what evaluation needs.
 *
 * @param id         the annotation {@code id}
 * @param imageId    the {@code image_id}
 * @param categoryId the {@code category_id}
 * @param area       the {@code area} field in pixels; COCOeval assigns objects to area ranges by this
 *                   value for both IoU types, not by the mask
 * @param iscrowd    the {@code iscrowd} flag: a crowd region is ignored in the counts and can absorb
 *                   any number of detections
 * @param bbox       {@code [x, y, width, height]} in pixels, x to the right and y down from the top
 *                   left corner of the image; used for {@link CocoIouType#BBOX}
 * @param mask       the decoded segmentation on a one-slice grid of the image size, or {@code null}
 *                   when only boxes are evaluated; used for {@link CocoIouType#SEGM}
 */
public record CocoGroundTruth(long id, long imageId, int categoryId, double area, boolean iscrowd, double[] bbox,
        Mask mask) {

    /** Checks the box length and copies it; a {@code null} box (masks only) is stored as zeros. */
    public CocoGroundTruth {
        bbox = CocoDetection.checkBox(bbox, "ground truth " + id);
    }

    @Override
    public double[] bbox() {
        return bbox.clone();
    }

    double boxValue(int index) {
        return bbox[index];
    }

    @Override
    public boolean equals(Object object) {
        return object instanceof CocoGroundTruth other && id == other.id && imageId == other.imageId
                && categoryId == other.categoryId && Double.compare(area, other.area) == 0 && iscrowd == other.iscrowd
                && java.util.Arrays.equals(bbox, other.bbox) && Objects.equals(mask, other.mask);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, imageId, categoryId, area, iscrowd, java.util.Arrays.hashCode(bbox));
    }
}
