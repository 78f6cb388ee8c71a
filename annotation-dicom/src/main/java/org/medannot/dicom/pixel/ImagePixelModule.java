package org.medannot.dicom.pixel;

import org.medannot.dicom.Attributes;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.Tag;

/**
 * The attributes of the Image Pixel Module (PS3.3 section C.7.6.3) that describe how the pixel
 * data element is laid out, validated against each other.
 *
 * <p>For Float Pixel Data and Double Float Pixel Data (Floating Point and Double Floating Point
 * Image Pixel Modules, PS3.3 sections C.7.6.24 and C.7.6.25), Bits Allocated must be 32 or 64
 * and Samples per Pixel 1. Bits Stored, High Bit and Pixel Representation describe integer
 * samples only, so values in the data set are ignored and the record contains Bits Allocated,
 * Bits Allocated - 1 and 0.
 *
 * @param rows number of rows (image height)
 * @param columns number of columns (image width)
 * @param samplesPerPixel 1 for grey and palette images, 3 for colour
 * @param bitsAllocated bits per stored sample: 1, 8, 16 or 32, or 64 for Double Float Pixel Data
 * @param bitsStored significant bits of each sample, 1..bitsAllocated
 * @param highBit bit index of the most significant stored bit (usually bitsStored - 1)
 * @param pixelRepresentation 0 unsigned, 1 two's complement
 * @param planarConfiguration 0 colour-by-pixel (R1 G1 B1 R2...), 1 colour-by-plane
 * @param photometricInterpretation MONOCHROME1, MONOCHROME2, RGB, YBR_FULL, YBR_FULL_422, PALETTE COLOR...
 * @param numberOfFrames frames in the pixel data element, at least 1
 * @param pixelDataElement the element that contains the samples
 */
public record ImagePixelModule(int rows, int columns, int samplesPerPixel, int bitsAllocated, int bitsStored,
        int highBit, int pixelRepresentation, int planarConfiguration, String photometricInterpretation,
        int numberOfFrames, PixelDataElement pixelDataElement) {

    /** Creates the description of integer samples in Pixel Data (7FE0,0010). */
    public ImagePixelModule(int rows, int columns, int samplesPerPixel, int bitsAllocated, int bitsStored,
            int highBit, int pixelRepresentation, int planarConfiguration, String photometricInterpretation,
            int numberOfFrames) {
        this(rows, columns, samplesPerPixel, bitsAllocated, bitsStored, highBit, pixelRepresentation, planarConfiguration,
                photometricInterpretation, numberOfFrames, PixelDataElement.PIXEL_DATA);
    }

    public ImagePixelModule {
        if (pixelDataElement == null) {
            throw new IllegalArgumentException("pixelDataElement must not be null");
        }
    }

    /**
     * Reads the module of the pixel data element that the data set contains (Pixel Data when
     * none is present, as after a read that stopped at the pixel data).
     *
     * @param source file name for error messages
     * @throws DicomException when a required attribute is missing or the values contradict each other
     */
    public static ImagePixelModule of(Attributes dataSet, String source) {
        PixelDataElement element = PixelDataElement.of(dataSet);
        return of(dataSet, element == null ? PixelDataElement.PIXEL_DATA : element, source);
    }

    /**
     * Reads the module that describes {@code element}.
     *
     * @param source file name for error messages
     * @throws DicomException when a required attribute is missing, or the values contradict each
     *     other or the element. Float Pixel Data requires Bits Allocated 32, Double Float Pixel
     *     Data 64, and both Samples per Pixel 1.
     */
    public static ImagePixelModule of(Attributes dataSet, PixelDataElement element, String source) {
        if (element.floatingPoint()) {
            return floatingPoint(dataSet, element, source);
        }
        int rows = require(dataSet, Tag.ROWS, source);
        int columns = require(dataSet, Tag.COLUMNS, source);
        int bitsAllocated = require(dataSet, Tag.BITS_ALLOCATED, source);
        int samples = dataSet.getInt(Tag.SAMPLES_PER_PIXEL, 1);
        int bitsStored = dataSet.getInt(Tag.BITS_STORED, bitsAllocated);
        int highBit = dataSet.getInt(Tag.HIGH_BIT, bitsStored - 1);
        int pixelRepresentation = dataSet.getInt(Tag.PIXEL_REPRESENTATION, 0);
        int planar = dataSet.getInt(Tag.PLANAR_CONFIGURATION, 0);
        String photometric = dataSet.getString(Tag.PHOTOMETRIC_INTERPRETATION, samples == 1 ? "MONOCHROME2" : "RGB");
        int frames = dataSet.getInt(Tag.NUMBER_OF_FRAMES, 1);

        if (rows <= 0 || columns <= 0) {
            throw new DicomException(source + ": expected positive Rows and Columns, found " + rows + " x " + columns);
        }
        if (bitsAllocated != 1 && bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32) {
            throw new DicomException(source + ": expected Bits Allocated (0028,0100) of 1, 8, 16 or 32, found " + bitsAllocated);
        }
        if (samples != 1 && samples != 3) {
            throw new DicomException(source + ": expected Samples per Pixel (0028,0002) of 1 or 3, found " + samples);
        }
        if (bitsStored < 1 || bitsStored > bitsAllocated) {
            throw new DicomException(source + ": expected Bits Stored (0028,0101) in 1.." + bitsAllocated + ", found " + bitsStored);
        }
        if (highBit < bitsStored - 1 || highBit >= bitsAllocated) {
            throw new DicomException(source + ": expected High Bit (0028,0102) in " + (bitsStored - 1) + ".." + (bitsAllocated - 1)
                    + ", found " + highBit);
        }
        if (pixelRepresentation != 0 && pixelRepresentation != 1) {
            throw new DicomException(source + ": expected Pixel Representation (0028,0103) of 0 or 1, found " + pixelRepresentation);
        }
        if (frames < 1) {
            // Some writers store 0 for single-frame images; pydicom reads them as one frame too.
            frames = 1;
        }
        return new ImagePixelModule(rows, columns, samples, bitsAllocated, bitsStored, highBit, pixelRepresentation,
                planar == 1 ? 1 : 0, photometric, frames);
    }

    private static ImagePixelModule floatingPoint(Attributes dataSet, PixelDataElement element, String source) {
        int rows = require(dataSet, Tag.ROWS, source);
        int columns = require(dataSet, Tag.COLUMNS, source);
        int bitsAllocated = require(dataSet, Tag.BITS_ALLOCATED, source);
        int samples = dataSet.getInt(Tag.SAMPLES_PER_PIXEL, 1);
        String photometric = dataSet.getString(Tag.PHOTOMETRIC_INTERPRETATION, "MONOCHROME2");
        int frames = Math.max(1, dataSet.getInt(Tag.NUMBER_OF_FRAMES, 1));

        if (rows <= 0 || columns <= 0) {
            throw new DicomException(source + ": expected positive Rows and Columns, found " + rows + " x " + columns);
        }
        if (bitsAllocated != element.floatBitsAllocated()) {
            throw new DicomException(source + ": expected Bits Allocated (0028,0100) of " + element.floatBitsAllocated()
                    + " for " + element + ", found " + bitsAllocated);
        }
        if (samples != 1) {
            throw new DicomException(source + ": expected Samples per Pixel (0028,0002) of 1 for " + element + ", found " + samples);
        }
        return new ImagePixelModule(rows, columns, 1, bitsAllocated, bitsAllocated, bitsAllocated - 1, 0, 0, photometric, frames,
                element);
    }

    private static int require(Attributes dataSet, int tag, String source) {
        int value = dataSet.getInt(tag, Integer.MIN_VALUE);
        if (value == Integer.MIN_VALUE) {
            throw new DicomException(source + ": missing " + Tag.describe(tag) + ", required to decode the pixel data");
        }
        return value;
    }

    /** Pixels per frame (rows x columns). */
    public int pixelsPerFrame() {
        return rows * columns;
    }

    /** Samples per frame after decoding (pixels x samples per pixel). */
    public int samplesPerFrame() {
        return rows * columns * samplesPerPixel;
    }

    /** Whether stored values are two's complement. */
    public boolean signed() {
        return pixelRepresentation == 1;
    }

    /** Returns whether the samples are IEEE 754 floating-point numbers (Float or Double Float Pixel Data). */
    public boolean floatingPoint() {
        return pixelDataElement.floatingPoint();
    }

    /** Whether the native encoding is YBR_FULL_422 (two luminance samples share one chroma pair). */
    public boolean subsampled422() {
        return !floatingPoint() && "YBR_FULL_422".equals(photometricInterpretation);
    }

    /**
     * Bytes of one native frame, or -1 for Bits Allocated 1, whose frames need not start on a
     * byte boundary.
     */
    public long nativeFrameBytes() {
        if (bitsAllocated == 1) {
            return -1;
        }
        long samples = subsampled422() ? (long) rows * columns * 2 : (long) rows * columns * samplesPerPixel;
        return samples * (bitsAllocated / 8);
    }
}
