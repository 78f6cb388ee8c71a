package org.medannot.core.volume;

import org.medannot.core.geometry.Geometry;

/** Voxels as unsigned 8-bit integers 0..255 (a {@code byte} read as unsigned), as plain 8-bit images hold them. */
public final class UByteVolume extends Volume {

    private final byte[] data;


    /** Creates a view of {@code data} from {@code offset} on; the array is shared, not copied. */
    public UByteVolume(Geometry geometry, byte[] data, int offset) {
        super(geometry, offset, data.length);
        this.data = data;

    }

    /** Creates a volume over the whole array. */
    public UByteVolume(Geometry geometry, byte[] data) {
        this(geometry, data, 0);
    }
    /** Creates a volume with a new zeroed array. */
    public static UByteVolume zeros(Geometry geometry) {
        return new UByteVolume(geometry, new byte[geometry.voxelCount()], 0);
    }

    @Override
    public VoxelType voxelType() {
        return VoxelType.UINT8;
    }

    @Override
    public byte[] array() {
        return data;
    }

    @Override
    public double getDouble(int index) {
        return data[offset() + index] & 0xFF;
    }

    @Override
    public void setDouble(int index, double value) {
        double clamped = Math.max(0, Math.min(255, value));
        data[offset() + index] = (byte) (int) Math.round(clamped);
    }

    @Override
    public UByteVolume copy() {
        byte[] values = new byte[geometry().voxelCount()];
        System.arraycopy(data, offset(), values, 0, values.length);
        return new UByteVolume(geometry(), values, 0);
    }

    @Override
    protected Volume view(Geometry viewGeometry, int viewOffset) {
        return new UByteVolume(viewGeometry, data, viewOffset);
    }
}
