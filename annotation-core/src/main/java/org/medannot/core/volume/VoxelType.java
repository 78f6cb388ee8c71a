package org.medannot.core.volume;

/** The primitive type in which a {@link Volume} stores its voxels. */
public enum VoxelType {
    /** Unsigned 8-bit integers 0..255, stored in a {@code byte[]}. */
    UINT8(1),
    /** Signed 16-bit integers, stored in a {@code short[]}. */
    INT16(2),
    /** Unsigned 16-bit integers 0..65535, stored in a {@code short[]}. */
    UINT16(2),
    /** Signed 32-bit integers, stored in an {@code int[]}. */
    INT32(4),
    /** 32-bit IEEE floats, stored in a {@code float[]}. */
    FLOAT32(4);

    private final int bytes;

    VoxelType(int bytes) {
        this.bytes = bytes;
    }

    /** Returns the size of one voxel in bytes. */
    public int bytes() {
        return bytes;
    }
}
