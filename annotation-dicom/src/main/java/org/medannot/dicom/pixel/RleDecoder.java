package org.medannot.dicom.pixel;

import org.medannot.dicom.DicomException;

/**
 * Decoder of RLE Lossless frames, PS3.5 annex G: a 64-byte header of 16 little-endian unsigned
 * 32-bit numbers (segment count, then the offset of each segment), then PackBits-coded
 * segments. Segment {@code s * bytesPerSample + b} contains byte b (most significant first) of
 * sample s of every pixel.
 */
final class RleDecoder {

    private RleDecoder() {
    }

    static int[] decode(byte[] data, ImagePixelModule module, String source) {
        if (module.bitsAllocated() == 1) {
            throw new DicomException(source + ": RLE Lossless with Bits Allocated 1 is not supported");
        }
        if (data.length < 64) {
            throw DicomException.at(source, -1, "an RLE header of 64 bytes", data.length + " bytes");
        }
        int bytesPerSample = module.bitsAllocated() / 8;
        int expectedSegments = bytesPerSample * module.samplesPerPixel();
        long segments = readUInt32(data, 0);
        if (segments != expectedSegments) {
            throw DicomException.at(source, -1, expectedSegments + " RLE segments (" + module.samplesPerPixel() + " samples of "
                    + module.bitsAllocated() + " bits)", segments + " in the RLE header");
        }
        int pixels = module.pixelsPerFrame();
        int samples = module.samplesPerPixel();
        int[] values = new int[pixels * samples];
        byte[] segment = new byte[pixels];
        for (int s = 0; s < segments; s++) {
            long start = readUInt32(data, 4 + 4 * s);
            long end = s + 1 < segments ? readUInt32(data, 8 + 4 * s) : data.length;
            if (start < 64 || end > data.length || start > end) {
                throw DicomException.at(source, -1, "RLE segment " + s + " within the " + data.length + "-byte frame",
                        "offsets " + start + ".." + end);
            }
            unpack(data, (int) start, (int) end, segment, source, s);
            int sample = s / bytesPerSample;
            int shift = 8 * (bytesPerSample - 1 - s % bytesPerSample);
            for (int p = 0; p < pixels; p++) {
                values[p * samples + sample] |= (segment[p] & 0xFF) << shift;
            }
        }
        NativeDecoder.mask(values, module);
        return values;
    }

    /** Unpacks one PackBits segment into {@code target}, which it must fill exactly. */
    private static void unpack(byte[] data, int start, int end, byte[] target, String source, int segmentIndex) {
        int in = start;
        int out = 0;
        while (out < target.length && in < end) {
            int header = data[in++];
            if (header >= 0) {
                int count = header + 1;
                if (in + count > end || out + count > target.length) {
                    throw DicomException.at(source, -1, "a literal run within RLE segment " + segmentIndex, "a run of " + count + " bytes past its end");
                }
                System.arraycopy(data, in, target, out, count);
                in += count;
                out += count;
            } else if (header != -128) {
                int count = 1 - header;
                if (in >= end || out + count > target.length) {
                    throw DicomException.at(source, -1, "a replicate run within RLE segment " + segmentIndex, "a run of " + count + " bytes past its end");
                }
                byte value = data[in++];
                for (int i = 0; i < count; i++) {
                    target[out++] = value;
                }
            }
            // A header of -128 is a no-op (PS3.5 annex G).
        }
        if (out < target.length) {
            throw DicomException.at(source, -1, target.length + " bytes in RLE segment " + segmentIndex, out + " bytes");
        }
    }

    private static long readUInt32(byte[] data, int offset) {
        return (data[offset] & 0xFFL) | (data[offset + 1] & 0xFFL) << 8 | (data[offset + 2] & 0xFFL) << 16 | (data[offset + 3] & 0xFFL) << 24;
    }
}
