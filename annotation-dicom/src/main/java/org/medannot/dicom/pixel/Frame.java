package org.medannot.dicom.pixel;

/**
 * The stored values of one decoded frame: {@code rows x columns x samplesPerPixel} samples,
 * row by row from the top-left pixel, the samples of one pixel adjacent (R G B or Y Cb Cr),
 * whatever the Planar Configuration of the file. Values are masked to Bits Stored and, when
 * Pixel Representation is 1, sign-extended (PS3.5 section 8.1.1). No Modality LUT, VOI LUT,
 * MONOCHROME1 inversion or colour conversion is applied.
 *
 * <p>Unsigned 32-bit values above 2^31 - 1 appear negative in the int array; read them with
 * {@link Integer#toUnsignedLong(int)} when {@link ImagePixelModule#bitsStored()} is 32 and
 * Pixel Representation is 0.
 *
 * @param module the pixel description the frame was decoded with
 * @param values the samples, length rows x columns x samplesPerPixel
 */
public record Frame(ImagePixelModule module, int[] values) {

    /** Returns sample {@code sample} of the pixel at column x, row y (both 0-based, y downwards). */
    public int get(int x, int y, int sample) {
        return values[(y * module.columns() + x) * module.samplesPerPixel() + sample];
    }
}
