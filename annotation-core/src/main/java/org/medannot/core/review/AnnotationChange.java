package org.medannot.core.review;

import java.util.Objects;

/**
 * The difference of one annotation between two rounds, matched by annotation id.
 *
 * @param annotationId    id of the annotation
 * @param kind            added, removed or changed
 * @param changedVoxels   number of voxels in exactly one of the two shapes, that is the size of the
 *                        symmetric difference. For an added or removed annotation it is the voxel
 *                        count of its shape, and 0 when only the category, score or provenance changed.
 * @param shapeChanged    true when the shapes differ (always true for added and removed)
 * @param categoryChanged true when the category differs (false for added and removed)
 */
public record AnnotationChange(String annotationId, ChangeKind kind, long changedVoxels, boolean shapeChanged,
        boolean categoryChanged) {

    /** Validates the components. */
    public AnnotationChange {
        Objects.requireNonNull(annotationId, "annotationId");
        Objects.requireNonNull(kind, "kind");
        if (changedVoxels < 0) {
            throw new IllegalArgumentException("changedVoxels must be >= 0, but was " + changedVoxels);
        }
    }
}
