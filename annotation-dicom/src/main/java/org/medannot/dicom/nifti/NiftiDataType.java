package org.medannot.dicom.nifti;

import java.util.Optional;

/**
 * The NIfTI {@code datatype} codes (NIfTI-1 and NIfTI-2 share them) with the size of one voxel.
 * {@link #isSupported()} is true for those the reader converts to a volume.
 */
public enum NiftiDataType {
    /** Unsigned 8-bit integer (DT_UINT8). */
    UINT8(2, 1, true),
    /** Signed 16-bit integer (DT_INT16). */
    INT16(4, 2, true),
    /** Signed 32-bit integer (DT_INT32). */
    INT32(8, 4, true),
    /** 32-bit IEEE float (DT_FLOAT32). */
    FLOAT32(16, 4, true),
    /** Pair of 32-bit floats (DT_COMPLEX64); not supported. */
    COMPLEX64(32, 8, false),
    /** 64-bit IEEE float (DT_FLOAT64). */
    FLOAT64(64, 8, true),
    /** Three unsigned bytes per voxel (DT_RGB24); not supported. */
    RGB24(128, 3, false),
    /** Signed 8-bit integer (DT_INT8). */
    INT8(256, 1, true),
    /** Unsigned 16-bit integer (DT_UINT16). */
    UINT16(512, 2, true),
    /** Unsigned 32-bit integer (DT_UINT32); read when every value fits a signed 32-bit integer. */
    UINT32(768, 4, true),
    /** Signed 64-bit integer (DT_INT64); read when every value fits a signed 32-bit integer. */
    INT64(1024, 8, true),
    /** Unsigned 64-bit integer (DT_UINT64); read when every value fits a signed 32-bit integer. */
    UINT64(1280, 8, true),
    /** 128-bit float (DT_FLOAT128); not supported. */
    FLOAT128(1536, 16, false),
    /** Pair of 64-bit floats (DT_COMPLEX128); not supported. */
    COMPLEX128(1792, 16, false),
    /** Pair of 128-bit floats (DT_COMPLEX256); not supported. */
    COMPLEX256(2048, 32, false),
    /** Four unsigned bytes per voxel (DT_RGBA32); not supported. */
    RGBA32(2304, 4, false);

    private final int code;
    private final int bytesPerVoxel;
    private final boolean supported;

    NiftiDataType(int code, int bytesPerVoxel, boolean supported) {
        this.code = code;
        this.bytesPerVoxel = bytesPerVoxel;
        this.supported = supported;
    }

    /** Returns the value of the header field {@code datatype}. */
    public int code() {
        return code;
    }

    /** Bytes per voxel; {@code bitpix} is eight times this. */
    public int bytesPerVoxel() {
        return bytesPerVoxel;
    }

    /** True when the reader converts this type to a volume. */
    public boolean isSupported() {
        return supported;
    }

    /** True for the integer types. */
    public boolean isInteger() {
        return switch (this) {
            case UINT8, INT8, INT16, UINT16, INT32, UINT32, INT64, UINT64 -> true;
            default -> false;
        };
    }

    /** Returns the type with this {@code datatype} code, or empty for an unknown code. */
    public static Optional<NiftiDataType> fromCode(int code) {
        for (NiftiDataType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
