package org.medannot.dicom.pixel;

/**
 * The stored values of one decoded frame: {@code rows x columns x samplesPerPixel} samples,
 * row by row from the top-left pixel, the samples of one pixel adjacent (R G B or Y Cb Cr),
 * whatever the Planar Configuration of the file. No Modality LUT, VOI LUT, MONOCHROME1
 * inversion or colour conversion is applied.
 *
 * <p>Integer samples of Pixel Data are in {@link #values()}, masked to Bits Stored and, when
 * Pixel Representation is 1, sign-extended (PS3.5 section 8.1.1). Unsigned 32-bit values above
 * 2^31 - 1 appear negative in the int array; read them with {@link Integer#toUnsignedLong(int)}
 * when {@link ImagePixelModule#bitsStored()} is 32 and Pixel Representation is 0.
 *
 * <p>Samples of Float Pixel Data and Double Float Pixel Data are in {@link #floatValues()},
 * exactly as stored, because a double represents every float32 and float64 value (NaN and
 * infinities included). Such a frame has no int values. {@link #getDouble} reads either kind.
 *
 * @param module the pixel description the frame was decoded with
 * @param values the integer samples, length rows x columns x samplesPerPixel, or null for a
 *     frame of floating-point samples
 * @param floatValues the floating-point samples, length rows x columns, or null for a frame of
 *     integer samples
 */
public record Frame(ImagePixelModule module, int[] values, double[] floatValues) {

    /**
     * @throws IllegalArgumentException unless exactly one of {@code values} and
     *     {@code floatValues} is given, the one that {@code module} describes
     */
    public Frame {
        if (module.floatingPoint() ? floatValues == null || values != null : values == null || floatValues != null) {
            throw new IllegalArgumentException("expected " + (module.floatingPoint() ? "floatValues" : "values")
                    + " alone for samples of " + module.pixelDataElement());
        }
    }

    /** Creates a frame of integer samples. */
    public Frame(ImagePixelModule module, int[] values) {
        this(module, values, null);
    }

    /** Creates a frame of floating-point samples. */
    public Frame(ImagePixelModule module, double[] floatValues) {
        this(module, null, floatValues);
    }

    /**
     * Returns the integer samples.
     *
     * @throws IllegalStateException for a frame of Float or Double Float Pixel Data, whose
     *     samples {@link #floatValues()} returns
     */
    @Override
    public int[] values() {
        if (values == null) {
            throw new IllegalStateException("the frame contains floating-point samples of " + module.pixelDataElement()
                    + "; read them with floatValues() or getDouble()");
        }
        return values;
    }

    /** Returns the floating-point samples, or null for a frame of integer samples. */
    @Override
    public double[] floatValues() {
        return floatValues;
    }

    /** Returns whether the samples are floating-point (Float or Double Float Pixel Data). */
    public boolean floatingPoint() {
        return floatValues != null;
    }

    /**
     * Returns sample {@code sample} of the pixel at column x, row y (both 0-based, y downwards).
     *
     * @throws IllegalStateException for a frame of floating-point samples; use {@link #getDouble}
     */
    public int get(int x, int y, int sample) {
        return values()[(y * module.columns() + x) * module.samplesPerPixel() + sample];
    }

    /**
     * Returns sample {@code sample} of the pixel at column x, row y (both 0-based, y downwards)
     * for both kinds of frame; unsigned 32-bit integers come out as their unsigned value.
     */
    public double getDouble(int x, int y, int sample) {
        int index = (y * module.columns() + x) * module.samplesPerPixel() + sample;
        if (floatValues != null) {
            return floatValues[index];
        }
        boolean unsigned32 = module.bitsStored() == 32 && !module.signed();
        return unsigned32 ? Integer.toUnsignedLong(values[index]) : values[index];
    }
}
