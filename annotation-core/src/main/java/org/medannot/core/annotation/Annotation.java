package org.medannot.core.annotation;

import java.util.Objects;

import org.medannot.core.geometry.Shape;

/**
 * One labelled region of a scan.
 *
 * @param id         identifier, unique within its {@link AnnotationSet} and kept across review
 *                   rounds so that rounds can be compared annotation by annotation
 * @param category   what the region is
 * @param shape      the region: a mask, box or polygon in the scan's voxel index space
 * @param score      confidence in [0, 1]; 1 for annotations made by people
 * @param provenance who or what produced it
 */
public record Annotation(String id, Category category, Shape shape, double score, Provenance provenance) {

    /** Validates the components. */
    public Annotation {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("annotation id must not be blank");
        }
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(provenance, "provenance");
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be in [0, 1], but was " + score + " (annotation " + id + ")");
        }
    }

    /** Returns the same annotation with another shape. */
    public Annotation withShape(Shape newShape) {
        return new Annotation(id, category, newShape, score, provenance);
    }
}
