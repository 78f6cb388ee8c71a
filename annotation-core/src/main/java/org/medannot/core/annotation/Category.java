package org.medannot.core.annotation;

import java.util.Objects;

/**
 * What an annotation labels: a numeric id (the label value in label maps, the category id in
 * COCO) and a human-readable name such as "liver".
 *
 * @param id   label value, 1..65535
 * @param name display name, not blank
 */
public record Category(int id, String name) {

    /** Validates the id range and the name. */
    public Category {
        if (id < 1 || id > 0xFFFF) {
            throw new IllegalArgumentException("category id must be in 1..65535, but was " + id);
        }
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("category name must not be blank (id " + id + ")");
        }
    }
}
