package org.medannot.core.ops;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.Mask;

/** Argument checks shared by the operations. */
final class Grids {

    private Grids() {
    }

    /** Raises IllegalArgumentException naming {@code argument} when {@code actual} is not the grid {@code expected}. */
    static void requireSameGrid(String argument, Geometry expected, Geometry actual) {
        if (!expected.sameGrid(actual, Mask.GRID_TOLERANCE_MM)) {
            throw new IllegalArgumentException(argument + " lies on a different grid: "
                    + actual.describeDifference(expected, Mask.GRID_TOLERANCE_MM));
        }
    }

    /** Raises IllegalArgumentException naming {@code argument} when it is null. */
    static <T> T requireNonNull(String argument, T value) {
        if (value == null) {
            throw new IllegalArgumentException(argument + " must not be null");
        }
        return value;
    }
}
