package org.medannot.dicom.nifti;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A NIfTI file that cannot be read or written: malformed header, truncated data, a data type or
 * size this SDK does not support. The message names the file, the header field or byte offset,
 * what was expected and what was found.
 */
public class NiftiException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a complete message. */
    public NiftiException(String message) {
        super(message);
    }

    /** Creates an exception with a complete message and its cause. */
    public NiftiException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates an exception for one header field or data position.
     *
     * @param file     the file being read or written
     * @param where    the field name, or a byte offset such as "byte 352"
     * @param expected what the NIfTI format or this reader requires
     * @param found    what the file contains
     */
    public static NiftiException invalid(Path file, String where, String expected, String found) {
        return new NiftiException(file + ": " + where + ": expected " + expected + ", found " + found);
    }
}
