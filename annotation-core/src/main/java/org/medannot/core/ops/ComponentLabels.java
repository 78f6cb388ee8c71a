package org.medannot.core.ops;

import java.util.Arrays;
import java.util.function.IntPredicate;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;

/**
 * The connected components of a mask, from {@link ConnectedComponents#label(Mask, int)}.
 *
 * <p>Components are numbered 1..{@link #count()} in raster order of their first voxel (column
 * index fastest, then row, then slice), the numbering of {@code scipy.ndimage.label}. Label 0 is
 * background. The components are stored as runs of foreground voxels along rows (about 12 bytes
 * per run), so a per-voxel label array is built only on request by {@link #labelArray()}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ComponentLabels {

    private final Geometry geometry;
    private final int count;
    private final long[] sizes;
    private final int[] rowFirstRun;
    private final int[] runStart;
    private final int[] runEnd;
    private final int[] runLabel;

    ComponentLabels(Geometry geometry, int count, long[] sizes, int[] rowFirstRun, int[] runStart, int[] runEnd,
            int[] runLabel) {
        this.geometry = geometry;
        this.count = count;
        this.sizes = sizes;
        this.rowFirstRun = rowFirstRun;
        this.runStart = runStart;
        this.runEnd = runEnd;
        this.runLabel = runLabel;
    }

    /** The grid of the labelled mask. */
    public Geometry geometry() {
        return geometry;
    }

    /** Number of components. */
    public int count() {
        return count;
    }

    /**
     * Returns the voxel count of component {@code label}.
     *
     * @throws IllegalArgumentException when {@code label} is outside 1..count
     */
    public long size(int label) {
        checkLabel(label);
        return sizes[label];
    }

    /** Returns the voxel counts of all components: element {@code n} is the size of label {@code n + 1}. */
    public long[] sizes() {
        return Arrays.copyOfRange(sizes, 1, count + 1);
    }

    /** Returns the label of the largest component (the lowest label among equal sizes), or 0 when there is none. */
    public int largestLabel() {
        int best = 0;
        for (int label = 1; label <= count; label++) {
            if (sizes[label] > sizes[best]) {
                best = label;
            }
        }
        return best;
    }

    /**
     * Returns a new mask of component {@code label}.
     *
     * @throws IllegalArgumentException when {@code label} is outside 1..count
     */
    public Mask mask(int label) {
        checkLabel(label);
        return mask(candidate -> candidate == label);
    }

    /**
     * Returns a new mask of every component whose label passes {@code selected}, such as the
     * components of at least a given size; it is built from the runs, without a label per voxel.
     */
    public Mask mask(IntPredicate selected) {
        Mask mask = new Mask(geometry);
        int columns = geometry.columns();
        for (int row = 0; row + 1 < rowFirstRun.length; row++) {
            int rowStart = row * columns;
            for (int run = rowFirstRun[row]; run < rowFirstRun[row + 1]; run++) {
                if (selected.test(runLabel[run])) {
                    mask.setRange(rowStart + runStart[run], rowStart + runEnd[run]);
                }
            }
        }
        return mask;
    }

    /** Returns a new mask of the largest component; empty when the mask had no foreground. */
    public Mask largest() {
        int label = largestLabel();
        return label == 0 ? new Mask(geometry) : mask(label);
    }

    /** Returns the label of every voxel in the SDK's voxel order (0 for background), as {@code scipy.ndimage.label} returns it. */
    public int[] labelArray() {
        int[] labels = new int[geometry.voxelCount()];
        int columns = geometry.columns();
        for (int row = 0; row + 1 < rowFirstRun.length; row++) {
            int rowStart = row * columns;
            for (int run = rowFirstRun[row]; run < rowFirstRun[row + 1]; run++) {
                Arrays.fill(labels, rowStart + runStart[run], rowStart + runEnd[run], runLabel[run]);
            }
        }
        return labels;
    }

    /**
     * Returns the components as a label map.
     *
     * @throws IllegalArgumentException when there are more than {@link LabelMap#MAX_LABEL} components
     */
    public LabelMap toLabelMap() {
        if (count > LabelMap.MAX_LABEL) {
            throw new IllegalArgumentException("mask has " + count + " components, more than the "
                    + LabelMap.MAX_LABEL + " labels a LabelMap holds");
        }
        short[] labels = new short[geometry.voxelCount()];
        int columns = geometry.columns();
        for (int row = 0; row + 1 < rowFirstRun.length; row++) {
            int rowStart = row * columns;
            for (int run = rowFirstRun[row]; run < rowFirstRun[row + 1]; run++) {
                Arrays.fill(labels, rowStart + runStart[run], rowStart + runEnd[run], (short) runLabel[run]);
            }
        }
        return LabelMap.wrap(geometry, labels);
    }

    /** Runs of row {@code row} are {@code [rowFirstRun(row), rowFirstRun(row + 1))}. */
    int rowFirstRun(int row) {
        return rowFirstRun[row];
    }

    int runStart(int run) {
        return runStart[run];
    }

    int runEnd(int run) {
        return runEnd[run];
    }

    int runLabel(int run) {
        return runLabel[run];
    }

    private void checkLabel(int label) {
        if (label < 1 || label > count) {
            throw new IllegalArgumentException("label must be in 1.." + count + ", but was " + label);
        }
    }

    @Override
    public String toString() {
        return "ComponentLabels[" + count + " components on " + geometry.columns() + "x" + geometry.rows() + "x"
                + geometry.slices() + "]";
    }
}
