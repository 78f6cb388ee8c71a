package org.medannot.core.volume;

import org.medannot.core.geometry.Geometry;

/** Voxels as signed 32-bit integers, for 32-bit DICOM stored values. */
public final class IntVolume extends Volume {

    private final int[] data;


    /** Creates a view of {@code data} from {@code offset} on; the array is shared, not copied. */
    public IntVolume(Geometry geometry, int[] data, int offset) {
        super(geometry, offset, data.length);
        this.data = data;

    }

    /** Creates a volume over the whole array. */
    public IntVolume(Geometry geometry, int[] data) {
        this(geometry, data, 0);
    }
    /** Creates a volume with a new zeroed array. */
    public static IntVolume zeros(Geometry geometry) {
        return new IntVolume(geometry, new int[geometry.voxelCount()], 0);
    }

    @Override
    public VoxelType voxelType() {
        return VoxelType.INT32;
    }

    @Override
    public int[] array() {
        return data;
    }

    @Override
    public double getDouble(int index) {
        return data[offset() + index];
    }

    @Override
    public void setDouble(int index, double value) {
        double clamped = Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
        data[offset() + index] = (int) Math.round(clamped);
    }

    @Override
    public IntVolume copy() {
        int[] values = new int[geometry().voxelCount()];
        System.arraycopy(data, offset(), values, 0, values.length);
        return new IntVolume(geometry(), values, 0);
    }

    @Override
    protected Volume view(Geometry viewGeometry, int viewOffset) {
        return new IntVolume(viewGeometry, data, viewOffset);
    }
}
