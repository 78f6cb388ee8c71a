package org.medannot.metrics.coco;

import java.util.Arrays;
import java.util.Objects;

import org.medannot.core.mask.Mask;
import org.medannot.metrics.MetricsException;

/**
 * One detection of a COCO results file, reduced to what evaluation needs.
 *
 * <p>pycocotools' {@code loadRes} numbers results {@code 1 + index} in file order and sets
 * {@code area} to {@code width * height} of the box for box results and to the mask's pixel count
 * for segmentation results; callers that convert a results file do the same.
 *
 * @param id         the detection id
 * @param imageId    the {@code image_id}
 * @param categoryId the {@code category_id}
 * @param score      the confidence; higher ranks first, ties keep input order
 * @param area       area in pixels, which assigns the detection to an area range
 * @param bbox       {@code [x, y, width, height]} in pixels; used for {@link CocoIouType#BBOX}
 * @param mask       the decoded segmentation, or {@code null}; used for {@link CocoIouType#SEGM}
 */
public record CocoDetection(long id, long imageId, int categoryId, double score, double area, double[] bbox,
        Mask mask) {

    /** Checks the box length and copies it; a {@code null} box (masks only) is stored as zeros. */
    public CocoDetection {
        bbox = checkBox(bbox, "detection " + id);
    }

    @Override
    public double[] bbox() {
        return bbox.clone();
    }

    double boxValue(int index) {
        return bbox[index];
    }

    static double[] checkBox(double[] bbox, String owner) {
        if (bbox == null) {
            return new double[4];
        }
        if (bbox.length != 4) {
            throw new MetricsException(owner + ": bbox must have 4 numbers [x, y, width, height], but has "
                    + bbox.length);
        }
        return bbox.clone();
    }

    @Override
    public boolean equals(Object object) {
        return object instanceof CocoDetection other && id == other.id && imageId == other.imageId
                && categoryId == other.categoryId && Double.compare(score, other.score) == 0
                && Double.compare(area, other.area) == 0 && Arrays.equals(bbox, other.bbox)
                && Objects.equals(mask, other.mask);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, imageId, categoryId, score, area, Arrays.hashCode(bbox));
    }
}
