package org.medannot.dicom;

/**
 * Raised when DICOM input is invalid, truncated or cannot be decoded. The message names the
 * source (file or stream), the byte offset or attribute, what was expected and what was found.
 *
 * <p>Unchecked, so that it passes through streams and callbacks; every reader of this module
 * raises this type (or a subclass) for bad input and no other exception type.
 */
public class DicomException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DicomException(String message) {
        super(message);
    }

    public DicomException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Builds the usual message: {@code "<source> at offset <offset>: expected <expected>, found <found>"}.
     *
     * @param source file name or other description of the input
     * @param offset byte offset in the file (or in the inflated stream for Deflated Explicit VR
     *     Little Endian), or -1 when no offset applies
     */
    public static DicomException at(String source, long offset, String expected, String found) {
        String where = offset >= 0 ? source + " at offset " + offset : source;
        return new DicomException(where + ": expected " + expected + ", found " + found);
    }
}
