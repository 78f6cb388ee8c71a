package org.medannot.metrics;

/**
 * The values that metrics report when the reference mask, the prediction mask or both are empty,
 * chosen by the caller and stored in every result so that no undefined value passes unnoticed.
 *
 * <p>Distances: when exactly one mask is empty, HD, HD95 and ASSD are {@link Double#NaN} under
 * {@link #NAN}, {@link Double#POSITIVE_INFINITY} under {@link #INFINITY}, and the diagonal of the
 * grid in mm under {@link #DIAGONAL}. When both are empty they are NaN under {@link #NAN} and 0
 * otherwise, because two empty surfaces agree.
 *
 * <p>Ratios whose denominator is zero (Dice and IoU of two empty masks, precision of an empty
 * prediction, recall of an empty reference, NSD without surface voxels, relative volume difference
 * of an empty reference): NaN under {@link #NAN}. Under the two other policies such a ratio is 1
 * when both masks are empty (0 for the relative volume difference) and 0 when only one is (the
 * relative volume difference of an empty reference is then {@link Double#POSITIVE_INFINITY}).
 * The one such ratio possible with two non-empty masks, the specificity of a reference that fills
 * the grid, is 0 under those policies.
 */
public enum EmptyMaskPolicy {
    /** Undefined values are NaN; the caller must handle them explicitly. */
    NAN,
    /** A missing surface is infinitely far away. */
    INFINITY,
    /** A missing surface is as far away as the grid's diagonal, the largest distance on the grid. */
    DIAGONAL
}
