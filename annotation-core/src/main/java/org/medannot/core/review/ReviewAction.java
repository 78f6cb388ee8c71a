package org.medannot.core.review;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.medannot.core.annotation.Annotation;
import org.medannot.core.geometry.Shape;

/**
 * One decision of a reviewer about one annotation of a round: accept it as it is, replace its
 * shape, reject it, or add a new annotation. Every action carries the reviewer id, the time of the
 * decision (an {@link Instant}, so UTC) and an optional free-text reason.
 *
 * <p>Actions are immutable records. {@link Review#apply} turns a round and a list of actions into
 * the next round.
 */
public sealed interface ReviewAction
        permits ReviewAction.Accept, ReviewAction.Edit, ReviewAction.Reject, ReviewAction.Add {

    /** Id of the annotation the action is about; for {@link Add}, the id of the new annotation. */
    String annotationId();

    /** Identifier of the reviewer who made the decision. */
    String reviewerId();

    /** When the decision was made. */
    Instant time();

    /** Reason the reviewer gave for the decision, if any. */
    Optional<String> reason();

    /** Short lower-case name of the action: accept, edit, reject or add. */
    String kind();

    /** Keeps the annotation unchanged and marks it as confirmed by the reviewer. */
    record Accept(String annotationId, String reviewerId, Instant time, Optional<String> reason)
            implements ReviewAction {

        /** Validates the components. */
        public Accept {
            checkCommon(annotationId, reviewerId, time, reason);
        }

        @Override
        public String kind() {
            return "accept";
        }
    }

    /**
     * Replaces the annotation's shape. The category stays; the annotation's provenance becomes the
     * reviewer's and its score 1.
     */
    record Edit(String annotationId, Shape newShape, String reviewerId, Instant time, Optional<String> reason)
            implements ReviewAction {

        /** Validates the components. */
        public Edit {
            checkCommon(annotationId, reviewerId, time, reason);
            Objects.requireNonNull(newShape, "newShape");
        }

        @Override
        public String kind() {
            return "edit";
        }
    }

    /** Removes the annotation from the next round. */
    record Reject(String annotationId, String reviewerId, Instant time, Optional<String> reason)
            implements ReviewAction {

        /** Validates the components. */
        public Reject {
            checkCommon(annotationId, reviewerId, time, reason);
        }

        @Override
        public String kind() {
            return "reject";
        }
    }

    /**
     * Adds an annotation that the round did not have. Its id must be new in the round; its
     * provenance is kept as given, so the caller states who drew it.
     */
    record Add(Annotation annotation, String reviewerId, Instant time, Optional<String> reason)
            implements ReviewAction {

        /** Validates the components. */
        public Add {
            Objects.requireNonNull(annotation, "annotation");
            checkCommon(annotation.id(), reviewerId, time, reason);
        }

        @Override
        public String annotationId() {
            return annotation.id();
        }

        @Override
        public String kind() {
            return "add";
        }
    }

    private static void checkCommon(String annotationId, String reviewerId, Instant time, Optional<String> reason) {
        Objects.requireNonNull(annotationId, "annotationId");
        Objects.requireNonNull(reviewerId, "reviewerId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(reason, "reason");
        if (annotationId.isBlank()) {
            throw new IllegalArgumentException("annotationId must not be blank");
        }
        if (reviewerId.isBlank()) {
            throw new IllegalArgumentException("reviewerId must not be blank (annotation " + annotationId + ")");
        }
    }
}
