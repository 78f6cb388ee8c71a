package org.medannot.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.dicom.DicomFile;

/** Palette Color Lookup Tables (PS3.3 section C.7.6.3.1.5) on a file written by the test. */
class PaletteColorLutTest {

    @TempDir
    Path temp;

    @Test
    void indicesMapThroughTablesWithClamping() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        element(out, 0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1\0".getBytes(StandardCharsets.US_ASCII));
        // Descriptor: 3 entries, first mapped value 10, 16 bits per entry.
        for (int c = 0; c < 3; c++) {
            element(out, 0x0028, 0x1101 + c, "US", words(3, 10, 16));
        }
        element(out, 0x0028, 0x1201, "OW", words(0, 1000, 65535));
        element(out, 0x0028, 0x1202, "OW", words(5, 6, 7));
        element(out, 0x0028, 0x1203, "OW", words(9, 9, 9));
        Path file = temp.resolve("palette.dcm");
        Files.write(file, out.toByteArray());

        PaletteColorLut lut = PaletteColorLut.of(DicomFile.open(file).dataSet(), file.toString());
        int[] rgb = lut.apply(new int[] {0, 11, 12, 99});
        assertThat(rgb).containsExactly(0, 5, 9, 1000, 6, 9, 65535, 7, 9, 65535, 7, 9);
        assertThat(lut.bits()).isEqualTo(16);
    }

    private static byte[] words(int... values) {
        byte[] bytes = new byte[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            bytes[2 * i] = (byte) values[i];
            bytes[2 * i + 1] = (byte) (values[i] >>> 8);
        }
        return bytes;
    }

    private static void element(ByteArrayOutputStream out, int group, int element, String vr, byte[] value) {
        out.write(group & 0xFF);
        out.write(group >>> 8);
        out.write(element & 0xFF);
        out.write(element >>> 8);
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        if (vr.equals("OW")) {
            out.write(0);
            out.write(0);
            out.write(value.length & 0xFF);
            out.write((value.length >>> 8) & 0xFF);
            out.write(0);
            out.write(0);
        } else {
            out.write(value.length & 0xFF);
            out.write(value.length >>> 8);
        }
        out.writeBytes(value);
    }
}
