package org.medannot.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.medannot.core.testing.SharedData;
import org.medannot.dicom.Attributes;
import org.medannot.dicom.DicomElement;
import org.medannot.dicom.DicomFile;

/**
 * Compares the one-pass multi-pattern search with {@link String#indexOf(String)} on the same
 * bytes read as ISO 8859-1, which maps each byte to one character.
 */
class BytePatternsTest {

    @Test
    void plantedPatternsMatchIndexOf() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            byte[] data = new byte[random.nextInt(1, 4000)];
            // A small alphabet makes partial and overlapping matches frequent.
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) ('a' + random.nextInt(4));
            }
            List<byte[]> patterns = new ArrayList<>();
            for (int n = 0; n < 20; n++) {
                int length = random.nextInt(0, 12);
                byte[] pattern = new byte[length];
                if (length <= data.length && random.nextBoolean()) {
                    System.arraycopy(data, random.nextInt(data.length - length + 1), pattern, 0, length);
                } else {
                    for (int i = 0; i < length; i++) {
                        pattern[i] = (byte) ('a' + random.nextInt(5));
                    }
                }
                patterns.add(pattern);
            }
            assertSameAsIndexOf(data, patterns);
        }
    }

    @Test
    void patternsAmidLowBytesMatchIndexOf() {
        // Bytes below 0x20, like the high bytes of 12-bit pixel data, around text planted at any
        // alignment.
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 300; round++) {
            byte[] data = new byte[random.nextInt(1, 3000)];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) random.nextInt(0x20);
            }
            List<byte[]> patterns = new ArrayList<>();
            for (int n = 0; n < 12; n++) {
                int length = random.nextInt(5, 14);
                byte[] pattern = new byte[length];
                for (int i = 0; i < length; i++) {
                    pattern[i] = (byte) ('0' + random.nextInt(3));
                }
                if (length <= data.length && random.nextInt(3) > 0) {
                    System.arraycopy(pattern, 0, data, random.nextInt(data.length - length + 1), length);
                }
                patterns.add(pattern);
            }
            if (round % 3 == 0) {
                // A pattern that starts with a control byte (ISO 2022 escape).
                byte[] escaped = {0x1B, '$', 'B', '0', '1'};
                if (data.length > escaped.length) {
                    System.arraycopy(escaped, 0, data, random.nextInt(data.length - escaped.length + 1), escaped.length);
                }
                patterns.add(escaped);
            }
            assertSameAsIndexOf(data, patterns);
        }
    }

    @Test
    void patternsAmidRandomBytesMatchIndexOf() {
        // Bytes of any value, as in compressed pixel data, with patterns of any bytes planted at
        // every alignment to the eight-byte words that the search reads.
        SplittableRandom random = new SplittableRandom(13);
        for (int round = 0; round < 300; round++) {
            byte[] data = new byte[random.nextInt(1, 5000)];
            random.nextBytes(data);
            List<byte[]> patterns = new ArrayList<>();
            for (int n = 0; n < 16; n++) {
                byte[] pattern = new byte[random.nextInt(5, 12)];
                random.nextBytes(pattern);
                if (pattern.length <= data.length && random.nextInt(4) > 0) {
                    int at = random.nextInt(data.length - pattern.length + 1);
                    System.arraycopy(pattern, 0, data, at, pattern.length);
                }
                patterns.add(pattern);
            }
            assertSameAsIndexOf(data, patterns);
        }
    }

    @Test
    void patternAtBothEndsFound() {
        byte[] data = "ABCDEFxxxxxxxxxxxxUVWXYZ".getBytes(StandardCharsets.ISO_8859_1);
        List<byte[]> patterns = List.of(bytes("ABCDEF"), bytes("UVWXYZ"), bytes("XYZ"), bytes("YZ"), bytes("Z"), bytes("YZQ"));

        long[] offsets = BytePatterns.firstOffsets(data, patterns);

        assertThat(offsets).containsExactly(0, 18, 21, 22, 23, -1);
    }

    @Test
    void valuesOfRealFileMatchIndexOf() throws IOException {
        Path file = SharedData.require("dicom/series/mr-siemens-t1-sag-HFDL/dicom");
        Path first;
        try (var listing = Files.list(file)) {
            first = listing.sorted().findFirst().orElseThrow();
        }
        byte[] data = Files.readAllBytes(first);
        List<byte[]> patterns = new ArrayList<>();
        collectTextValues(DicomFile.read(first, data, org.medannot.dicom.ReadOptions.DEFAULT).dataSet(), patterns);
        patterns.add(bytes("NOT IN THIS FILE AT ALL"));
        assertThat(patterns).hasSizeGreaterThan(50);

        assertSameAsIndexOf(data, patterns);
    }

    private static void collectTextValues(Attributes attributes, List<byte[]> patterns) {
        for (DicomElement element : attributes.elements()) {
            if (element.isSequence()) {
                for (Attributes item : element.items()) {
                    collectTextValues(item, patterns);
                }
            } else if (element.vr().isText()) {
                for (String value : attributes.getStrings(element.tag())) {
                    patterns.add(value.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private static void assertSameAsIndexOf(byte[] data, List<byte[]> patterns) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        long[] offsets = BytePatterns.firstOffsets(data, patterns);
        for (int p = 0; p < patterns.size(); p++) {
            String pattern = new String(patterns.get(p), StandardCharsets.ISO_8859_1);
            long expected = pattern.isEmpty() ? -1 : text.indexOf(pattern);
            assertThat(offsets[p]).as("first offset of pattern " + p + " \"" + pattern + "\"").isEqualTo(expected);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
