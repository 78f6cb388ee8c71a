package org.medannot.core.review;

/**
 * Raised when a review cannot be applied to a round or a round cannot join a history. Causes are
 * an action that names an annotation the round does not have, two actions on the same annotation,
 * or a round number or parent that does not follow the latest round.
 */
public class ReviewException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the round, the annotation and the problem. */
    public ReviewException(String message) {
        super(message);
    }
}
