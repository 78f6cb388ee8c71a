package org.medannot.coco.json;

import java.util.Objects;

/**
 * One problem found in a COCO file.
 *
 * @param severity {@link Severity#ERROR} when the file breaks the format or its references, so
 *     readers would fail or misread it; {@link Severity#WARNING} when it is valid but likely to
 *     mislead an evaluation
 * @param pointer JSON pointer (RFC 6901) of the bad value, for example
 *     {@code /annotations/3/segmentation/size}; {@code ""} is the whole document
 * @param message what was expected and what was found
 */
public record CocoProblem(Severity severity, String pointer, String message) {

    /** Severity of a problem. */
    public enum Severity {
        ERROR,
        WARNING
    }

    public CocoProblem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
    }

    /** Returns {@code "ERROR /pointer: message"}, with {@code (document)} for the empty pointer. */
    @Override
    public String toString() {
        return severity + " " + (pointer.isEmpty() ? "(document)" : pointer) + ": " + message;
    }
}
