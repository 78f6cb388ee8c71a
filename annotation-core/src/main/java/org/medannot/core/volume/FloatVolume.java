package org.medannot.core.volume;

import org.medannot.core.geometry.Geometry;

/** Voxels as 32-bit floats, for intensities after normalization and probabilities. */
public final class FloatVolume extends Volume {

    private final float[] data;


    /** Creates a view of {@code data} from {@code offset} on; the array is shared, not copied. */
    public FloatVolume(Geometry geometry, float[] data, int offset) {
        super(geometry, offset, data.length);
        this.data = data;

    }

    /** Creates a volume over the whole array. */
    public FloatVolume(Geometry geometry, float[] data) {
        this(geometry, data, 0);
    }
    /** Creates a volume with a new zeroed array. */
    public static FloatVolume zeros(Geometry geometry) {
        return new FloatVolume(geometry, new float[geometry.voxelCount()], 0);
    }

    @Override
    public VoxelType voxelType() {
        return VoxelType.FLOAT32;
    }

    @Override
    public float[] array() {
        return data;
    }

    @Override
    public double getDouble(int index) {
        return data[offset() + index];
    }

    @Override
    public void setDouble(int index, double value) {
        double clamped = Math.max(-Float.MAX_VALUE, Math.min(Float.MAX_VALUE, value));
        data[offset() + index] = (float) clamped;
    }

    @Override
    public FloatVolume copy() {
        float[] values = new float[geometry().voxelCount()];
        System.arraycopy(data, offset(), values, 0, values.length);
        return new FloatVolume(geometry(), values, 0);
    }

    @Override
    protected Volume view(Geometry viewGeometry, int viewOffset) {
        return new FloatVolume(viewGeometry, data, viewOffset);
    }
}
