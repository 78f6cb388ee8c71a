package org.medannot.coco;

/**
 * Raised when COCO, Label Studio or CVAT input is not what its format requires: a truncated or
 * malformed file, a field of the wrong type, an RLE whose runs do not add up to its size.
 *
 * <p>The message names the file (when known), the JSON pointer or field of the bad value, what was
 * expected and what was found. {@link #pointer()} returns the JSON pointer alone (RFC 6901, for
 * example {@code /annotations/3/segmentation/counts}), or an empty string when the problem is not
 * tied to one value.
 */
public class CocoFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String pointer;

    /** Creates an exception that is not tied to one value of the input. */
    public CocoFormatException(String message) {
        this("", message, null);
    }

    /** Creates an exception for the value at {@code pointer}; the message should name it too. */
    public CocoFormatException(String pointer, String message) {
        this(pointer, message, null);
    }

    /** Creates an exception for the value at {@code pointer}, caused by {@code cause}. */
    public CocoFormatException(String pointer, String message, Throwable cause) {
        super(message, cause);
        this.pointer = pointer == null ? "" : pointer;
    }

    /** Returns the JSON pointer of the bad value, or an empty string. */
    public String pointer() {
        return pointer;
    }
}
