package org.medannot.core.annotation;

import java.time.Instant;
import java.util.Objects;

/**
 * Where an annotation came from.
 *
 * @param kind            model or person
 * @param producerId      model name or reviewer id
 * @param producerVersion model version; empty for people
 * @param time            when it was produced (UTC)
 * @param inputId         identifier of the input the producer saw, for example a (de-identified)
 *                        Series Instance UID or a file hash; empty when unknown
 */
public record Provenance(ProducerKind kind, String producerId, String producerVersion, Instant time, String inputId) {

    /** Validates that no component is null and the producer id is not blank. */
    public Provenance {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(producerId, "producerId");
        Objects.requireNonNull(producerVersion, "producerVersion");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(inputId, "inputId");
        if (producerId.isBlank()) {
            throw new IllegalArgumentException("producerId must not be blank");
        }
    }

    /** Creates the provenance of a model suggestion. */
    public static Provenance model(String name, String version, Instant time, String inputId) {
        return new Provenance(ProducerKind.MODEL, name, version, time, inputId);
    }

    /** Creates the provenance of a person's annotation. */
    public static Provenance person(String reviewerId, Instant time, String inputId) {
        return new Provenance(ProducerKind.PERSON, reviewerId, "", time, inputId);
    }
}
