package org.medannot.coco.rle;

import java.util.Arrays;
import java.util.List;

import org.medannot.coco.CocoFormatException;

/**
 * A binary mask of one image in COCO's run-length encoding, as pycocotools' {@code maskApi} defines
 * it.
 *
 * <p>Pixels are visited in column-major (Fortran) order: row index {@code y} fastest, then column
 * index {@code x}, so the pixel at row {@code y}, column {@code x} (both 0-based, {@code y} down,
 * {@code x} right) is number {@code x * height + y}. The runs alternate background and foreground
 * and start with background; the first run is 0 when pixel (0, 0) is foreground. The runs add up
 * to {@code height * width}.
 *
 * <p>An RLE produced by {@link #encode} is <em>canonical</em>: no run other than the first is 0.
 * COCO files in the wild also hold RLEs with zero-length runs. They are accepted, kept as they are
 * by {@link #counts()} and {@link #toCompressedString()}, and every measure here (area, bounding
 * box, merge, IoU) returns the value of the pixels they describe. That differs from pycocotools
 * (commit 8c9bcc3), whose {@code toBbox}, {@code merge} and {@code iou} return wrong or truncated
 * values for such RLEs.
 *
 * <p>Size limit: {@code height * width} must not exceed {@link Integer#MAX_VALUE}, so every run
 * fits an {@code int} and a decoded mask fits one array. pycocotools stores runs as 32-bit
 * unsigned integers, so it cannot represent larger masks either.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Rle {

    /** Largest {@code height * width} accepted. */
    public static final long MAX_PIXELS = Integer.MAX_VALUE;

    private final int height;
    private final int width;
    private final int[] counts;

    private Rle(int height, int width, int[] counts) {
        this.height = height;
        this.width = width;
        this.counts = counts;
    }

    /**
     * Creates an RLE from uncompressed runs, checking that every run is non-negative and that they
     * add up to {@code height * width}. Zero-length runs are kept.
     *
     * @throws CocoFormatException when the size is negative or too large, a run is negative, or the
     *     runs do not add up to {@code height * width}
     */
    public static Rle ofCounts(int height, int width, int[] counts) throws CocoFormatException {
        long pixels = checkSize(height, width);
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new CocoFormatException("/counts/" + i,
                        "RLE run " + i + " is negative: " + counts[i]);
            }
            sum += counts[i];
        }
        if (sum != pixels) {
            throw new CocoFormatException("/counts", "RLE runs add up to " + sum + " but size ["
                    + height + ", " + width + "] has " + pixels + " pixels");
        }
        return new Rle(height, width, counts.clone());
    }

    /**
     * Creates an RLE from pycocotools' compressed string form of the runs.
     *
     * @throws CocoFormatException when the string contains a character outside {@code '0'..'o'}
     *     (ASCII 48..111), ends inside a run, decodes to a negative or too large run, or its runs
     *     do not add up to {@code height * width}
     */
    public static Rle fromCompressedString(int height, int width, String compressed)
            throws CocoFormatException {
        checkSize(height, width);
        int[] runs = RleStrings.decode(compressed);
        return ofCounts(height, width, runs);
    }

    /**
     * Encodes a mask given as one byte per pixel in column-major order (non-zero = foreground).
     *
     * @param columnMajor {@code height * width} bytes, pixel (y, x) at {@code x * height + y}
     * @throws IllegalArgumentException when the array length is not {@code height * width}
     */
    public static Rle encode(byte[] columnMajor, int height, int width) {
        long pixels = checkSizeArgument(height, width);
        if (columnMajor.length != pixels) {
            throw new IllegalArgumentException("mask has " + columnMajor.length + " bytes but size ["
                    + height + ", " + width + "] needs " + pixels);
        }
        int n = columnMajor.length;
        RunBuilder runs = new RunBuilder(16);
        int i = 0;
        boolean foreground = false;
        while (i < n) {
            int end = foreground ? RunScanner.endOfForeground(columnMajor, i) : RunScanner.endOfBackground(columnMajor, i);
            runs.add(end - i);
            i = end;
            foreground = !foreground;
        }
        return new Rle(height, width, runs.toArray());
    }

    /**
     * Creates an RLE from runs that the caller guarantees are valid (non-negative, summing to the
     * size); the array is taken over, not copied.
     */
    static Rle trusted(int height, int width, int[] counts) {
        return new Rle(height, width, counts);
    }

    /** Returns the number of rows. */
    public int height() {
        return height;
    }

    /** Returns the number of columns. */
    public int width() {
        return width;
    }

    /** Returns {@code height * width}. */
    public long pixelCount() {
        return (long) height * width;
    }

    /** Returns a copy of the runs, zero-length runs included. */
    public int[] counts() {
        return counts.clone();
    }

    /** Returns the number of runs. */
    public int runCount() {
        return counts.length;
    }

    /** Returns run {@code index} (0-based; even indices are background). */
    public int run(int index) {
        return counts[index];
    }

    /** Returns the runs without a copy, for this package's loops. */
    int[] runs() {
        return counts;
    }

    /**
     * Returns pycocotools' compressed string form of these runs. From the fourth run on, each run is
     * stored as its difference from the run two places before. Each value is written in 5-bit
     * groups, least significant first, with a continuation bit (0x20) and an offset of 48.
     */
    public String toCompressedString() {
        return RleStrings.encode(counts);
    }

    /** Returns whether no run other than the first is zero, as {@link #encode} produces. */
    public boolean isCanonical() {
        for (int i = 1; i < counts.length; i++) {
            if (counts[i] == 0) {
                return false;
            }
        }
        return true;
    }

    /** Returns the canonical RLE of the same pixels (this instance when it is canonical). */
    public Rle canonical() {
        if (isCanonical()) {
            return this;
        }
        RunBuilder runs = new RunBuilder(counts.length);
        for (int i = 0; i < counts.length; i++) {
            runs.append(i % 2 == 1, counts[i]);
        }
        return new Rle(height, width, runs.toArray());
    }

    /**
     * Decodes to one byte per pixel (0 or 1) in column-major order: pixel (y, x) at
     * {@code x * height + y}.
     */
    public byte[] decode() {
        byte[] pixels = new byte[(int) pixelCount()];
        int position = 0;
        for (int i = 0; i < counts.length; i++) {
            int end = position + counts[i];
            if (i % 2 == 1) {
                Arrays.fill(pixels, position, end, (byte) 1);
            }
            position = end;
        }
        return pixels;
    }

    /** Returns the number of foreground pixels. */
    public long area() {
        long area = 0;
        for (int i = 1; i < counts.length; i += 2) {
            area += counts[i];
        }
        return area;
    }

    /**
     * Returns the tight bounding box of the foreground as COCO's {@code [x, y, width, height]} in
     * pixels, where {@code x} is the first column and {@code y} the first row; {@code [0, 0, 0, 0]}
     * when the mask is empty. For canonical RLEs this equals pycocotools' {@code toBbox}.
     */
    public double[] toBbox() {
        int[] box = tightBox();
        if (box == null) {
            return new double[] {0, 0, 0, 0};
        }
        return new double[] {box[0], box[1], box[2] - box[0] + 1, box[3] - box[1] + 1};
    }

    /**
     * Returns {@code [minX, minY, maxX, maxY]} (inclusive) of the foreground, or {@code null} when it
     * is empty. A foreground run that crosses from one column into the next covers the last row of
     * the first column and the first row of the next, so the box spans every row.
     */
    int[] tightBox() {
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        long position = 0;
        for (int i = 0; i < counts.length; i++) {
            int length = counts[i];
            if (i % 2 == 1 && length > 0) {
                long last = position + length - 1;
                int startX = (int) (position / height);
                int startY = (int) (position % height);
                int endX = (int) (last / height);
                int endY = (int) (last % height);
                minX = Math.min(minX, startX);
                maxX = Math.max(maxX, endX);
                if (startX == endX) {
                    minY = Math.min(minY, startY);
                    maxY = Math.max(maxY, endY);
                } else {
                    minY = 0;
                    maxY = height - 1;
                }
            }
            position += length;
        }
        if (maxX < 0) {
            return null;
        }
        return new int[] {minX, minY, maxX, maxY};
    }

    /**
     * Merges RLEs of one size into their union or intersection, without decoding to pixels. The
     * result is canonical and equals the encoding of the pixelwise OR (AND) of the inputs.
     *
     * @param intersect {@code false} for the union, {@code true} for the intersection
     * @throws IllegalArgumentException when the list is empty or the sizes differ (pycocotools
     *     returns an RLE of size [0, 0] in that case)
     */
    public static Rle merge(List<Rle> rles, boolean intersect) {
        return RleMerge.merge(rles, intersect);
    }

    /**
     * Computes the IoU of every detection with every ground truth without decoding to pixels, with
     * pycocotools' {@code iou} semantics: entry {@code [d][g]} is |dt ∩ gt| / |dt ∪ gt|, or
     * |dt ∩ gt| / |dt| when {@code iscrowd[g]} is set; 0 when the intersection is empty; and -1
     * when the two masks differ in size and their bounding boxes overlap (0 when they do not).
     *
     * @param iscrowd one flag per ground truth, or {@code null} for none
     * @return a {@code dt.size()} x {@code gt.size()} matrix (rows are detections)
     */
    public static double[][] iou(List<Rle> dt, List<Rle> gt, boolean[] iscrowd) {
        return RleIou.iou(dt, gt, iscrowd);
    }

    /** Checks a size and returns the pixel count, raising {@link CocoFormatException}. */
    static long checkSize(int height, int width) throws CocoFormatException {
        if (height < 0 || width < 0) {
            throw new CocoFormatException("/size", "RLE size must be [height, width] with both >= 0, found ["
                    + height + ", " + width + "]");
        }
        long pixels = (long) height * width;
        if (pixels > MAX_PIXELS) {
            throw new CocoFormatException("/size", "RLE size [" + height + ", " + width + "] has " + pixels
                    + " pixels, more than the supported maximum of " + MAX_PIXELS);
        }
        return pixels;
    }

    private static long checkSizeArgument(int height, int width) {
        try {
            return checkSize(height, width);
        } catch (CocoFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Rle rle && rle.height == height && rle.width == width
                && Arrays.equals(rle.counts, counts);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(counts);
    }

    /** Returns the COCO JSON form, {@code {"size": [h, w], "counts": "..."}}. */
    @Override
    public String toString() {
        return "{\"size\": [" + height + ", " + width + "], \"counts\": \""
                + toCompressedString().replace("\\", "\\\\") + "\"}";
    }
}
