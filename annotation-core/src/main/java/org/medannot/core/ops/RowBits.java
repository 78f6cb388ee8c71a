package org.medannot.core.ops;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.Mask;

/**
 * A mask copied into word-aligned rows: row {@code r = j + rows * k} occupies words
 * {@code [r * wordsPerRow, (r + 1) * wordsPerRow)}, column i is bit {@code i % 64} of word
 * {@code i / 64} of its row, and bits at or past {@code columns} are always zero. Row-wise
 * shifts and run scans need this alignment, which the mask's own packing lacks.
 */
final class RowBits {

    final int columns;
    final int rows;
    final int slices;
    final int rowCount;
    final int wordsPerRow;
    final long[] words;

    RowBits(int columns, int rows, int slices) {
        this.columns = columns;
        this.rows = rows;
        this.slices = slices;
        this.rowCount = rows * slices;
        this.wordsPerRow = (columns + 63) >>> 6;
        this.words = new long[rowCount * wordsPerRow];
    }

    /** Copies a mask's foreground into rows. */
    static RowBits of(Mask mask) {
        Geometry geometry = mask.geometry();
        RowBits bits = new RowBits(geometry.columns(), geometry.rows(), geometry.slices());
        long[] packed = new long[mask.wordCount()];
        for (int w = 0; w < packed.length; w++) {
            packed[w] = mask.word(w);
        }
        long lastMask = bits.lastWordMask();
        for (int r = 0; r < bits.rowCount; r++) {
            long rowStart = (long) r * bits.columns;
            int base = r * bits.wordsPerRow;
            for (int w = 0; w < bits.wordsPerRow; w++) {
                long position = rowStart + ((long) w << 6);
                int index = (int) (position >>> 6);
                int shift = (int) (position & 63);
                long value = packed[index] >>> shift;
                if (shift != 0 && index + 1 < packed.length) {
                    value |= packed[index + 1] << (64 - shift);
                }
                bits.words[base + w] = value;
            }
            bits.words[base + bits.wordsPerRow - 1] &= lastMask;
        }
        return bits;
    }

    /** Packs the rows into a new mask on {@code geometry}, which must have this size. */
    Mask toMask(Geometry geometry) {
        long[] packed = new long[(int) (((long) rowCount * columns + 63) >>> 6)];
        for (int r = 0; r < rowCount; r++) {
            long rowStart = (long) r * columns;
            int base = r * wordsPerRow;
            for (int w = 0; w < wordsPerRow; w++) {
                long value = words[base + w];
                if (value == 0) {
                    continue;
                }
                long position = rowStart + ((long) w << 6);
                int index = (int) (position >>> 6);
                int shift = (int) (position & 63);
                packed[index] |= value << shift;
                if (shift != 0 && index + 1 < packed.length) {
                    packed[index + 1] |= value >>> (64 - shift);
                }
            }
        }
        return Mask.fromWords(geometry, packed);
    }

    /** Mask of the valid bits in the last word of a row. */
    long lastWordMask() {
        int tail = columns & 63;
        return tail == 0 ? -1L : (1L << tail) - 1;
    }

    /** Returns the first set column at or after {@code from} in row {@code r}, or -1. */
    int nextSet(int r, int from) {
        if (from >= columns) {
            return -1;
        }
        int base = r * wordsPerRow;
        int w = from >>> 6;
        long word = words[base + w] & (-1L << from);
        while (true) {
            if (word != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            if (++w >= wordsPerRow) {
                return -1;
            }
            word = words[base + w];
        }
    }

    /** Returns the first clear column at or after {@code from} in row {@code r}, or {@code columns}. */
    int nextClear(int r, int from) {
        if (from >= columns) {
            return columns;
        }
        int base = r * wordsPerRow;
        int w = from >>> 6;
        long word = ~words[base + w] & (-1L << from);
        while (true) {
            if (word != 0) {
                return Math.min(columns, (w << 6) + Long.numberOfTrailingZeros(word));
            }
            if (++w >= wordsPerRow) {
                return columns;
            }
            word = ~words[base + w];
        }
    }
}
