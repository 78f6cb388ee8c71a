package org.medannot.dicom.deid;

import java.util.List;

import org.medannot.dicom.Tag;
import org.medannot.dicom.io.MutableAttributes;
import org.medannot.dicom.io.MutableElement;
import org.medannot.dicom.pixel.PixelDataElement;

/**
 * Sets the stored pixel values inside rectangles to 0 in every frame and sample of native
 * (uncompressed) Pixel Data, for both planar configurations (PS3.3 section C.7.6.3.1.3), or of
 * Float or Double Float Pixel Data, where all-zero bytes are +0.0. Rectangles are clipped to the
 * image, and a region that lies wholly outside the image makes the blanking fail. Stored value 0 is
 * black for MONOCHROME2 and RGB and white for MONOCHROME1.
 */
final class PixelBlanker {

    private PixelBlanker() {
    }

    /**
     * Blanks the regions in {@code dataSet}'s Pixel Data, Float Pixel Data or Double Float Pixel
     * Data in place.
     *
     * @return null when done, else the reason the pixel data cannot be blanked
     */
    static String blank(MutableAttributes dataSet, List<BlankRegion> regions, String source) {
        PixelDataElement element = PixelDataElement.of(dataSet::contains);
        if (element == null) {
            return "the file has no Pixel Data (7FE0,0010), Float Pixel Data (7FE0,0008) or Double Float Pixel Data "
                    + "(7FE0,0009) to blank";
        }
        int pixelTag = element.tag();
        MutableElement pixelData = dataSet.get(pixelTag);
        if (pixelData.isEncapsulated()) {
            return "the Pixel Data is compressed (encapsulated); blanking regions needs native pixel data, so "
                    + "convert the file to Explicit VR Little Endian first";
        }
        int rows = dataSet.getInt(Tag.ROWS, 0);
        int columns = dataSet.getInt(Tag.COLUMNS, 0);
        int bitsAllocated = dataSet.getInt(Tag.BITS_ALLOCATED, 0);
        int samples = dataSet.getInt(Tag.SAMPLES_PER_PIXEL, 1);
        int planar = dataSet.getInt(Tag.PLANAR_CONFIGURATION, 0);
        int frames = Math.max(1, dataSet.getInt(Tag.NUMBER_OF_FRAMES, 1));
        String allowedBits = element.floatingPoint() ? String.valueOf(element.floatBitsAllocated()) : "8, 16 or 32";
        boolean bitsValid = element.floatingPoint() ? bitsAllocated == element.floatBitsAllocated()
                : bitsAllocated == 8 || bitsAllocated == 16 || bitsAllocated == 32;
        if (rows < 1 || columns < 1 || samples < 1 || !bitsValid) {
            return "expected Rows and Columns of at least 1 and Bits Allocated of " + allowedBits + " to blank regions of "
                    + Tag.describe(pixelTag) + ", found Rows " + rows + ", Columns " + columns + ", Bits Allocated " + bitsAllocated;
        }
        for (BlankRegion region : regions) {
            if (region.x() >= columns || region.y() >= rows) {
                // A region that misses the image would leave the text in place under a report of blanking.
                return "blank region " + region + " lies outside the image of " + columns + " x " + rows + " pixels";
            }
        }
        byte[] value = pixelData.isBulkData() ? pixelData.bulkData().read(source).clone() : pixelData.bytes();
        int bytesPerSample = bitsAllocated / 8;
        if (pixelData.isBulkData() && pixelData.bulkDataBigEndian()) {
            swap(value, bytesPerSample);
        }
        long frameBytes = (long) rows * columns * samples * bytesPerSample;
        if (value.length < frameBytes * frames) {
            return Tag.describe(pixelTag) + " contains " + value.length + " bytes, expected " + frameBytes * frames + " for "
                    + frames + " frames of " + columns + " x " + rows + " pixels";
        }
        for (int frame = 0; frame < frames; frame++) {
            for (BlankRegion region : regions) {
                blankRegion(value, frame * frameBytes, region, rows, columns, samples, planar, bytesPerSample);
            }
        }
        dataSet.setBytes(pixelTag, pixelData.vr(), value);
        return null;
    }

    private static void blankRegion(byte[] value, long frameStart, BlankRegion region, int rows, int columns, int samples,
            int planar, int bytesPerSample) {
        int xEnd = (int) Math.min((long) region.x() + region.width(), columns);
        int yEnd = (int) Math.min((long) region.y() + region.height(), rows);
        for (int y = region.y(); y < yEnd; y++) {
            for (int x = region.x(); x < xEnd; x++) {
                for (int s = 0; s < samples; s++) {
                    long pixel = planar == 1 ? (long) s * rows * columns + (long) y * columns + x
                            : ((long) y * columns + x) * samples + s;
                    int offset = (int) (frameStart + pixel * bytesPerSample);
                    for (int b = 0; b < bytesPerSample; b++) {
                        value[offset + b] = 0;
                    }
                }
            }
        }
    }

    private static void swap(byte[] value, int unit) {
        for (int start = 0; start + unit <= value.length; start += unit) {
            for (int low = start, high = start + unit - 1; low < high; low++, high--) {
                byte t = value[low];
                value[low] = value[high];
                value[high] = t;
            }
        }
    }
}
