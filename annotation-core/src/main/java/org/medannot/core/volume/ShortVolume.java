package org.medannot.core.volume;

import org.medannot.core.geometry.Geometry;

/** Voxels as 16-bit integers, signed (INT16, for CT in Hounsfield units) or unsigned (UINT16, read from the same {@code short} array with {@code & 0xFFFF}). */
public final class ShortVolume extends Volume {

    private final short[] data;
    private final boolean unsigned;

    /** Creates a view of {@code data} from {@code offset} on; the array is shared, not copied. */
    public ShortVolume(Geometry geometry, short[] data, int offset, boolean unsigned) {
        super(geometry, offset, data.length);
        this.data = data;
        this.unsigned = unsigned;
    }

    /** Creates a signed (INT16) volume over the whole array. */
    public static ShortVolume signed(Geometry geometry, short[] data) {
        return new ShortVolume(geometry, data, 0, false);
    }

    /** Creates an unsigned (UINT16) volume over the whole array. */
    public static ShortVolume unsigned(Geometry geometry, short[] data) {
        return new ShortVolume(geometry, data, 0, true);
    }

    /** Returns true when the shorts are read as unsigned 0..65535. */
    public boolean isUnsigned() {
        return unsigned;
    }
    /** Creates a volume with a new zeroed array. */
    public static ShortVolume zeros(Geometry geometry, boolean unsigned) {
        return new ShortVolume(geometry, new short[geometry.voxelCount()], 0, unsigned);
    }

    @Override
    public VoxelType voxelType() {
        return unsigned ? VoxelType.UINT16 : VoxelType.INT16;
    }

    @Override
    public short[] array() {
        return data;
    }

    @Override
    public double getDouble(int index) {
        return unsigned ? data[offset() + index] & 0xFFFF : data[offset() + index];
    }

    @Override
    public void setDouble(int index, double value) {
        double clamped = Math.max(unsigned ? 0 : Short.MIN_VALUE, Math.min(unsigned ? 65535 : Short.MAX_VALUE, value));
        data[offset() + index] = (short) (int) Math.round(clamped);
    }

    @Override
    public ShortVolume copy() {
        short[] values = new short[geometry().voxelCount()];
        System.arraycopy(data, offset(), values, 0, values.length);
        return new ShortVolume(geometry(), values, 0, unsigned);
    }

    @Override
    protected Volume view(Geometry viewGeometry, int viewOffset) {
        return new ShortVolume(viewGeometry, data, viewOffset, unsigned);
    }
}
