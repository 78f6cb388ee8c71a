package org.medannot.dicom.pixel;

import org.medannot.dicom.Attributes;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.Tag;

/**
 * The Palette Color Lookup Tables of PS3.3 section C.7.6.3.1.5 and C.7.9: three tables, red,
 * green and blue, each with a descriptor (entries, first mapped value, bits per entry). Stored
 * values below the first mapped value take the first entry, values past the end the last.
 * Segmented tables (0028,1221-1223) are not supported and raise {@link DicomException}.
 */
public final class PaletteColorLut {

    private final int firstMapped;
    private final int[][] tables;
    private final int bits;

    private PaletteColorLut(int firstMapped, int[][] tables, int bits) {
        this.firstMapped = firstMapped;
        this.tables = tables;
        this.bits = bits;
    }

    /**
     * Reads the tables of a PALETTE COLOR image.
     *
     * @param source file name for error messages
     */
    public static PaletteColorLut of(Attributes dataSet, String source) {
        if (dataSet.contains(Tag.SEGMENTED_RED_PALETTE_LUT_DATA)) {
            throw new DicomException(source + ": Segmented Palette Color Lookup Table Data is not supported");
        }
        int[] descriptorTags = {Tag.RED_PALETTE_LUT_DESCRIPTOR, Tag.GREEN_PALETTE_LUT_DESCRIPTOR, Tag.BLUE_PALETTE_LUT_DESCRIPTOR};
        int[] dataTags = {Tag.RED_PALETTE_LUT_DATA, Tag.GREEN_PALETTE_LUT_DATA, Tag.BLUE_PALETTE_LUT_DATA};
        int[][] tables = new int[3][];
        int firstMapped = 0;
        int bits = 16;
        for (int c = 0; c < 3; c++) {
            long[] descriptor = dataSet.getLongs(descriptorTags[c]);
            if (descriptor.length != 3) {
                throw new DicomException(source + ": expected 3 values in " + Tag.describe(descriptorTags[c]) + ", found " + descriptor.length);
            }
            // An entry count of 0 means 65536 (PS3.3 section C.7.6.3.1.5).
            int entries = descriptor[0] == 0 ? 65536 : (int) descriptor[0];
            firstMapped = (int) descriptor[1];
            bits = (int) descriptor[2];
            if (bits != 8 && bits != 16) {
                throw new DicomException(source + ": expected 8 or 16 bits per entry in " + Tag.describe(descriptorTags[c]) + ", found " + bits);
            }
            byte[] data = dataSet.getBytes(dataTags[c]);
            if (data == null) {
                throw new DicomException(source + ": missing " + Tag.describe(dataTags[c]));
            }
            int[] table = new int[entries];
            // 8-bit entries are normally still stored in 16-bit words, the value in the low byte; some writers pack them into bytes.
            if (data.length < entries * 2L && !(bits == 8 && data.length >= entries)) {
                throw new DicomException(source + ": expected " + entries + " entries in " + Tag.describe(dataTags[c]) + ", found "
                        + data.length + " bytes");
            }
            boolean packedBytes = bits == 8 && data.length < entries * 2L;
            boolean bigEndian = dataSet.get(dataTags[c]).bigEndian();
            for (int i = 0; i < entries; i++) {
                if (packedBytes) {
                    table[i] = data[i] & 0xFF;
                } else {
                    int b0 = data[2 * i] & 0xFF;
                    int b1 = data[2 * i + 1] & 0xFF;
                    int word = bigEndian ? (b0 << 8) | b1 : (b1 << 8) | b0;
                    table[i] = bits == 8 ? word & 0xFF : word;
                }
            }
            tables[c] = table;
        }
        return new PaletteColorLut(firstMapped, tables, bits);
    }

    /** Bits per output sample: 8 or 16. */
    public int bits() {
        return bits;
    }

    /**
     * Maps a frame of stored palette indices to R G B samples, colour-by-pixel.
     *
     * @return a new array three times the length of {@code indices}
     */
    public int[] apply(int[] indices) {
        int[] rgb = new int[indices.length * 3];
        for (int i = 0; i < indices.length; i++) {
            for (int c = 0; c < 3; c++) {
                int[] table = tables[c];
                int index = Math.max(0, Math.min(table.length - 1, indices[i] - firstMapped));
                rgb[3 * i + c] = table[index];
            }
        }
        return rgb;
    }
}
