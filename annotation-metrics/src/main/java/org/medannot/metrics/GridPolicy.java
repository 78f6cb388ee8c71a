package org.medannot.metrics;

/**
 * The action of a comparison when the prediction lies on another grid than the reference (size,
 * spacing, origin or direction differ by more than {@link org.medannot.core.mask.Mask#GRID_TOLERANCE_MM}).
 */
public enum GridPolicy {
    /** Raise a {@link MetricsException} that describes the difference. The default. */
    REQUIRE_SAME_GRID,
    /**
     * Resample the prediction onto the reference grid by nearest neighbour in patient coordinates
     * first; reference voxels whose centre maps outside the prediction grid become background.
     */
    RESAMPLE_PREDICTION_NEAREST
}
