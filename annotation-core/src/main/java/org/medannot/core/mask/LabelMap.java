package org.medannot.core.mask;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.medannot.core.geometry.Geometry;

/**
 * Several labels on one grid: one unsigned 16-bit label value per voxel, 0 for background and
 * 1..65535 for labels. Voxel {@code index = i + columns * (j + rows * k)} is element
 * {@code index} of the backing {@code short[]}, read as unsigned.
 *
 * <p>Label maps are mutable and not thread-safe for writes.
 */
public final class LabelMap {

    /** Largest label value a voxel can hold. */
    public static final int MAX_LABEL = 0xFFFF;

    private final Geometry geometry;
    private final short[] labels;

    private LabelMap(Geometry geometry, short[] labels) {
        this.geometry = Objects.requireNonNull(geometry, "geometry");
        this.labels = labels;
    }

    /** Creates a label map with every voxel set to background. */
    public static LabelMap of(Geometry geometry) {
        return new LabelMap(geometry, new short[geometry.voxelCount()]);
    }

    /**
     * Wraps an array of unsigned 16-bit labels in the SDK's voxel order; the array is shared, not
     * copied.
     *
     * @throws IllegalArgumentException when the array length differs from the voxel count
     */
    public static LabelMap wrap(Geometry geometry, short[] labels) {
        if (labels.length != geometry.voxelCount()) {
            throw new IllegalArgumentException("labels has " + labels.length + " elements, but the grid has "
                    + geometry.voxelCount() + " voxels");
        }
        return new LabelMap(geometry, labels);
    }

    /**
     * Creates a label map from int labels in the SDK's voxel order.
     *
     * @throws IllegalArgumentException when the length differs from the voxel count or a label is
     *                                  outside 0..65535 (naming the first such voxel)
     */
    public static LabelMap fromInts(Geometry geometry, int[] values) {
        if (values.length != geometry.voxelCount()) {
            throw new IllegalArgumentException("values has " + values.length + " elements, but the grid has "
                    + geometry.voxelCount() + " voxels");
        }
        short[] labels = new short[values.length];
        for (int n = 0; n < values.length; n++) {
            checkLabel(values[n], "values[" + n + "]");
            labels[n] = (short) values[n];
        }
        return new LabelMap(geometry, labels);
    }

    /** The grid of the label map. */
    public Geometry geometry() {
        return geometry;
    }

    /** The backing array (shared, not copied); each element is an unsigned label. */
    public short[] array() {
        return labels;
    }

    /** Returns the label of voxel {@code index}. */
    public int get(int index) {
        return labels[index] & 0xFFFF;
    }

    /** Returns the label of voxel (i, j, k). */
    public int get(int i, int j, int k) {
        return get(checkedIndex(i, j, k));
    }

    /** Sets the label of voxel {@code index}. */
    public void set(int index, int label) {
        checkLabel(label, "label");
        labels[index] = (short) label;
    }

    /** Sets the label of voxel (i, j, k). */
    public void set(int i, int j, int k, int label) {
        set(checkedIndex(i, j, k), label);
    }

    /** Returns the non-zero labels present, in ascending order. */
    public int[] labels() {
        boolean[] present = new boolean[MAX_LABEL + 1];
        for (short value : labels) {
            present[value & 0xFFFF] = true;
        }
        int count = 0;
        for (int label = 1; label <= MAX_LABEL; label++) {
            if (present[label]) {
                count++;
            }
        }
        int[] result = new int[count];
        for (int label = 1, n = 0; label <= MAX_LABEL; label++) {
            if (present[label]) {
                result[n++] = label;
            }
        }
        return result;
    }

    /** Returns the voxel count of each non-zero label present, keyed by label in ascending order. */
    public Map<Integer, Long> counts() {
        long[] counts = new long[MAX_LABEL + 1];
        for (short value : labels) {
            counts[value & 0xFFFF]++;
        }
        Map<Integer, Long> result = new TreeMap<>();
        for (int label = 1; label <= MAX_LABEL; label++) {
            if (counts[label] > 0) {
                result.put(label, counts[label]);
            }
        }
        return result;
    }

    /** Returns the voxels carrying {@code label} as a new mask. */
    public Mask mask(int label) {
        checkLabel(label, "label");
        short wanted = (short) label;
        long[] words = new long[(labels.length + 63) >>> 6];
        for (int n = 0; n < labels.length; n++) {
            if (labels[n] == wanted) {
                words[n >>> 6] |= 1L << n;
            }
        }
        return Mask.fromWords(geometry, words);
    }

    /** Returns the non-background voxels as a new mask. */
    public Mask foreground() {
        long[] words = new long[(labels.length + 63) >>> 6];
        for (int n = 0; n < labels.length; n++) {
            if (labels[n] != 0) {
                words[n >>> 6] |= 1L << n;
            }
        }
        return Mask.fromWords(geometry, words);
    }

    /**
     * Writes {@code label} into every voxel that is foreground in {@code mask}, overwriting what
     * was there; background voxels of the mask are left alone.
     *
     * @throws IllegalArgumentException when the mask lies on another grid or the label is outside 1..65535
     */
    public void paint(Mask mask, int label) {
        checkLabel(label, "label");
        if (label == 0) {
            throw new IllegalArgumentException("label must be in 1.." + MAX_LABEL + " to paint, but was 0");
        }
        if (!geometry.sameGrid(mask.geometry(), Mask.GRID_TOLERANCE_MM)) {
            throw new IllegalArgumentException("mask lies on another grid: " + geometry.describeDifference(mask.geometry(),
                    Mask.GRID_TOLERANCE_MM));
        }
        short value = (short) label;
        for (int n = mask.nextSetBit(0); n >= 0; n = mask.nextSetBit(n + 1)) {
            labels[n] = value;
        }
    }

    /** Returns a copy with its own array. */
    public LabelMap copy() {
        return new LabelMap(geometry, labels.clone());
    }

    /** Returns the same labels on another grid with the same voxel count (shares the array). */
    public LabelMap withGeometry(Geometry newGeometry) {
        return wrap(newGeometry, labels);
    }

    private int checkedIndex(int i, int j, int k) {
        if (!geometry.contains(i, j, k)) {
            throw new IndexOutOfBoundsException("voxel (" + i + ", " + j + ", " + k + ") is outside the grid "
                    + geometry.columns() + "x" + geometry.rows() + "x" + geometry.slices());
        }
        return geometry.index(i, j, k);
    }

    private static void checkLabel(int label, String name) {
        if (label < 0 || label > MAX_LABEL) {
            throw new IllegalArgumentException(name + " must be in 0.." + MAX_LABEL + ", but was " + label);
        }
    }

    @Override
    public boolean equals(Object object) {
        return object instanceof LabelMap other && geometry.equals(other.geometry) && Arrays.equals(labels, other.labels);
    }

    @Override
    public int hashCode() {
        return 31 * geometry.hashCode() + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "LabelMap[" + geometry.columns() + "x" + geometry.rows() + "x" + geometry.slices() + ", labels="
                + Arrays.toString(labels()) + "]";
    }
}
