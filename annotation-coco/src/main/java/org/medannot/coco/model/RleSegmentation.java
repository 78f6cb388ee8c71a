package org.medannot.coco.model;

import java.util.Objects;

import org.medannot.coco.rle.Rle;

/**
 * A segmentation given as one RLE.
 *
 * @param rle the mask; its size is the image's [height, width]
 * @param compressed whether the file stores the runs as pycocotools' compressed string
 *     ({@code "counts": "..."}) rather than as a list of integers
 */
public record RleSegmentation(Rle rle, boolean compressed) implements Segmentation {

    public RleSegmentation {
        Objects.requireNonNull(rle, "rle");
    }

    /** Returns a segmentation written as a compressed string. */
    public static RleSegmentation of(Rle rle) {
        return new RleSegmentation(rle, true);
    }
}
