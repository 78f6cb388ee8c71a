package org.medannot.core.volume;

/** The primitive type in which a {@link Volume} stores its voxels. */
public enum VoxelType {
    /** Unsigned 8-bit integers 0..255, stored in a {@code byte[]}. */
    UINT8,
    /** Signed 16-bit integers, stored in a {@code short[]}. */
    INT16,
    /** Unsigned 16-bit integers 0..65535, stored in a {@code short[]}. */
    UINT16,
    /** Signed 32-bit integers, stored in an {@code int[]}. */
    INT32,
    /** 32-bit IEEE floats, stored in a {@code float[]}. */
    FLOAT32
}
