package org.medannot.core.ops;

import java.util.Arrays;

import org.medannot.core.mask.Mask;

/**
 * Binary erosion, dilation, opening and closing with a symmetric {@link StructuringElement}, with
 * the results of {@code scipy.ndimage.binary_erosion}, {@code binary_dilation},
 * {@code binary_opening} and {@code binary_closing} at their defaults ({@code iterations=1},
 * {@code border_value=0}, centred origin).
 *
 * <ul>
 *   <li>Erosion: a voxel stays foreground when every voxel under the element centred on it is
 *       foreground. Voxels outside the grid count as background, so foreground within reach of
 *       the border is removed.</li>
 *   <li>Dilation: a voxel becomes foreground when any voxel under the element is foreground.</li>
 *   <li>Opening: erosion, then dilation. Closing: dilation, then erosion, so closing can also
 *       remove foreground near the border, as scipy's does.</li>
 * </ul>
 *
 * <p>The work is done on whole rows of 64-bit words: each row of the element is a run of
 * {@code 2h + 1} offsets along i, applied by shifting and combining words, and the element's rows
 * combine shifted rows of the mask with AND or OR. An element that extends along k applied to a
 * single-slice mask erodes it to nothing, as scipy does for a 3D structure on a
 * (1, rows, columns) array, so use a disk or a box with {@code halfK = 0} for 2D.
 */
public final class BinaryMorphology {

    private BinaryMorphology() {
    }

    /** Returns the erosion of {@code mask} by {@code element} as a new mask. */
    public static Mask erode(Mask mask, StructuringElement element) {
        check(mask, element);
        return apply(RowBits.of(mask), element, true).toMask(mask.geometry());
    }

    /** Returns the dilation of {@code mask} by {@code element} as a new mask. */
    public static Mask dilate(Mask mask, StructuringElement element) {
        check(mask, element);
        return apply(RowBits.of(mask), element, false).toMask(mask.geometry());
    }

    /** Returns the opening (erosion, then dilation) of {@code mask} as a new mask. */
    public static Mask open(Mask mask, StructuringElement element) {
        check(mask, element);
        RowBits eroded = apply(RowBits.of(mask), element, true);
        return apply(eroded, element, false).toMask(mask.geometry());
    }

    /** Returns the closing (dilation, then erosion) of {@code mask} as a new mask. */
    public static Mask close(Mask mask, StructuringElement element) {
        check(mask, element);
        RowBits dilated = apply(RowBits.of(mask), element, false);
        return apply(dilated, element, true).toMask(mask.geometry());
    }

    private static void check(Mask mask, StructuringElement element) {
        Grids.requireNonNull("mask", mask);
        Grids.requireNonNull("element", element);
    }

    private static RowBits apply(RowBits source, StructuringElement element, boolean erode) {
        int words = source.wordsPerRow;
        int rows = source.rows;
        int slices = source.slices;

        // Each distinct half-width h gets the source with every row spread over [-h, h] along i.
        int maxHalf = 0;
        for (int n = 0; n < element.rowCount(); n++) {
            maxHalf = Math.max(maxHalf, element.rowHalfWidth(n));
        }
        RowBits[] spread = new RowBits[maxHalf + 1];
        for (int n = 0; n < element.rowCount(); n++) {
            int half = element.rowHalfWidth(n);
            if (spread[half] == null) {
                spread[half] = spreadRows(source, half, erode);
            }
        }

        RowBits result = new RowBits(source.columns, rows, slices);
        long[] out = result.words;
        for (int k = 0; k < slices; k++) {
            for (int j = 0; j < rows; j++) {
                int base = (j + rows * k) * words;
                if (erode) {
                    Arrays.fill(out, base, base + words, -1L);
                    out[base + words - 1] = source.lastWordMask();
                }
                for (int n = 0; n < element.rowCount(); n++) {
                    int sj = j + element.rowJ(n);
                    int sk = k + element.rowK(n);
                    boolean inside = sj >= 0 && sj < rows && sk >= 0 && sk < slices;
                    if (!inside) {
                        if (erode) {
                            // A neighbour row outside the grid is background, so nothing in this row survives.
                            Arrays.fill(out, base, base + words, 0L);
                            break;
                        }
                        continue;
                    }
                    long[] in = spread[element.rowHalfWidth(n)].words;
                    int sourceBase = (sj + rows * sk) * words;
                    if (erode) {
                        for (int w = 0; w < words; w++) {
                            out[base + w] &= in[sourceBase + w];
                        }
                    } else {
                        for (int w = 0; w < words; w++) {
                            out[base + w] |= in[sourceBase + w];
                        }
                    }
                }
            }
        }
        return result;
    }

    /**
     * Returns rows where bit i is the AND (erosion) or OR (dilation) of source bits [i - h, i + h],
     * bits outside the row counting as 0.
     */
    private static RowBits spreadRows(RowBits source, int half, boolean and) {
        RowBits result = new RowBits(source.columns, source.rows, source.slices);
        System.arraycopy(source.words, 0, result.words, 0, source.words.length);
        if (half == 0) {
            return result;
        }
        int words = source.wordsPerRow;
        long lastMask = source.lastWordMask();
        long[] row = new long[words];
        long[] shifted = new long[words];
        for (int r = 0; r < source.rowCount; r++) {
            int base = r * words;
            System.arraycopy(result.words, base, row, 0, words);
            // Towards higher i: bit i combines bits [i - h, i], and the covered span doubles each step.
            for (int covered = 0; covered < half;) {
                int step = Math.min(covered + 1, half - covered);
                shiftUp(row, step, shifted, lastMask);
                combine(row, shifted, and);
                covered += step;
            }
            // Towards lower i: bit i then combines bits [i - h, i + h].
            for (int covered = 0; covered < half;) {
                int step = Math.min(covered + 1, half - covered);
                shiftDown(row, step, shifted);
                combine(row, shifted, and);
                covered += step;
            }
            System.arraycopy(row, 0, result.words, base, words);
        }
        return result;
    }

    private static void combine(long[] row, long[] shifted, boolean and) {
        if (and) {
            for (int w = 0; w < row.length; w++) {
                row[w] &= shifted[w];
            }
        } else {
            for (int w = 0; w < row.length; w++) {
                row[w] |= shifted[w];
            }
        }
    }

    /** Sets {@code out[i] = in[i - distance]}, with zeros shifted in and bits past the row cleared. */
    static void shiftUp(long[] in, int distance, long[] out, long lastMask) {
        int wordShift = distance >>> 6;
        int bitShift = distance & 63;
        for (int w = in.length - 1; w >= 0; w--) {
            int from = w - wordShift;
            long value = 0;
            if (from >= 0) {
                value = in[from] << bitShift;
                if (bitShift != 0 && from - 1 >= 0) {
                    value |= in[from - 1] >>> (64 - bitShift);
                }
            }
            out[w] = value;
        }
        out[in.length - 1] &= lastMask;
    }

    /** Sets {@code out[i] = in[i + distance]}, with zeros shifted in (bits past the row are already 0). */
    static void shiftDown(long[] in, int distance, long[] out) {
        int wordShift = distance >>> 6;
        int bitShift = distance & 63;
        for (int w = 0; w < in.length; w++) {
            int from = w + wordShift;
            long value = 0;
            if (from < in.length) {
                value = in[from] >>> bitShift;
                if (bitShift != 0 && from + 1 < in.length) {
                    value |= in[from + 1] << (64 - bitShift);
                }
            }
            out[w] = value;
        }
    }
}
