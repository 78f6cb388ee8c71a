package org.medannot.dicom.pixel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

import org.medannot.dicom.DicomException;

/**
 * Decoder of native (uncompressed) pixel data, PS3.5 section 8.1 and annex D: byte order,
 * Bits Allocated 1/8/16/32, Bits Stored and High Bit masking with sign extension, Planar
 * Configuration and YBR_FULL_422 chroma pairs (expanded to one Cb and Cr per pixel). It also
 * decodes the IEEE 754 values of Float Pixel Data and Double Float Pixel Data.
 */
final class NativeDecoder {

    private NativeDecoder() {
    }

    /**
     * Decodes frame {@code frame} of the Pixel Data value.
     *
     * @param bytes the whole Pixel Data value, or one frame with {@code frame} = 0
     * @param bigEndian whether 16- and 32-bit words are big endian (Explicit VR Big Endian)
     * @param swapBytePairs whether 8-bit data sits in big-endian OW words, so each byte pair is swapped
     */
    static int[] decode(byte[] bytes, ImagePixelModule module, int frame, boolean bigEndian, boolean swapBytePairs, String source) {
        if (module.bitsAllocated() == 1) {
            return decodeBits(bytes, module, frame, source);
        }
        long frameBytes = module.nativeFrameBytes();
        long start = frameBytes * frame;
        if (start + frameBytes > bytes.length) {
            throw DicomException.at(source, -1, "Pixel Data of at least " + (start + frameBytes) + " bytes for frame " + frame
                    + " (" + module.rows() + " x " + module.columns() + " x " + module.samplesPerPixel() + " samples of "
                    + module.bitsAllocated() + " bits)", bytes.length + " bytes");
        }
        int stored = module.subsampled422() ? module.pixelsPerFrame() * 2 : module.samplesPerFrame();
        int[] raw = new int[stored];
        int offset = (int) start;
        switch (module.bitsAllocated()) {
            case 8 -> {
                for (int i = 0; i < stored; i++) {
                    int index = offset + i;
                    if (swapBytePairs) {
                        index = index ^ 1;
                    }
                    raw[i] = bytes[index] & 0xFF;
                }
            }
            case 16 -> {
                for (int i = 0; i < stored; i++) {
                    int p = offset + 2 * i;
                    int b0 = bytes[p] & 0xFF;
                    int b1 = bytes[p + 1] & 0xFF;
                    raw[i] = bigEndian ? (b0 << 8) | b1 : (b1 << 8) | b0;
                }
            }
            default -> {
                for (int i = 0; i < stored; i++) {
                    int p = offset + 4 * i;
                    int b0 = bytes[p] & 0xFF;
                    int b1 = bytes[p + 1] & 0xFF;
                    int b2 = bytes[p + 2] & 0xFF;
                    int b3 = bytes[p + 3] & 0xFF;
                    raw[i] = bigEndian ? (b0 << 24) | (b1 << 16) | (b2 << 8) | b3 : (b3 << 24) | (b2 << 16) | (b1 << 8) | b0;
                }
            }
        }
        int[] values = module.subsampled422() ? expand422(raw, module) : raw;
        mask(values, module);
        if (module.samplesPerPixel() > 1 && module.planarConfiguration() == 1 && !module.subsampled422()) {
            values = interleave(values, module);
        }
        return values;
    }

    /**
     * Decodes frame {@code frame} of a Float Pixel Data (float32) or Double Float Pixel Data
     * (float64) value. Each value is an IEEE 754 number in the byte order of the transfer syntax,
     * so big-endian data is swapped per 4 or 8 bytes (PS3.5 section 7.3).
     *
     * @param bytes the whole value, whose length the caller has checked against the module
     * @param bigEndian whether the values are big endian (Explicit VR Big Endian)
     */
    static double[] decodeFloat(byte[] bytes, ImagePixelModule module, int frame, boolean bigEndian) {
        int samples = module.samplesPerFrame();
        int bytesPerSample = module.bitsAllocated() / 8;
        ByteBuffer buffer = ByteBuffer.wrap(bytes, frame * samples * bytesPerSample, samples * bytesPerSample)
                .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        double[] values = new double[samples];
        if (bytesPerSample == 8) {
            buffer.asDoubleBuffer().get(values);
        } else {
            FloatBuffer floats = buffer.asFloatBuffer();
            for (int i = 0; i < samples; i++) {
                values[i] = floats.get(i);
            }
        }
        return values;
    }

    /** Masks each value to Bits Stored below High Bit and sign-extends it when Pixel Representation is 1. */
    static void mask(int[] values, ImagePixelModule module) {
        int bitsStored = module.bitsStored();
        int shift = module.highBit() + 1 - bitsStored;
        if (bitsStored == 32 && shift == 0) {
            return;
        }
        int mask = bitsStored == 32 ? -1 : (1 << bitsStored) - 1;
        boolean signed = module.signed();
        int signShift = 32 - bitsStored;
        for (int i = 0; i < values.length; i++) {
            int value = (values[i] >>> shift) & mask;
            values[i] = signed ? (value << signShift) >> signShift : value;
        }
    }

    private static int[] expand422(int[] raw, ImagePixelModule module) {
        // Each pair of pixels on a row is stored as Y1 Y2 Cb Cr (PS3.3 section C.7.6.3.1.2).
        int pixels = module.pixelsPerFrame();
        int[] values = new int[pixels * 3];
        for (int pair = 0; pair < pixels / 2; pair++) {
            int in = pair * 4;
            int out = pair * 6;
            values[out] = raw[in];
            values[out + 3] = raw[in + 1];
            values[out + 1] = values[out + 4] = raw[in + 2];
            values[out + 2] = values[out + 5] = raw[in + 3];
        }
        return values;
    }

    /** Turns colour-by-plane (all R, then all G, then all B) into colour-by-pixel. */
    static int[] interleave(int[] planes, ImagePixelModule module) {
        int pixels = module.pixelsPerFrame();
        int samples = module.samplesPerPixel();
        int[] values = new int[planes.length];
        for (int s = 0; s < samples; s++) {
            for (int p = 0; p < pixels; p++) {
                values[p * samples + s] = planes[s * pixels + p];
            }
        }
        return values;
    }

    /** Bits Allocated 1: frames are packed back to back at bit level, first pixel in the least significant bit. */
    private static int[] decodeBits(byte[] bytes, ImagePixelModule module, int frame, String source) {
        long bitsPerFrame = (long) module.samplesPerFrame();
        long firstBit = bitsPerFrame * frame;
        long lastByte = (firstBit + bitsPerFrame + 7) / 8;
        if (lastByte > bytes.length) {
            throw DicomException.at(source, -1, "Pixel Data of at least " + lastByte + " bytes for frame " + frame + " of 1-bit pixels",
                    bytes.length + " bytes");
        }
        int[] values = new int[(int) bitsPerFrame];
        for (int i = 0; i < values.length; i++) {
            long bit = firstBit + i;
            values[i] = (bytes[(int) (bit >>> 3)] >>> (int) (bit & 7)) & 1;
        }
        return values;
    }
}
