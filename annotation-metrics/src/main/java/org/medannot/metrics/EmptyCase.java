package org.medannot.metrics;

/** The empty masks among the two compared ones, stored in a result beside the {@link EmptyMaskPolicy}. */
public enum EmptyCase {
    /** Both masks have foreground voxels; every metric is defined. */
    NONE,
    /** Both masks are empty. */
    BOTH_EMPTY,
    /** The reference is empty and the prediction is not (a false detection). */
    REFERENCE_EMPTY,
    /** The prediction is empty and the reference is not (a missed structure). */
    PREDICTION_EMPTY;

    /** Returns the case for the two foreground voxel counts. */
    public static EmptyCase of(long referenceCount, long predictionCount) {
        if (referenceCount == 0) {
            return predictionCount == 0 ? BOTH_EMPTY : REFERENCE_EMPTY;
        }
        return predictionCount == 0 ? PREDICTION_EMPTY : NONE;
    }
}
