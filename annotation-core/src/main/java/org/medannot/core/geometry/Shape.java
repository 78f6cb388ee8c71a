package org.medannot.core.geometry;

/**
 * The region an annotation marks: a {@link org.medannot.core.mask.Mask}, a {@link BoundingBox} or
 * a {@link Polygon}. All shapes live in voxel index space of the scan they annotate.
 */
public interface Shape {

    /** Returns the smallest box that contains the shape, or an empty box when the shape is empty. */
    BoundingBox bounds();
}
