package org.medannot.core.mask;

/**
 * The order in which voxels appear in a flat array exchanged with other code.
 */
public enum VoxelOrder {
    /**
     * Column index (x) fastest, then row (y), then slice (z): the C order of an array indexed
     * {@code [z][y][x]}, as numpy holds an image of shape (slices, rows, columns). This is the
     * SDK's internal order.
     */
    ROW_MAJOR,
    /**
     * Row index (y) fastest, then column (x), then slice (z): Fortran order within each slice, as
     * COCO's run-length encoding reads a (height, width) mask.
     */
    COLUMN_MAJOR
}
