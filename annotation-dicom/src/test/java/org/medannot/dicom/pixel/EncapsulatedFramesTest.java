package org.medannot.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.DicomFile;

/**
 * Frames split over several fragments (PS3.5 section A.4), found through the Extended Offset
 * Table, the Basic Offset Table, or the RLE headers that start each frame. The file is RLE
 * Lossless, 1 x 2 pixels of 8 bits, 2 frames, each frame cut into two fragments.
 */
class EncapsulatedFramesTest {

    @TempDir
    Path temp;

    /** RLE frame: header with one segment at offset 64, then a literal run of the two pixel values and a no-op byte. */
    private static byte[] rleFrame(int first, int second) {
        byte[] frame = new byte[68];
        frame[0] = 1;
        frame[4] = 64;
        frame[64] = 1;
        frame[65] = (byte) first;
        frame[66] = (byte) second;
        frame[67] = (byte) 0x80;
        return frame;
    }

    private Path file(boolean extendedOffsetTable, boolean basicOffsetTable) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        shortElement(out, 0x0002, 0x0010, "UI", "1.2.840.10008.1.2.5\0".getBytes(StandardCharsets.US_ASCII));
        shortElement(out, 0x0028, 0x0002, "US", words(1));
        shortElement(out, 0x0028, 0x0004, "CS", "MONOCHROME2 ".getBytes(StandardCharsets.US_ASCII));
        shortElement(out, 0x0028, 0x0008, "IS", "2 ".getBytes(StandardCharsets.US_ASCII));
        shortElement(out, 0x0028, 0x0010, "US", words(1));
        shortElement(out, 0x0028, 0x0011, "US", words(2));
        shortElement(out, 0x0028, 0x0100, "US", words(8));
        shortElement(out, 0x0028, 0x0101, "US", words(8));
        shortElement(out, 0x0028, 0x0102, "US", words(7));
        shortElement(out, 0x0028, 0x0103, "US", words(0));
        // Item offsets from the first fragment's Item tag: frame 0 at 0 (40 + 28 bytes), frame 1 at 84.
        if (extendedOffsetTable) {
            longElement(out, 0x7FE0, 0x0001, "OV", longs(0, 84));
            longElement(out, 0x7FE0, 0x0002, "OV", longs(68, 68));
        }
        tag(out, 0x7FE0, 0x0010);
        out.writeBytes("OB".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        item(out, basicOffsetTable ? ints(0, 84) : new byte[0]);
        byte[][] frames = {rleFrame(3, 4), rleFrame(200, 7)};
        for (byte[] frame : frames) {
            item(out, java.util.Arrays.copyOfRange(frame, 0, 40));
            item(out, java.util.Arrays.copyOfRange(frame, 40, 68));
        }
        tag(out, 0xFFFE, 0xE0DD);
        out.writeBytes(new byte[4]);
        Path path = temp.resolve("frames.dcm");
        Files.write(path, out.toByteArray());
        return path;
    }

    @Test
    void framesFromExtendedOffsetTable() throws IOException {
        PixelData pixels = PixelData.of(DicomFile.open(file(true, false)));
        assertThat(pixels.decodeFrame(0).values()).containsExactly(3, 4);
        assertThat(pixels.decodeFrame(1).values()).containsExactly(200, 7);
    }

    @Test
    void framesFromBasicOffsetTable() throws IOException {
        PixelData pixels = PixelData.of(DicomFile.open(file(false, true)));
        assertThat(pixels.decodeFrame(1).values()).containsExactly(200, 7);
    }

    @Test
    void framesFromRleHeadersWithoutTables() throws IOException {
        PixelData pixels = PixelData.of(DicomFile.open(file(false, false)));
        assertThat(pixels.decodeFrame(0).values()).containsExactly(3, 4);
        assertThat(pixels.decodeFrame(1).values()).containsExactly(200, 7);
    }

    @Test
    void truncatedFragmentRejected() throws IOException {
        Path path = file(true, false);
        byte[] bytes = Files.readAllBytes(path);
        Files.write(path, java.util.Arrays.copyOf(bytes, bytes.length - 40));
        assertThatThrownBy(() -> PixelData.of(DicomFile.open(path)).decodeFrame(1)).isInstanceOf(DicomException.class);
    }

    private static void tag(ByteArrayOutputStream out, int group, int element) {
        out.write(group & 0xFF);
        out.write(group >>> 8);
        out.write(element & 0xFF);
        out.write(element >>> 8);
    }

    private static void shortElement(ByteArrayOutputStream out, int group, int element, String vr, byte[] value) {
        tag(out, group, element);
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        out.write(value.length & 0xFF);
        out.write(value.length >>> 8);
        out.writeBytes(value);
    }

    private static void longElement(ByteArrayOutputStream out, int group, int element, String vr, byte[] value) {
        tag(out, group, element);
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        out.write(0);
        out.write(0);
        out.writeBytes(ints(value.length));
        out.writeBytes(value);
    }

    private static void item(ByteArrayOutputStream out, byte[] value) {
        tag(out, 0xFFFE, 0xE000);
        out.writeBytes(ints(value.length));
        out.writeBytes(value);
    }

    private static byte[] words(int value) {
        return new byte[] {(byte) value, (byte) (value >>> 8)};
    }

    private static byte[] ints(int... values) {
        byte[] bytes = new byte[values.length * 4];
        for (int i = 0; i < values.length; i++) {
            for (int b = 0; b < 4; b++) {
                bytes[4 * i + b] = (byte) (values[i] >>> (8 * b));
            }
        }
        return bytes;
    }

    private static byte[] longs(long... values) {
        byte[] bytes = new byte[values.length * 8];
        for (int i = 0; i < values.length; i++) {
            for (int b = 0; b < 8; b++) {
                bytes[8 * i + b] = (byte) (values[i] >>> (8 * b));
            }
        }
        return bytes;
    }
}
