package org.medannot.core.spi;

import org.medannot.core.geometry.BoundingBox;

/**
 * A hint from a person to a promptable segmentation backend (SAM-style): a point inside or
 * outside the structure, or a box around it. Coordinates are voxel indices of the volume being
 * segmented (x = column, y = row, z = slice, zero-based).
 */
public sealed interface Prompt permits Prompt.Point, Prompt.Box {

    /** Slice index the prompt applies to. */
    int slice();

    /**
     * A point prompt.
     *
     * @param x        column coordinate in pixels (may be fractional)
     * @param y        row coordinate in pixels (may be fractional)
     * @param slice    zero-based slice index
     * @param positive true for a point on the structure, false for background
     */
    record Point(double x, double y, int slice, boolean positive) implements Prompt {
    }

    /**
     * A box prompt around the structure on one slice.
     *
     * @param box half-open box whose z range is one slice
     */
    record Box(BoundingBox box) implements Prompt {

        /** Validates that the box covers exactly one slice and is not empty. */
        public Box {
            if (box.depth() != 1 || box.isEmpty()) {
                throw new IllegalArgumentException("a box prompt must cover one slice and at least one pixel, but was "
                        + box);
            }
        }

        @Override
        public int slice() {
            return box.minZ();
        }
    }
}
