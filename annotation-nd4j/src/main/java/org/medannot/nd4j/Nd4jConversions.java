package org.medannot.nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.core.mask.VoxelOrder;
import org.medannot.core.volume.FloatVolume;
import org.medannot.core.volume.IntVolume;
import org.medannot.core.volume.ShortVolume;
import org.medannot.core.volume.UByteVolume;
import org.medannot.core.volume.Volume;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Converts {@link Volume}, {@link Mask} and {@link LabelMap} to and from ND4J {@link INDArray}s.
 *
 * <p>Axis order: an array has shape {@code [slices, rows, columns]}, that is [z, y, x], in C order,
 * so {@code array.getDouble(k, j, i)} equals {@code volume.getDouble(i, j, k)} and the flat C-order
 * buffer is the SDK's voxel order (x fastest). {@link #toChannelFirst} gives the
 * {@code [1, 1, z, y, x]} (NCDHW) shape of 3D convolution inputs.
 *
 * <p>Data types keep values exact: UINT8 volumes become UINT8, INT16 become INT16, UINT16 become
 * UINT16, INT32 become INT32 and FLOAT32 become FLOAT arrays. Masks become BOOL (or UINT8 or
 * FLOAT on request) and label maps INT32. ND4J names some of these types differently in
 * {@code DataType.toString()} and in messages: UINT8 is UBYTE, INT16 is SHORT, INT32 is INT and
 * INT64 is LONG.
 *
 * <p>Every conversion copies, in both directions: an array never shares memory with a volume, so
 * writes to one are not seen in the other. An array carries no geometry (spacing, origin,
 * direction), so conversions to SDK types take the {@link Geometry} as an argument, and the
 * array's shape must match its size.
 *
 * <p>Invalid input (wrong rank, unsupported data type, shape that does not match the geometry,
 * label out of range) raises {@link IllegalArgumentException} with a message that names the
 * expected and the found value.
 */
public final class Nd4jConversions {

    private Nd4jConversions() {
    }

    /** Returns the voxels as a new {@code [z, y, x]} array of the volume's own type (see the class doc). */
    public static INDArray fromVolume(Volume volume) {
        Objects.requireNonNull(volume, "volume");
        Geometry geometry = volume.geometry();
        long[] shape = shapeOf(geometry);
        int from = volume.offset();
        int to = from + geometry.voxelCount();
        if (volume instanceof FloatVolume floats) {
            return Nd4j.create(Arrays.copyOfRange(floats.array(), from, to), shape, cStrides(shape), 'c', DataType.FLOAT);
        }
        if (volume instanceof ShortVolume shorts) {
            DataType type = shorts.isUnsigned() ? DataType.UINT16 : DataType.INT16;
            return Nd4j.create(Arrays.copyOfRange(shorts.array(), from, to), shape, cStrides(shape), 'c', type);
        }
        if (volume instanceof UByteVolume bytes) {
            return Nd4j.create(Arrays.copyOfRange(bytes.array(), from, to), shape, cStrides(shape), 'c', DataType.UINT8);
        }
        if (volume instanceof IntVolume ints) {
            return Nd4j.create(Arrays.copyOfRange(ints.array(), from, to), shape, cStrides(shape), 'c', DataType.INT32);
        }
        throw new IllegalArgumentException("volume type " + volume.getClass().getName() + " is not supported:"
                + " expected FloatVolume, ShortVolume, UByteVolume or IntVolume");
    }

    /**
     * Returns the voxels as a new {@code [z, y, x]} array of {@code type}, converted with
     * {@link INDArray#castTo}. FLOAT represents UINT8, INT16 and UINT16 values exactly, but INT32
     * values only up to 2^24 in magnitude.
     */
    public static INDArray fromVolume(Volume volume, DataType type) {
        Objects.requireNonNull(type, "type");
        INDArray array = fromVolume(volume);
        return array.dataType() == type ? array : array.castTo(type);
    }

    /**
     * Returns a {@code [z, y, x]} array as {@code [1, 1, z, y, x]} (batch, channel, depth, height,
     * width), sharing its data where ND4J can reshape without copying.
     *
     * @throws IllegalArgumentException when the array does not have rank 3
     */
    public static INDArray toChannelFirst(INDArray array) {
        Objects.requireNonNull(array, "array");
        if (array.rank() != 3) {
            throw new IllegalArgumentException("array must have rank 3 [z, y, x], but has shape "
                    + Arrays.toString(array.shape()));
        }
        long[] shape = array.shape();
        return array.reshape('c', 1, 1, shape[0], shape[1], shape[2]);
    }

    /**
     * Copies an array into a new volume on {@code geometry}. The array has shape
     * {@code [z, y, x]} or {@code [1, 1, z, y, x]} and any ordering, and its data type selects the
     * volume type: FLOAT gives a {@link FloatVolume}, INT16 and UINT16 a signed or unsigned
     * {@link ShortVolume}, UINT8 a {@link UByteVolume} and INT32 an {@link IntVolume}.
     *
     * @throws IllegalArgumentException when the rank, the shape or the data type does not fit
     */
    public static Volume toVolume(INDArray array, Geometry geometry) {
        Objects.requireNonNull(array, "array");
        Objects.requireNonNull(geometry, "geometry");
        checkShape(array, geometry);
        DataType type = array.dataType();
        int count = geometry.voxelCount();
        if (type == DataType.FLOAT) {
            float[] values = new float[count];
            contiguousBytes(array).asFloatBuffer().get(values);
            return new FloatVolume(geometry, values);
        }
        if (type == DataType.INT16 || type == DataType.UINT16) {
            short[] values = new short[count];
            contiguousBytes(array).asShortBuffer().get(values);
            return type == DataType.UINT16 ? ShortVolume.unsigned(geometry, values) : ShortVolume.signed(geometry, values);
        }
        if (type == DataType.UINT8) {
            byte[] values = new byte[count];
            contiguousBytes(array).get(values);
            return new UByteVolume(geometry, values);
        }
        if (type == DataType.INT32) {
            int[] values = new int[count];
            contiguousBytes(array).asIntBuffer().get(values);
            return new IntVolume(geometry, values);
        }
        throw new IllegalArgumentException("array data type " + type + " has no volume type: expected FLOAT,"
                + " SHORT (INT16), UINT16, UBYTE (UINT8) or INT (INT32); convert first, for example with"
                + " array.castTo(DataType.FLOAT)");
    }

    /** Returns the mask as a new {@code [z, y, x]} BOOL array. */
    public static INDArray fromMask(Mask mask) {
        return fromMask(mask, DataType.BOOL);
    }

    /**
     * Returns the mask as a new {@code [z, y, x]} array of {@code type}: BOOL (true for
     * foreground), or UINT8 or FLOAT (1 for foreground, 0 for background).
     *
     * @throws IllegalArgumentException for any other data type
     */
    public static INDArray fromMask(Mask mask, DataType type) {
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(type, "type");
        long[] shape = shapeOf(mask.geometry());
        if (type == DataType.BOOL) {
            return Nd4j.create(mask.toBooleans(VoxelOrder.ROW_MAJOR), shape, cStrides(shape), 'c', DataType.BOOL);
        }
        if (type == DataType.UINT8 || type == DataType.FLOAT) {
            INDArray bytes = Nd4j.create(mask.toBytes(VoxelOrder.ROW_MAJOR), shape, cStrides(shape), 'c', DataType.UINT8);
            return type == DataType.UINT8 ? bytes : bytes.castTo(DataType.FLOAT);
        }
        throw new IllegalArgumentException("mask data type must be BOOL, UBYTE (UINT8) or FLOAT, but was " + type);
    }

    /**
     * Copies a BOOL or UINT8 array of shape {@code [z, y, x]} or {@code [1, 1, z, y, x]} into a new
     * mask on {@code geometry}. True and non-zero elements are foreground.
     *
     * @throws IllegalArgumentException when the rank, the shape or the data type does not fit
     */
    public static Mask toMask(INDArray array, Geometry geometry) {
        Objects.requireNonNull(array, "array");
        Objects.requireNonNull(geometry, "geometry");
        checkShape(array, geometry);
        DataType type = array.dataType();
        if (type != DataType.BOOL && type != DataType.UINT8) {
            throw new IllegalArgumentException("mask array data type must be BOOL or UBYTE (UINT8), but was " + type
                    + "; threshold first, for example with array.gt(0.5)");
        }
        INDArray bytesArray = type == DataType.BOOL ? array.castTo(DataType.UINT8) : array;
        byte[] values = new byte[geometry.voxelCount()];
        contiguousBytes(bytesArray).get(values);
        return Mask.fromBytes(geometry, values, VoxelOrder.ROW_MAJOR);
    }

    /** Returns the labels as a new {@code [z, y, x]} INT32 array (0 for background). */
    public static INDArray fromLabelMap(LabelMap labels) {
        Objects.requireNonNull(labels, "labels");
        short[] stored = labels.array();
        int[] values = new int[stored.length];
        for (int n = 0; n < stored.length; n++) {
            values[n] = stored[n] & 0xFFFF;
        }
        long[] shape = shapeOf(labels.geometry());
        return Nd4j.create(values, shape, cStrides(shape), 'c', DataType.INT32);
    }

    /**
     * Copies an integer array (UINT8, INT16, UINT16, INT32 or INT64) of shape {@code [z, y, x]} or
     * {@code [1, 1, z, y, x]} into a new label map on {@code geometry}.
     *
     * @throws IllegalArgumentException when the rank, the shape or the data type does not fit, or a
     *                                  label is outside 0..65535 (naming the first such element)
     */
    public static LabelMap toLabelMap(INDArray array, Geometry geometry) {
        Objects.requireNonNull(array, "array");
        Objects.requireNonNull(geometry, "geometry");
        checkShape(array, geometry);
        DataType type = array.dataType();
        boolean integer = type == DataType.UINT8 || type == DataType.INT16 || type == DataType.UINT16
                || type == DataType.INT32 || type == DataType.INT64;
        if (!integer) {
            throw new IllegalArgumentException("label array data type must be UBYTE (UINT8), SHORT (INT16), UINT16,"
                    + " INT (INT32) or LONG (INT64), but was " + type + "; round and convert first, for example with"
                    + " array.castTo(DataType.INT32)");
        }
        long[] values = new long[geometry.voxelCount()];
        contiguousBytes(array.castTo(DataType.INT64)).asLongBuffer().get(values);
        short[] labels = new short[values.length];
        for (int n = 0; n < values.length; n++) {
            long value = values[n];
            if (value < 0 || value > LabelMap.MAX_LABEL) {
                throw new IllegalArgumentException("label at " + describeIndex(n, geometry) + " is " + value
                        + ", outside 0.." + LabelMap.MAX_LABEL);
            }
            labels[n] = (short) value;
        }
        return LabelMap.wrap(geometry, labels);
    }

    /** Returns {@code [slices, rows, columns]}. */
    private static long[] shapeOf(Geometry geometry) {
        return new long[] {geometry.slices(), geometry.rows(), geometry.columns()};
    }

    private static long[] cStrides(long[] shape) {
        long[] strides = new long[shape.length];
        long stride = 1;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            strides[axis] = stride;
            stride *= shape[axis];
        }
        return strides;
    }

    /** Checks that the array is {@code [z, y, x]} or {@code [1, 1, z, y, x]} with the geometry's size. */
    private static void checkShape(INDArray array, Geometry geometry) {
        long[] shape = array.shape();
        long[] expected = shapeOf(geometry);
        long[] spatial;
        if (shape.length == 3) {
            spatial = shape;
        } else if (shape.length == 5 && shape[0] == 1 && shape[1] == 1) {
            spatial = Arrays.copyOfRange(shape, 2, 5);
        } else {
            throw new IllegalArgumentException("array must have shape [z, y, x] or [1, 1, z, y, x], but has shape "
                    + Arrays.toString(shape));
        }
        if (!Arrays.equals(spatial, expected)) {
            throw new IllegalArgumentException("array shape " + Arrays.toString(shape) + " does not match the grid "
                    + geometry.columns() + "x" + geometry.rows() + "x" + geometry.slices()
                    + " (columns x rows x slices): expected [z, y, x] = " + Arrays.toString(expected));
        }
    }

    /**
     * Returns the elements in C order as native-order bytes, from a C-ordered copy of the array,
     * so that views, F-ordered and strided arrays read correctly.
     */
    private static ByteBuffer contiguousBytes(INDArray array) {
        INDArray copy = array.dup('c');
        long needed = copy.length() * copy.dataType().width();
        ByteBuffer bytes = copy.data().asNio().order(ByteOrder.nativeOrder());
        long start = copy.offset() * copy.dataType().width();
        if (start + needed > bytes.capacity()) {
            throw new IllegalStateException("ND4J buffer of " + bytes.capacity() + " bytes is shorter than the "
                    + needed + " bytes of a " + Arrays.toString(copy.shape()) + " array from offset " + copy.offset());
        }
        return bytes.position((int) start).limit((int) (start + needed)).slice().order(ByteOrder.nativeOrder());
    }

    private static String describeIndex(int index, Geometry geometry) {
        int plane = geometry.sliceSize();
        int z = index / plane;
        int y = (index - z * plane) / geometry.columns();
        int x = index - z * plane - y * geometry.columns();
        return "[z, y, x] = [" + z + ", " + y + ", " + x + "]";
    }
}
