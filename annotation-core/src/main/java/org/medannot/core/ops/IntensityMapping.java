package org.medannot.core.ops;

import java.util.function.DoubleUnaryOperator;

import org.medannot.core.volume.FloatVolume;
import org.medannot.core.volume.ShortVolume;
import org.medannot.core.volume.UByteVolume;
import org.medannot.core.volume.Volume;
import org.medannot.core.volume.IntVolume;

/**
 * Applies a per-voxel intensity function to a volume in one pass over its primitive array.
 *
 * <p>For 8-bit and 16-bit voxels the function is evaluated once per possible stored value into a
 * lookup table, which gives the same floats as evaluating it per voxel.
 */
final class IntensityMapping {

    /** Below this voxel count a 65536-entry table costs more than evaluating per voxel. */
    private static final int SHORT_TABLE_MIN_VOXELS = 1 << 16;

    private IntensityMapping() {
    }

    /** Returns a new float volume on the same geometry with {@code (float) function(x)} per voxel. */
    static FloatVolume map(Volume volume, DoubleUnaryOperator function) {
        int count = volume.geometry().voxelCount();
        int offset = volume.offset();
        float[] out = new float[count];
        if (volume instanceof ShortVolume shorts) {
            mapShorts(shorts, function, out);
        } else if (volume instanceof UByteVolume bytes) {
            float[] table = new float[256];
            for (int value = 0; value < 256; value++) {
                table[value] = (float) function.applyAsDouble(value);
            }
            byte[] in = bytes.array();
            for (int n = 0; n < count; n++) {
                out[n] = table[in[offset + n] & 0xFF];
            }
        } else if (volume instanceof FloatVolume floats) {
            float[] in = floats.array();
            for (int n = 0; n < count; n++) {
                out[n] = (float) function.applyAsDouble(in[offset + n]);
            }
        } else if (volume instanceof IntVolume ints) {
            int[] in = ints.array();
            for (int n = 0; n < count; n++) {
                out[n] = (float) function.applyAsDouble(in[offset + n]);
            }
        } else {
            for (int n = 0; n < count; n++) {
                out[n] = (float) function.applyAsDouble(volume.getDouble(n));
            }
        }
        return new FloatVolume(volume.geometry(), out);
    }

    private static void mapShorts(ShortVolume volume, DoubleUnaryOperator function, float[] out) {
        int count = out.length;
        int offset = volume.offset();
        short[] in = volume.array();
        boolean unsigned = volume.isUnsigned();
        if (count < SHORT_TABLE_MIN_VOXELS) {
            for (int n = 0; n < count; n++) {
                int value = unsigned ? in[offset + n] & 0xFFFF : in[offset + n];
                out[n] = (float) function.applyAsDouble(value);
            }
            return;
        }
        // The table is indexed by the stored 16 bits, so signed and unsigned share one loop.
        float[] table = new float[1 << 16];
        for (int bits = 0; bits < table.length; bits++) {
            int value = unsigned ? bits : (short) bits;
            table[bits] = (float) function.applyAsDouble(value);
        }
        for (int n = 0; n < count; n++) {
            out[n] = table[in[offset + n] & 0xFFFF];
        }
    }
}
