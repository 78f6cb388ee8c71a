package org.medannot.coco.labelstudio;

import java.io.ByteArrayOutputStream;

import org.medannot.coco.CocoFormatException;

/**
 * Label Studio's brush mask encoding ({@code "format": "rle"} of a {@code brushlabels} result),
 * the bit-packed run-length format of the thi.ng/rle-pack library that Label Studio's editor and
 * its label-studio-converter use.
 *
 * <p>The encoded data is the image as RGBA bytes in row-major order (pixel (x, y) at bytes
 * {@code 4 * (y * width + x)} to {@code + 3}), and the mask is its alpha channel. Bits are read
 * most significant first. The header is the number of values (32 bits), the word size minus 1
 * (5 bits) and four run-length field sizes minus 1 (4 bits each). Then each chunk is a flag bit
 * (1 = one value repeated, 0 = literal values), a 2-bit index into the field sizes, the count minus
 * 1 in that many bits, and the value or values in word-size bits.
 *
 * <p>This encoder writes word size 8, field sizes 3, 4, 8 and 16 and the value 255 in all four
 * channels of a foreground pixel, as label-studio-converter does, and pads the end to whole bytes
 * with 1 to 8 zero bits.
 */
final class BrushRle {

    private static final int[] FIELD_SIZES = {3, 4, 8, 16};

    /** Alpha values from this on count as foreground, so that anti-aliased stroke edges count when mostly opaque. */
    static final int ALPHA_THRESHOLD = 128;

    private BrushRle() {
    }

    /** Encodes a mask given as row-major booleans. */
    static int[] encode(boolean[] pixels) {
        BitWriter bits = new BitWriter();
        bits.write(4L * pixels.length, 32);
        bits.write(8 - 1, 5);
        for (int size : FIELD_SIZES) {
            bits.write(size - 1, 4);
        }
        int start = 0;
        while (start < pixels.length) {
            int end = start;
            while (end < pixels.length && pixels[end] == pixels[start]) {
                end++;
            }
            writeRun(bits, 4L * (end - start), pixels[start] ? 255 : 0);
            start = end;
        }
        return bits.toUnsignedBytes();
    }

    /** Writes one run of {@code length} equal values (at least 4, because each pixel has four channels). */
    private static void writeRun(BitWriter bits, long length, int value) {
        long left = length;
        while (left > 65536) {
            writeChunk(bits, 3, 65536, value);
            left -= 65536;
        }
        int index = 0;
        while ((1L << FIELD_SIZES[index]) < left) {
            index++;
        }
        writeChunk(bits, index, left, value);
    }

    private static void writeChunk(BitWriter bits, int fieldIndex, long count, int value) {
        bits.write(1, 1);
        bits.write(fieldIndex, 2);
        bits.write(count - 1, FIELD_SIZES[fieldIndex]);
        bits.write(value, 8);
    }

    /**
     * Decodes to row-major booleans of {@code width * height} pixels, foreground where the alpha
     * value is at least {@link #ALPHA_THRESHOLD}.
     *
     * @param pointer JSON pointer of the {@code rle} array, for messages
     * @throws CocoFormatException when the stream is truncated, declares another number of values
     *     than {@code 4 * width * height}, has a word size other than 8, or runs past its end
     */
    static boolean[] decode(int[] data, int width, int height, String pointer) throws CocoFormatException {
        BitReader bits = new BitReader(data, pointer);
        long expected = 4L * width * height;
        long count = bits.read(32);
        if (count != expected) {
            throw new CocoFormatException(pointer, "brush RLE declares " + count + " values but a " + width + " x "
                    + height + " RGBA image has " + expected);
        }
        int wordSize = (int) bits.read(5) + 1;
        if (wordSize != 8) {
            throw new CocoFormatException(pointer, "brush RLE word size is " + wordSize + " bits, expected 8");
        }
        int[] fieldSizes = new int[4];
        for (int n = 0; n < 4; n++) {
            fieldSizes[n] = (int) bits.read(4) + 1;
        }
        boolean[] pixels = new boolean[width * height];
        long position = 0;
        while (position < expected) {
            boolean repeat = bits.read(1) == 1;
            int fieldSize = fieldSizes[(int) bits.read(2)];
            long end = position + 1 + bits.read(fieldSize);
            if (end > expected) {
                throw new CocoFormatException(pointer, "brush RLE run ends at value " + end + ", past the image's "
                        + expected + " values");
            }
            if (repeat) {
                boolean foreground = bits.read(8) >= ALPHA_THRESHOLD;
                if (foreground) {
                    // Alpha is every fourth value, at offset 3.
                    for (long alpha = position + ((3 - position % 4) + 4) % 4; alpha < end; alpha += 4) {
                        pixels[(int) (alpha / 4)] = true;
                    }
                }
            } else {
                for (long n = position; n < end; n++) {
                    long value = bits.read(8);
                    if (n % 4 == 3 && value >= ALPHA_THRESHOLD) {
                        pixels[(int) (n / 4)] = true;
                    }
                }
            }
            position = end;
        }
        return pixels;
    }

    /** Writes bits most significant first. */
    private static final class BitWriter {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private int current;
        private int used;
        private long written;

        void write(long value, int count) {
            for (int n = count - 1; n >= 0; n--) {
                current = (current << 1) | (int) ((value >>> n) & 1);
                used++;
                written++;
                if (used == 8) {
                    bytes.write(current);
                    current = 0;
                    used = 0;
                }
            }
        }

        int[] toUnsignedBytes() {
            // label-studio-converter pads with 8 - (bits % 8) zero bits, a whole byte when aligned.
            int padding = (int) (8 - written % 8);
            write(0, padding);
            byte[] array = bytes.toByteArray();
            int[] values = new int[array.length];
            for (int n = 0; n < array.length; n++) {
                values[n] = array[n] & 0xff;
            }
            return values;
        }
    }

    /** Reads bits most significant first, failing at the end of the data. */
    private static final class BitReader {
        private final int[] data;
        private final String pointer;
        private long position;

        BitReader(int[] data, String pointer) {
            this.data = data;
            this.pointer = pointer;
        }

        long read(int count) throws CocoFormatException {
            if (position + count > 8L * data.length) {
                throw new CocoFormatException(pointer, "brush RLE is truncated: needs bit " + (position + count)
                        + " of " + 8L * data.length);
            }
            long value = 0;
            for (int n = 0; n < count; n++) {
                int bit = (data[(int) (position >>> 3)] >>> (7 - (int) (position & 7))) & 1;
                value = (value << 1) | bit;
                position++;
            }
            return value;
        }
    }
}
