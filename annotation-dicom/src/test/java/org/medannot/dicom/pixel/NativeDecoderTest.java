package org.medannot.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.medannot.dicom.DicomException;

/**
 * Native pixel layouts of PS3.5 section 8 and annex D on small hand-made frames, for the cases
 * the test data set has no file for.
 */
class NativeDecoderTest {

    private static ImagePixelModule module(int rows, int columns, int samples, int allocated, int stored, int highBit,
            int representation, int planar, String photometric, int frames) {
        return new ImagePixelModule(rows, columns, samples, allocated, stored, highBit, representation, planar, photometric, frames);
    }

    @Test
    void signedTwelveBitsInSixteenAreSignExtended() {
        // 0x0FFF is -1 in 12-bit two's complement; the high nibble 0xF000 holds overlay bits to ignore.
        byte[] bytes = {(byte) 0xFF, (byte) 0xFF, 0x00, 0x08, 0x01, 0x00};
        int[] values = NativeDecoder.decode(bytes, module(1, 3, 1, 16, 12, 11, 1, 0, "MONOCHROME2", 1), 0, false, false, "test");
        assertThat(values).containsExactly(-1, -2048, 1);
    }

    @Test
    void highBitBelowTopShiftsValues() {
        // Bits Stored 8 with High Bit 11: the value sits in bits 4..11.
        byte[] bytes = {(byte) 0xF0, 0x0A};
        int[] values = NativeDecoder.decode(bytes, module(1, 1, 1, 16, 8, 11, 0, 0, "MONOCHROME2", 1), 0, false, false, "test");
        assertThat(values).containsExactly(0xAF);
    }

    @Test
    void planarConfigurationOneIsInterleaved() {
        byte[] bytes = {1, 2, 10, 20, 100, (byte) 200};
        int[] values = NativeDecoder.decode(bytes, module(1, 2, 3, 8, 8, 7, 0, 1, "RGB", 1), 0, false, false, "test");
        assertThat(values).containsExactly(1, 10, 100, 2, 20, 200);
    }

    @Test
    void ybrFull422ExpandsChroma() {
        byte[] bytes = {50, 60, (byte) 128, 64};
        int[] values = NativeDecoder.decode(bytes, module(1, 2, 3, 8, 8, 7, 0, 0, "YBR_FULL_422", 1), 0, false, false, "test");
        assertThat(values).containsExactly(50, 128, 64, 60, 128, 64);
    }

    @Test
    void oneBitFramesArePackedAcrossBytes() {
        // 3 x 3 frames: frame 1 starts at bit 9. Bits are read from the least significant end.
        byte[] bytes = {(byte) 0b0000_0001, (byte) 0b0000_0110, 0};
        ImagePixelModule bits = module(3, 3, 1, 1, 1, 0, 0, 0, "MONOCHROME2", 2);
        assertThat(NativeDecoder.decode(bytes, bits, 0, false, false, "test")).containsExactly(1, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(NativeDecoder.decode(bytes, bits, 1, false, false, "test")).containsExactly(1, 1, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void bigEndianWordsAndSwappedBytePairs() {
        byte[] words = {0x01, 0x02};
        assertThat(NativeDecoder.decode(words, module(1, 1, 1, 16, 16, 15, 0, 0, "MONOCHROME2", 1), 0, true, false, "test"))
                .containsExactly(0x0102);
        byte[] pairs = {2, 1, 4, 3};
        assertThat(NativeDecoder.decode(pairs, module(1, 4, 1, 8, 8, 7, 0, 0, "MONOCHROME2", 1), 0, false, true, "test"))
                .containsExactly(1, 2, 3, 4);
    }

    @Test
    void thirtyTwoBitUnsignedKeepsAllBits() {
        byte[] bytes = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        int[] values = NativeDecoder.decode(bytes, module(1, 1, 1, 32, 32, 31, 0, 0, "MONOCHROME2", 1), 0, false, false, "test");
        assertThat(Integer.toUnsignedLong(values[0])).isEqualTo(0xFFFFFFFFL);
    }

    @Test
    void shortFrameRejected() {
        assertThatThrownBy(() -> NativeDecoder.decode(new byte[3], module(2, 2, 1, 8, 8, 7, 0, 0, "MONOCHROME2", 1), 0, false, false, "short.dcm"))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("short.dcm")
                .hasMessageContaining("3 bytes");
    }

    @Test
    void rleSegmentsCombineMostSignificantFirst() {
        // Two segments (high byte, low byte) of one 16-bit pixel pair: 0x0102 and 0x0304.
        byte[] frame = new byte[64 + 6];
        frame[0] = 2;
        frame[4] = 64;
        frame[8] = 67;
        byte[] segments = {1, 1, 3, 1, 2, 4};
        System.arraycopy(segments, 0, frame, 64, 6);
        int[] values = RleDecoder.decode(frame, module(1, 2, 1, 16, 16, 15, 0, 0, "MONOCHROME2", 1), "test");
        assertThat(values).containsExactly(0x0102, 0x0304);
    }

    @Test
    void rleReplicateRun() {
        byte[] frame = new byte[64 + 2];
        frame[0] = 1;
        frame[4] = 64;
        frame[64] = -3;
        frame[65] = 7;
        int[] values = RleDecoder.decode(frame, module(1, 4, 1, 8, 8, 7, 0, 0, "MONOCHROME2", 1), "test");
        assertThat(values).containsExactly(7, 7, 7, 7);
    }

    @Test
    void ybrToRgbOfGreyIsGrey() {
        assertThat(ColorSpace.ybrFullToRgb(new int[] {100, 128, 128}, 8)).containsExactly(100, 100, 100);
    }
}
