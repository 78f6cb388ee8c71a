package org.medannot.dicom.image;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A JPEG or PNG file that cannot be decoded into a volume: not an image, corrupt, too large, or
 * in a colour model this SDK does not convert. The message names the file, what was expected and
 * what was found.
 */
public class ImageException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a complete message and an optional cause. */
    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates an exception for one property of the file.
     *
     * @param file     the file being read
     * @param where    the property, such as "size" or "colour model"
     * @param expected what this reader supports
     * @param found    what the file contains
     */
    public static ImageException invalid(Path file, String where, String expected, String found) {
        return new ImageException(file + ": " + where + ": expected " + expected + ", found " + found, null);
    }
}
