package org.medannot.core.volume;

import java.util.Objects;

import org.medannot.core.geometry.Geometry;

/**
 * Voxel data on a {@link Geometry}, stored in one primitive array per volume.
 *
 * <p>Voxel (i, j, k) is at array position {@code offset() + i + columns * (j + rows * k)}. A
 * volume may be a view into a larger array (for example one slice of a volume, from
 * {@link #slice(int)}), so hot loops read {@code array()} from {@code offset()} on, over
 * {@code geometry().voxelCount()} elements.
 *
 * <p>Volumes are not copied when viewed or passed around; writes through {@code array()} or the
 * setters are visible in every view of the same array. Concurrent reads are safe; writes need
 * external synchronization.
 */
public abstract class Volume {

    private final Geometry geometry;
    private final int offset;

    protected Volume(Geometry geometry, int offset, int arrayLength) {
        this.geometry = Objects.requireNonNull(geometry, "geometry");
        if (offset < 0 || (long) offset + geometry.voxelCount() > arrayLength) {
            throw new IllegalArgumentException("voxel array of length " + arrayLength + " from offset " + offset
                    + " cannot hold " + geometry.voxelCount() + " voxels of " + geometry.columns() + "x"
                    + geometry.rows() + "x" + geometry.slices());
        }
        this.offset = offset;
    }

    /** The grid the voxels lie on. */
    public final Geometry geometry() {
        return geometry;
    }

    /** Position in {@link #array()} of voxel (0, 0, 0). */
    public final int offset() {
        return offset;
    }

    /** The primitive type of the voxels. */
    public abstract VoxelType voxelType();

    /** The backing primitive array (shared, not copied). */
    public abstract Object array();

    /** Returns the value of the voxel with linear index {@code index} (0-based, i fastest). */
    public abstract double getDouble(int index);

    /** Sets the voxel with linear index {@code index}, rounding and clamping to the voxel type's range. */
    public abstract void setDouble(int index, double value);

    /** Returns the value of voxel (i, j, k). */
    public final double getDouble(int i, int j, int k) {
        return getDouble(checkedIndex(i, j, k));
    }

    /** Sets voxel (i, j, k), rounding and clamping to the voxel type's range. */
    public final void setDouble(int i, int j, int k, double value) {
        setDouble(checkedIndex(i, j, k), value);
    }

    /** Returns a view of slice {@code k} (zero-based) that shares this volume's array. */
    public final Volume slice(int k) {
        Geometry sliceGeometry = geometry.sliceGeometry(k);
        return view(sliceGeometry, offset + k * geometry.sliceSize());
    }

    /** Returns a view of slices {@code [k0, k1)} that shares this volume's array. */
    public final Volume slices(int k0, int k1) {
        if (k0 < 0 || k1 > geometry.slices() || k1 <= k0) {
            throw new IllegalArgumentException("slice range [" + k0 + ", " + k1 + ") is empty or outside [0, "
                    + geometry.slices() + ")");
        }
        Geometry sub = geometry.subGrid(0, 0, k0, geometry.columns(), geometry.rows(), k1 - k0);
        return view(sub, offset + k0 * geometry.sliceSize());
    }

    /** Returns a volume that shares this volume's array and voxel type with another grid of the same size. */
    public final Volume withGeometry(Geometry newGeometry) {
        if (newGeometry.voxelCount() != geometry.voxelCount()) {
            throw new IllegalArgumentException("newGeometry has " + newGeometry.voxelCount() + " voxels, but the volume has "
                    + geometry.voxelCount());
        }
        return view(newGeometry, offset);
    }

    /** Returns a copy of the voxels as a new float volume on the same geometry. */
    public FloatVolume toFloat() {
        int count = geometry.voxelCount();
        float[] values = new float[count];
        for (int n = 0; n < count; n++) {
            values[n] = (float) getDouble(n);
        }
        return new FloatVolume(geometry, values);
    }

    /** Returns a copy of this volume with its own array starting at offset 0. */
    public abstract Volume copy();

    /** Returns [minimum, maximum] of the voxel values. */
    public double[] range() {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int count = geometry.voxelCount();
        for (int n = 0; n < count; n++) {
            double value = getDouble(n);
            if (value < min) {
                min = value;
            }
            if (value > max) {
                max = value;
            }
        }
        return new double[] {min, max};
    }

    /** Creates a view of the same array with another geometry and offset. */
    protected abstract Volume view(Geometry viewGeometry, int viewOffset);

    private int checkedIndex(int i, int j, int k) {
        if (!geometry.contains(i, j, k)) {
            throw new IndexOutOfBoundsException("voxel (" + i + ", " + j + ", " + k + ") is outside the grid "
                    + geometry.columns() + "x" + geometry.rows() + "x" + geometry.slices());
        }
        return geometry.index(i, j, k);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + voxelType() + ", " + geometry + "]";
    }
}
