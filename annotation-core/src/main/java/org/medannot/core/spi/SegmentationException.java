package org.medannot.core.spi;

/**
 * Raised when a segmentation backend cannot produce a result: the model does not load, its
 * inputs do not match the volume, or the inference engine fails. The message names the model
 * and what was wrong.
 */
public class SegmentationException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message. */
    public SegmentationException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the engine's exception. */
    public SegmentationException(String message, Throwable cause) {
        super(message, cause);
    }
}
