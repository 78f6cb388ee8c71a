package org.medannot.dicom.nifti;

import java.nio.file.Path;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.volume.FloatVolume;
import org.medannot.core.volume.IntVolume;
import org.medannot.core.volume.ShortVolume;
import org.medannot.core.volume.UByteVolume;
import org.medannot.core.volume.Volume;
import org.medannot.core.volume.VoxelType;

/**
 * Collects the decoded values of one volume into the primitive array of the target voxel type,
 * applying scl_slope/scl_inter and checking that each value fits. The target rules are those
 * documented on {@link NiftiReader}.
 */
final class VoxelSink {

    private final Path file;
    private final VoxelType target;
    private final boolean scaled;
    private final boolean narrowAfterwards;
    private final double slope;
    private final double inter;
    private final Object array;

    private VoxelSink(Path file, VoxelType target, boolean scaled, boolean narrowAfterwards, double slope,
            double inter, int count) {
        this.file = file;
        this.target = target;
        this.scaled = scaled;
        this.narrowAfterwards = narrowAfterwards;
        this.slope = slope;
        this.inter = inter;
        this.array = switch (target) {
            case UINT8 -> new byte[count];
            case INT16, UINT16 -> new short[count];
            case INT32 -> new int[count];
            case FLOAT32 -> new float[count];
        };
    }

    static VoxelSink create(Path file, NiftiHeader header, int count) {
        NiftiDataType type = header.dataType();
        if (!header.hasScaling()) {
            VoxelType target = switch (type) {
                case UINT8 -> VoxelType.UINT8;
                case INT8, INT16 -> VoxelType.INT16;
                case UINT16 -> VoxelType.UINT16;
                case INT32, UINT32, INT64, UINT64 -> VoxelType.INT32;
                default -> VoxelType.FLOAT32;
            };
            return new VoxelSink(file, target, false, false, 1, 0, count);
        }
        double slope = header.sclSlope();
        double inter = header.sclInter();
        if (integralScaling(type, slope, inter)) {
            return new VoxelSink(file, VoxelType.INT32, true, true, slope, inter, count);
        }
        return new VoxelSink(file, VoxelType.FLOAT32, true, false, slope, inter, count);
    }

    /** True when every scaled value of this 8- or 16-bit integer type is an integer that fits an int. */
    private static boolean integralScaling(NiftiDataType type, double slope, double inter) {
        double min;
        double max;
        switch (type) {
            case UINT8 -> {
                min = 0;
                max = 255;
            }
            case INT8 -> {
                min = -128;
                max = 127;
            }
            case INT16 -> {
                min = Short.MIN_VALUE;
                max = Short.MAX_VALUE;
            }
            case UINT16 -> {
                min = 0;
                max = 65535;
            }
            default -> {
                return false;
            }
        }
        if (slope != Math.rint(slope) || inter != Math.rint(inter)) {
            return false;
        }
        double a = min * slope + inter;
        double b = max * slope + inter;
        return Math.min(a, b) >= Integer.MIN_VALUE && Math.max(a, b) <= Integer.MAX_VALUE;
    }

    /** Stores {@code voxels} decoded values as voxels {@code start, start + 1, ...}. */
    void accept(double[] values, int voxels, int start) throws NiftiException {
        switch (target) {
            case UINT8 -> {
                byte[] bytes = (byte[]) array;
                for (int n = 0; n < voxels; n++) {
                    bytes[start + n] = (byte) (int) values[n];
                }
            }
            case INT16, UINT16 -> {
                short[] shorts = (short[]) array;
                for (int n = 0; n < voxels; n++) {
                    shorts[start + n] = (short) (int) values[n];
                }
            }
            case INT32 -> {
                int[] ints = (int[]) array;
                for (int n = 0; n < voxels; n++) {
                    double value = scaled ? values[n] * slope + inter : values[n];
                    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                        throw NiftiException.invalid(file, "voxel " + (start + n),
                                "a value that fits a signed 32-bit integer", "a scaled value outside that range");
                    }
                    ints[start + n] = (int) value;
                }
            }
            case FLOAT32 -> {
                float[] floats = (float[]) array;
                for (int n = 0; n < voxels; n++) {
                    double value = scaled ? values[n] * slope + inter : values[n];
                    if (Double.isFinite(value) && Math.abs(value) > Float.MAX_VALUE) {
                        throw NiftiException.invalid(file, "voxel " + (start + n),
                                "a value within the float32 range", "a scaled value outside that range");
                    }
                    floats[start + n] = (float) value;
                }
            }
        }
    }

    /** Wraps the collected array in a volume, narrowed to the smallest integer type when scaling allowed it. */
    Volume toVolume(Geometry geometry) {
        return switch (target) {
            case UINT8 -> new UByteVolume(geometry, (byte[]) array);
            case INT16 -> ShortVolume.signed(geometry, (short[]) array);
            case UINT16 -> ShortVolume.unsigned(geometry, (short[]) array);
            case INT32 -> narrowAfterwards ? narrow(geometry, (int[]) array) : new IntVolume(geometry, (int[]) array);
            case FLOAT32 -> new FloatVolume(geometry, (float[]) array);
        };
    }

    private static Volume narrow(Geometry geometry, int[] values) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int value : values) {
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        if (min >= 0 && max <= 255) {
            byte[] bytes = new byte[values.length];
            for (int n = 0; n < values.length; n++) {
                bytes[n] = (byte) values[n];
            }
            return new UByteVolume(geometry, bytes);
        }
        boolean signed16 = min >= Short.MIN_VALUE && max <= Short.MAX_VALUE;
        boolean unsigned16 = min >= 0 && max <= 65535;
        if (signed16 || unsigned16) {
            short[] shorts = new short[values.length];
            for (int n = 0; n < values.length; n++) {
                shorts[n] = (short) values[n];
            }
            return signed16 ? ShortVolume.signed(geometry, shorts) : ShortVolume.unsigned(geometry, shorts);
        }
        return new IntVolume(geometry, values);
    }
}
