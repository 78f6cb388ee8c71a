package org.medannot.core.annotation;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Source of a round's suggestions: the model, the preprocessing recipe and the prompt behind each
 * suggestion, so that a round can be reproduced and audited.
 *
 * @param modelName       name of the segmentation model or algorithm
 * @param modelVersion    its version; empty when unknown
 * @param modelFileSha256 SHA-256 of the model file as 64 lower-case hex digits; empty for a model
 *                        without a file (such as a classical algorithm)
 * @param recipeSha256    SHA-256 of the preprocessing recipe (window, resampling, normalization)
 *                        as 64 lower-case hex digits; empty when unknown
 * @param prompts         prompt of each suggestion by annotation id, in the producer's own text form
 *                        (for example {@code "point 120,88,14"}); stored sorted by id
 */
public record RoundOrigin(String modelName, String modelVersion, String modelFileSha256, String recipeSha256,
        Map<String, String> prompts) {

    /** Validates the components and copies the prompts. */
    public RoundOrigin {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(modelFileSha256, "modelFileSha256");
        Objects.requireNonNull(recipeSha256, "recipeSha256");
        Objects.requireNonNull(prompts, "prompts");
        if (modelName.isBlank()) {
            throw new IllegalArgumentException("modelName must not be blank");
        }
        checkHash("modelFileSha256", modelFileSha256);
        checkHash("recipeSha256", recipeSha256);
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> prompt : prompts.entrySet()) {
            sorted.put(Objects.requireNonNull(prompt.getKey(), "prompt annotation id"),
                    Objects.requireNonNull(prompt.getValue(), "prompt of " + prompt.getKey()));
        }
        prompts = Collections.unmodifiableMap(sorted);
    }

    /** Creates an origin with a model name and version only. */
    public static RoundOrigin model(String modelName, String modelVersion) {
        return new RoundOrigin(modelName, modelVersion, "", "", Map.of());
    }

    private static void checkHash(String name, String value) {
        if (!value.isEmpty() && !value.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(name + " must be empty or 64 lower-case hex digits, but was '" + value + "'");
        }
    }
}
