package org.medannot.dicom.series;

import java.nio.file.Path;
import java.util.List;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.volume.FloatVolume;
import org.medannot.core.volume.IntVolume;
import org.medannot.core.volume.ShortVolume;
import org.medannot.core.volume.Volume;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.Tag;
import org.medannot.dicom.pixel.ImagePixelModule;
import org.medannot.dicom.pixel.ModalityLut;

/**
 * The stored values of every frame of a series in one array, and their conversion into a volume
 * of modality values (Rescale Slope and Intercept applied).
 *
 * <p>{@link #put} may be called from several threads for different frames. Frames with Bits
 * Allocated up to 16 are kept as 16-bit words, so signed and unsigned samples
 * both fit, and a 16-bit result volume reuses that array: the conversion then needs no second
 * copy of the series. Frames of 32 bits are kept as ints. The voxel type is chosen from the range
 * of modality values, computed per frame from the least and greatest stored value, because the
 * Modality LUT is linear.
 *
 * <p>Frames of Float Pixel Data and Double Float Pixel Data are kept as floats, and any such
 * frame makes the volume float32. Double Float values are narrowed to the nearest float32 when
 * stored, because no voxel type has float64, and values beyond the float32 range become
 * infinite.
 * The int and float arrays are allocated when the first frame of their kind arrives, because a
 * header read that stops at the pixel data cannot tell 32-bit integers from float32.
 */
final class StoredValues {

    private final int sliceSize;
    private final int count;
    private final short[] words;
    private int[] ints;
    private float[] floats;
    private final boolean[] floatFrame;
    private final boolean[] narrowed;
    private final long[] outOfFloatRange;
    private final boolean[] signed;
    private final boolean[] unsigned32;
    private final long[] minimum;
    private final long[] maximum;

    private StoredValues(int frames, int sliceSize, boolean wide) {
        this.sliceSize = sliceSize;
        this.count = frames * sliceSize;
        words = wide ? null : new short[count];
        floatFrame = new boolean[frames];
        narrowed = new boolean[frames];
        outOfFloatRange = new long[frames];
        signed = new boolean[frames];
        unsigned32 = new boolean[frames];
        minimum = new long[frames];
        maximum = new long[frames];
    }

    /**
     * Allocates the array for {@code slices}, 16-bit unless a data set declares Bits Allocated
     * above 16.
     *
     * @throws DicomException when the series has more voxels than one Java array can hold
     */
    static StoredValues allocate(List<SliceSource> slices, int sliceSize) {
        long count = (long) slices.size() * sliceSize;
        if (count > Integer.MAX_VALUE - 8) {
            throw new DicomException("series of " + slices.size() + " frames of " + sliceSize + " pixels has " + count
                    + " voxels; a volume holds at most " + (Integer.MAX_VALUE - 8));
        }
        boolean wide = false;
        for (SliceSource slice : slices) {
            wide |= slice.dataSet().getInt(Tag.BITS_ALLOCATED, 16) > 16;
        }
        return new StoredValues(slices.size(), sliceSize, wide);
    }

    /**
     * Stores the decoded samples of frame {@code k} of the volume.
     *
     * @throws DicomException when the frame is wider than the Bits Allocated its header declared
     */
    void put(int k, int[] values, ImagePixelModule module, Path file) {
        checkFrame(values.length, module, file);
        signed[k] = module.signed();
        unsigned32[k] = module.bitsStored() == 32 && !module.signed();
        int base = k * sliceSize;
        if (unsigned32[k]) {
            long least = Long.MAX_VALUE;
            long greatest = Long.MIN_VALUE;
            for (int i = 0; i < sliceSize; i++) {
                long stored = Integer.toUnsignedLong(values[i]);
                least = Math.min(least, stored);
                greatest = Math.max(greatest, stored);
            }
            System.arraycopy(values, 0, ints(), base, sliceSize);
            minimum[k] = least;
            maximum[k] = greatest;
            return;
        }
        int least = Integer.MAX_VALUE;
        int greatest = Integer.MIN_VALUE;
        if (words != null) {
            for (int i = 0; i < sliceSize; i++) {
                int value = values[i];
                least = Math.min(least, value);
                greatest = Math.max(greatest, value);
                words[base + i] = (short) value;
            }
        } else {
            for (int i = 0; i < sliceSize; i++) {
                int value = values[i];
                least = Math.min(least, value);
                greatest = Math.max(greatest, value);
            }
            System.arraycopy(values, 0, ints(), base, sliceSize);
        }
        minimum[k] = least;
        maximum[k] = greatest;
    }

    /**
     * Stores the floating-point samples of frame {@code k} of the volume after its Modality LUT
     * (identity in Parametric Maps, whose Real World Value Mapping is no Modality LUT), computed
     * in double and then narrowed to float32.
     *
     * @throws DicomException when the frame is wider than the Bits Allocated its header declared
     */
    void putFloat(int k, double[] values, ModalityLut lut, ImagePixelModule module, Path file) {
        checkFrame(values.length, module, file);
        floatFrame[k] = true;
        narrowed[k] = module.bitsAllocated() == 64;
        float[] target = floats();
        int base = k * sliceSize;
        long infinite = 0;
        for (int i = 0; i < sliceSize; i++) {
            double modality = lut.apply(values[i]);
            float value = (float) modality;
            if (Float.isInfinite(value) && !Double.isInfinite(modality)) {
                infinite++;
            }
            target[base + i] = value;
        }
        outOfFloatRange[k] = infinite;
    }

    private void checkFrame(int samples, ImagePixelModule module, Path file) {
        if (samples != sliceSize) {
            throw DicomException.at(file.toString(), -1, sliceSize + " samples in the frame", samples + "");
        }
        if (words != null && module.bitsAllocated() > 16) {
            throw DicomException.at(file.toString(), -1, "Bits Allocated of at most 16, as the header declared",
                    Integer.toString(module.bitsAllocated()));
        }
    }

    private synchronized int[] ints() {
        if (ints == null) {
            ints = new int[count];
        }
        return ints;
    }

    private synchronized float[] floats() {
        if (floats == null) {
            floats = new float[count];
        }
        return floats;
    }

    /** Returns the number of frames whose Double Float Pixel Data values were narrowed to float32. */
    int narrowedFrames() {
        return countSet(narrowed);
    }

    /** Returns the number of frames decoded from Float or Double Float Pixel Data. */
    int floatFrames() {
        return countSet(floatFrame);
    }

    private static int countSet(boolean[] flags) {
        int set = 0;
        for (boolean flag : flags) {
            set += flag ? 1 : 0;
        }
        return set;
    }

    /** Returns the number of finite values of floating-point frames that became infinite in float32. */
    long valuesOutOfFloatRange() {
        long values = 0;
        for (long frame : outOfFloatRange) {
            values += frame;
        }
        return values;
    }

    private int storedWord(int k, short word) {
        return signed[k] ? word : word & 0xFFFF;
    }

    private long stored(int k, int index) {
        if (words != null) {
            return storedWord(k, words[index]);
        }
        return unsigned32[k] ? Integer.toUnsignedLong(ints[index]) : ints[index];
    }

    /**
     * Applies each frame's Modality LUT and returns the volume: int16 when every value is an
     * integer in -32768..32767, uint16 for integers in 0..65535, int32 for other integers (unless
     * a frame contains unsigned 32-bit samples), float32 otherwise and whenever a frame has
     * floating-point samples.
     */
    Volume toVolume(Geometry geometry, ModalityLut[] luts) {
        if (floatFrames() > 0) {
            return toFloatVolume(geometry, luts);
        }
        boolean integral = true;
        boolean anyUnsigned32 = false;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < luts.length; k++) {
            ModalityLut lut = luts[k];
            if (lut.slope() != Math.rint(lut.slope()) || lut.intercept() != Math.rint(lut.intercept())) {
                integral = false;
            }
            anyUnsigned32 |= unsigned32[k];
            // Floating-point multiplication and addition are monotonic, so the extremes of a
            // linear LUT over a frame are its values at the frame's least and greatest sample.
            double atLeast = lut.apply(minimum[k]);
            double atGreatest = lut.apply(maximum[k]);
            min = Math.min(min, Math.min(atLeast, atGreatest));
            max = Math.max(max, Math.max(atLeast, atGreatest));
        }
        if (integral && min >= Short.MIN_VALUE && max <= Short.MAX_VALUE) {
            return ShortVolume.signed(geometry, toShorts(luts));
        }
        if (integral && min >= 0 && max <= 65535) {
            return ShortVolume.unsigned(geometry, toShorts(luts));
        }
        if (integral && !anyUnsigned32 && min >= Integer.MIN_VALUE && max <= Integer.MAX_VALUE) {
            int[] data = ints != null ? ints : new int[words.length];
            for (int k = 0; k < luts.length; k++) {
                int base = k * sliceSize;
                for (int i = base; i < base + sliceSize; i++) {
                    data[i] = (int) Math.round(luts[k].apply(stored(k, i)));
                }
            }
            return new IntVolume(geometry, data);
        }
        return toFloatVolume(geometry, luts);
    }

    /**
     * Returns the float32 volume of modality values. Floating-point frames are already modality
     * values in the float array, which becomes the volume's array.
     */
    private Volume toFloatVolume(Geometry geometry, ModalityLut[] luts) {
        float[] data = floats != null ? floats : new float[luts.length * sliceSize];
        for (int k = 0; k < luts.length; k++) {
            if (floatFrame[k]) {
                continue;
            }
            int base = k * sliceSize;
            for (int i = base; i < base + sliceSize; i++) {
                data[i] = (float) luts[k].apply(stored(k, i));
            }
        }
        return new FloatVolume(geometry, data);
    }

    /** Returns the modality values as 16-bit words, converted in place when the stored values are 16-bit. */
    private short[] toShorts(ModalityLut[] luts) {
        short[] data = words != null ? words : new short[ints.length];
        for (int k = 0; k < luts.length; k++) {
            // Only integral slopes and intercepts reach here, and slope * value + intercept is
            // exact in long arithmetic, so it equals the rounded double result.
            long slope = (long) luts[k].slope();
            long intercept = (long) luts[k].intercept();
            int base = k * sliceSize;
            if (words != null && slope == 1 && intercept == 0 && signed[k]) {
                continue;
            }
            for (int i = base; i < base + sliceSize; i++) {
                data[i] = (short) (slope * stored(k, i) + intercept);
            }
        }
        return data;
    }
}
