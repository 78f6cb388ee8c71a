package org.medannot.coco.model;

import java.util.Objects;

/**
 * One entry of a COCO dataset's {@code images} list.
 *
 * @param id identifier referenced by {@link CocoAnnotation#imageId()}
 * @param fileName image file name, not {@code null}
 * @param width number of columns, at least 1
 * @param height number of rows, at least 1
 * @param license identifier of an entry of {@code licenses}, or {@code null}
 * @param dateCaptured capture date as written in the file, or {@code null}
 * @param source the scan and slice this image was exported from, or {@code null}
 */
public record CocoImage(long id, String fileName, int width, int height, Long license, String dateCaptured,
                        SliceSource source) {

    public CocoImage {
        Objects.requireNonNull(fileName, "fileName");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image " + id + " must have width and height >= 1, found "
                    + width + " x " + height);
        }
    }

    /** Returns an image entry with only the required fields. */
    public static CocoImage of(long id, String fileName, int width, int height) {
        return new CocoImage(id, fileName, width, height, null, null, null);
    }
}
