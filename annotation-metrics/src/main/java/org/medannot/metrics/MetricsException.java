package org.medannot.metrics;

/**
 * Raised when metrics cannot be computed from the given input: masks on different grids, a
 * malformed evaluation input, or a parameter outside its valid range. The message names the input
 * or field, what was expected and what was found.
 */
public class MetricsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that names the input, the expectation and the finding. */
    public MetricsException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the failure that caused it. */
    public MetricsException(String message, Throwable cause) {
        super(message, cause);
    }
}
