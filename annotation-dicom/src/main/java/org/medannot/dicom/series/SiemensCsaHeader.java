package org.medannot.dicom.series;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.medannot.dicom.Attributes;
import org.medannot.dicom.DicomException;

/**
 * The Siemens CSA Image Header (private creator "SIEMENS CSA HEADER", element offset 0x10 of its
 * block, usually (0029,1010)): named elements, each with a list of text items.
 *
 * <p>Layout of the "SV10" form, little endian: the 4 bytes "SV10", 4 bytes 04 03 02 01, the
 * element count and an unused int; then per element a 64-byte NUL-padded name, VM, a 4-byte VR,
 * SyngoDT, the item count and an unused int; then per item four ints, of which the second is the
 * item length, followed by the item's bytes padded to a multiple of 4. Items are NUL-terminated
 * text, numbers included.
 *
 * <p>NOTE: the older CSA1 form, without "SV10", is not read; a mosaic that carries it is skipped
 * with the parse error as the reason.
 */
final class SiemensCsaHeader {

    static final String PRIVATE_CREATOR = "SIEMENS CSA HEADER";
    private static final int IMAGE_HEADER_OFFSET = 0x10;
    private static final int MAX_ITEMS = 10_000;

    private final Map<String, List<String>> elements;

    private SiemensCsaHeader(Map<String, List<String>> elements) {
        this.elements = elements;
    }

    /**
     * Returns the CSA Image Header of {@code dataSet}, found through its private creator in group
     * 0029, or null when the data set has none.
     *
     * @throws DicomException when the header is present but malformed
     */
    static SiemensCsaHeader imageHeader(Attributes dataSet, String source) {
        for (int block = 0x10; block <= 0xFF; block++) {
            String creator = dataSet.getString(0x00290000 | block, "");
            if (PRIVATE_CREATOR.equals(creator.strip())) {
                byte[] bytes = dataSet.getBytes(0x00290000 | block << 8 | IMAGE_HEADER_OFFSET);
                return bytes == null ? null : parse(bytes, source);
            }
        }
        return null;
    }

    /**
     * Parses a CSA header of the "SV10" form.
     *
     * @throws DicomException when the bytes are not such a header or end early
     */
    static SiemensCsaHeader parse(byte[] bytes, String source) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 16 || bytes[0] != 'S' || bytes[1] != 'V' || bytes[2] != '1' || bytes[3] != '0') {
            throw new DicomException(source + ": Siemens CSA Image Header: expected the \"SV10\" form, found "
                    + bytes.length + " bytes without it");
        }
        buffer.position(8);
        int count = buffer.getInt();
        buffer.getInt();
        if (count < 0 || count > MAX_ITEMS) {
            throw new DicomException(source + ": Siemens CSA Image Header: expected at most " + MAX_ITEMS
                    + " elements, found " + count);
        }
        Map<String, List<String>> elements = new LinkedHashMap<>();
        try {
            for (int n = 0; n < count; n++) {
                byte[] name = new byte[64];
                buffer.get(name);
                buffer.getInt();
                buffer.getInt();
                buffer.getInt();
                int items = buffer.getInt();
                buffer.getInt();
                if (items < 0 || items > MAX_ITEMS) {
                    throw new DicomException(source + ": Siemens CSA Image Header: element " + n + " declares " + items
                            + " items at offset " + (buffer.position() - 8));
                }
                String[] values = new String[items];
                for (int item = 0; item < items; item++) {
                    buffer.getInt();
                    int length = buffer.getInt();
                    buffer.getInt();
                    buffer.getInt();
                    if (length < 0 || length > buffer.remaining()) {
                        throw new DicomException(source + ": Siemens CSA Image Header: item of " + length
                                + " bytes at offset " + buffer.position() + " runs past the end (" + bytes.length + " bytes)");
                    }
                    byte[] value = new byte[length];
                    buffer.get(value);
                    buffer.position(Math.min(bytes.length, buffer.position() + (4 - length % 4) % 4));
                    values[item] = text(value);
                }
                elements.put(text(name), List.of(values));
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new DicomException(source + ": Siemens CSA Image Header: ends early at offset " + buffer.position()
                    + " of " + bytes.length + " bytes");
        }
        return new SiemensCsaHeader(elements);
    }

    private static String text(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1).strip();
    }

    /** Returns the non-empty items of element {@code name}; empty when absent. */
    List<String> items(String name) {
        return elements.getOrDefault(name, List.of()).stream().filter(item -> !item.isEmpty()).toList();
    }

    /** Returns NumberOfImagesInMosaic, or 0 when absent. */
    int numberOfImagesInMosaic(String source) {
        List<String> items = items("NumberOfImagesInMosaic");
        if (items.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(items.get(0));
        } catch (NumberFormatException e) {
            throw new DicomException(source + ": Siemens CSA Image Header: NumberOfImagesInMosaic: expected an integer,"
                    + " found \"" + items.get(0) + "\"");
        }
    }

    /** Returns SliceNormalVector (3 numbers, LPS), or null when absent. */
    double[] sliceNormalVector() {
        List<String> items = items("SliceNormalVector");
        if (items.size() < 3) {
            return null;
        }
        try {
            return new double[] {Double.parseDouble(items.get(0)), Double.parseDouble(items.get(1)),
                    Double.parseDouble(items.get(2))};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
