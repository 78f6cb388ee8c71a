package org.medannot.core.mask;

import java.util.Objects;
import java.util.Optional;

import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.geometry.Shape;

/**
 * A binary label on a {@link Geometry}'s grid, bit-packed 64 voxels per {@code long}.
 *
 * <p>Voxel {@code index = i + columns * (j + rows * k)} is bit {@code index % 64} of word
 * {@code index / 64} (least significant bit first), so counting, intersection and union are
 * popcount loops over words. A mask may be a view of another mask's bits (from
 * {@link #slice(int)}); writes through a view change the mask it was taken from.
 *
 * <p>Masks are mutable and not thread-safe for writes; concurrent reads are safe. Binary
 * operations require both masks to lie on the same grid and raise
 * {@link IllegalArgumentException} otherwise.
 */
public final class Mask implements Shape {

    /** Tolerance in mm when checking that two masks lie on the same grid. */
    public static final double GRID_TOLERANCE_MM = 1e-4;

    private final Geometry geometry;
    private final long[] words;
    private final long bitOffset;
    private final int size;

    /** Creates an empty mask on {@code geometry}. */
    public Mask(Geometry geometry) {
        this(geometry, new long[wordCount(geometry.voxelCount())], 0);
    }

    private Mask(Geometry geometry, long[] words, long bitOffset) {
        this.geometry = Objects.requireNonNull(geometry, "geometry");
        this.words = words;
        this.bitOffset = bitOffset;
        this.size = geometry.voxelCount();
    }

    /**
     * Creates a mask from packed words in the SDK's layout (voxel n is bit n % 64 of word n / 64).
     * Bits past the voxel count are ignored.
     *
     * @throws IllegalArgumentException when {@code words} is shorter than the voxel count needs
     */
    public static Mask fromWords(Geometry geometry, long[] words) {
        int needed = wordCount(geometry.voxelCount());
        if (words.length < needed) {
            throw new IllegalArgumentException("words has " + words.length + " longs, but " + needed + " are needed for "
                    + geometry.voxelCount() + " voxels");
        }
        long[] copy = java.util.Arrays.copyOf(words, needed);
        int tail = geometry.voxelCount() & 63;
        if (tail != 0) {
            copy[needed - 1] &= (1L << tail) - 1;
        }
        return new Mask(geometry, copy, 0);
    }

    /**
     * Creates a mask from one value per voxel; non-zero values are foreground.
     *
     * @param values one byte per voxel in the given order
     * @throws IllegalArgumentException when the array length differs from the voxel count
     */
    public static Mask fromBytes(Geometry geometry, byte[] values, VoxelOrder order) {
        checkLength("values", values.length, geometry);
        Mask mask = new Mask(geometry);
        if (order == VoxelOrder.ROW_MAJOR) {
            for (int n = 0; n < values.length; n++) {
                if (values[n] != 0) {
                    mask.words[n >>> 6] |= 1L << n;
                }
            }
            return mask;
        }
        int columns = geometry.columns();
        int rows = geometry.rows();
        int sliceSize = geometry.sliceSize();
        for (int k = 0, source = 0; k < geometry.slices(); k++) {
            for (int i = 0; i < columns; i++) {
                for (int j = 0; j < rows; j++, source++) {
                    if (values[source] != 0) {
                        int target = k * sliceSize + j * columns + i;
                        mask.words[target >>> 6] |= 1L << target;
                    }
                }
            }
        }
        return mask;
    }

    /** Creates a mask from one boolean per voxel in the given order. */
    public static Mask fromBooleans(Geometry geometry, boolean[] values, VoxelOrder order) {
        checkLength("values", values.length, geometry);
        byte[] bytes = new byte[values.length];
        for (int n = 0; n < values.length; n++) {
            bytes[n] = (byte) (values[n] ? 1 : 0);
        }
        return fromBytes(geometry, bytes, order);
    }

    /** Returns one byte per voxel (1 foreground, 0 background) in the given order. */
    public byte[] toBytes(VoxelOrder order) {
        byte[] values = new byte[size];
        if (order == VoxelOrder.ROW_MAJOR) {
            for (int n = nextSetBit(0); n >= 0; n = nextSetBit(n + 1)) {
                values[n] = 1;
            }
            return values;
        }
        int columns = geometry.columns();
        int rows = geometry.rows();
        int sliceSize = geometry.sliceSize();
        for (int n = nextSetBit(0); n >= 0; n = nextSetBit(n + 1)) {
            int k = n / sliceSize;
            int inSlice = n - k * sliceSize;
            int j = inSlice / columns;
            int i = inSlice - j * columns;
            values[k * sliceSize + i * rows + j] = 1;
        }
        return values;
    }

    /** Returns one boolean per voxel in the given order. */
    public boolean[] toBooleans(VoxelOrder order) {
        byte[] bytes = toBytes(order);
        boolean[] values = new boolean[bytes.length];
        for (int n = 0; n < bytes.length; n++) {
            values[n] = bytes[n] != 0;
        }
        return values;
    }

    /** The grid of the mask. */
    public Geometry geometry() {
        return geometry;
    }

    /** Number of voxels (foreground and background). */
    public int size() {
        return size;
    }

    /** Number of 64-bit words that {@link #word(int)} serves: ceil(size / 64). */
    public int wordCount() {
        return wordCount(size);
    }

    /**
     * Returns voxels {@code [64 w, 64 w + 64)} as one word, voxel {@code 64 w} in the least
     * significant bit; bits past the last voxel are zero. Hot loops in other modules read masks
     * through this method.
     */
    public long word(int w) {
        long value = rawWord(w);
        if (w == wordCount(size) - 1) {
            value &= lastWordMask();
        }
        return value;
    }

    /** Returns whether voxel {@code index} (0-based, i fastest) is foreground. */
    public boolean get(int index) {
        checkIndex(index);
        long bit = bitOffset + index;
        return (words[(int) (bit >>> 6)] & (1L << bit)) != 0;
    }

    /** Returns whether voxel (i, j, k) is foreground. */
    public boolean get(int i, int j, int k) {
        return get(checkedIndex(i, j, k));
    }

    /** Sets voxel {@code index} to foreground ({@code true}) or background. */
    public void set(int index, boolean value) {
        checkIndex(index);
        long bit = bitOffset + index;
        if (value) {
            words[(int) (bit >>> 6)] |= 1L << bit;
        } else {
            words[(int) (bit >>> 6)] &= ~(1L << bit);
        }
    }

    /** Sets voxel (i, j, k) to foreground ({@code true}) or background. */
    public void set(int i, int j, int k, boolean value) {
        set(checkedIndex(i, j, k), value);
    }

    /** Sets voxels {@code [from, to)} (linear indices) to foreground. */
    public void setRange(int from, int to) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") is outside [0, " + size + ")");
        }
        for (long bit = bitOffset + from, end = bitOffset + to; bit < end;) {
            int index = (int) (bit >>> 6);
            int shift = (int) (bit & 63);
            int take = (int) Math.min(64 - shift, end - bit);
            long bits = take == 64 ? -1L : ((1L << take) - 1) << shift;
            words[index] |= bits;
            bit += take;
        }
    }

    /** Sets every voxel to background. */
    public void clear() {
        for (int w = 0; w < wordCount(); w++) {
            writeWord(w, 0L);
        }
    }

    /** Number of foreground voxels. */
    public long count() {
        long count = 0;
        int last = wordCount() - 1;
        for (int w = 0; w < last; w++) {
            count += Long.bitCount(rawWord(w));
        }
        if (last >= 0) {
            count += Long.bitCount(rawWord(last) & lastWordMask());
        }
        return count;
    }

    /** Returns true when no voxel is foreground. */
    public boolean isEmpty() {
        int last = wordCount() - 1;
        for (int w = 0; w < last; w++) {
            if (rawWord(w) != 0) {
                return false;
            }
        }
        return last < 0 || (rawWord(last) & lastWordMask()) == 0;
    }

    /** Number of voxels foreground in both masks, counted without allocating. */
    public long intersectionCount(Mask other) {
        requireSameGrid(other);
        long count = 0;
        int last = wordCount() - 1;
        if (bitOffset == 0 && other.bitOffset == 0) {
            long[] a = words;
            long[] b = other.words;
            for (int w = 0; w < last; w++) {
                count += Long.bitCount(a[w] & b[w]);
            }
        } else {
            for (int w = 0; w < last; w++) {
                count += Long.bitCount(rawWord(w) & other.rawWord(w));
            }
        }
        if (last >= 0) {
            count += Long.bitCount(rawWord(last) & other.rawWord(last) & lastWordMask());
        }
        return count;
    }

    /** Number of voxels foreground in either mask, counted without allocating. */
    public long unionCount(Mask other) {
        requireSameGrid(other);
        long count = 0;
        int last = wordCount() - 1;
        if (bitOffset == 0 && other.bitOffset == 0) {
            long[] a = words;
            long[] b = other.words;
            for (int w = 0; w < last; w++) {
                count += Long.bitCount(a[w] | b[w]);
            }
        } else {
            for (int w = 0; w < last; w++) {
                count += Long.bitCount(rawWord(w) | other.rawWord(w));
            }
        }
        if (last >= 0) {
            count += Long.bitCount((rawWord(last) | other.rawWord(last)) & lastWordMask());
        }
        return count;
    }

    /** Returns intersection over union; 0 when both masks are empty. */
    public double iou(Mask other) {
        long intersection = intersectionCount(other);
        long union = unionCount(other);
        return union == 0 ? 0 : (double) intersection / union;
    }

    /** Returns a new mask with the voxels foreground in both. */
    public Mask and(Mask other) {
        requireSameGrid(other);
        Mask result = new Mask(geometry);
        for (int w = 0; w < result.words.length; w++) {
            result.words[w] = rawWord(w) & other.rawWord(w);
        }
        result.trimTail();
        return result;
    }

    /** Returns a new mask with the voxels foreground in either. */
    public Mask or(Mask other) {
        requireSameGrid(other);
        Mask result = new Mask(geometry);
        for (int w = 0; w < result.words.length; w++) {
            result.words[w] = rawWord(w) | other.rawWord(w);
        }
        result.trimTail();
        return result;
    }

    /** Returns a new mask with the voxels foreground in exactly one of the two. */
    public Mask xor(Mask other) {
        requireSameGrid(other);
        Mask result = new Mask(geometry);
        for (int w = 0; w < result.words.length; w++) {
            result.words[w] = rawWord(w) ^ other.rawWord(w);
        }
        result.trimTail();
        return result;
    }

    /** Returns a new mask with the voxels foreground here and background in {@code other}. */
    public Mask andNot(Mask other) {
        requireSameGrid(other);
        Mask result = new Mask(geometry);
        for (int w = 0; w < result.words.length; w++) {
            result.words[w] = rawWord(w) & ~other.rawWord(w);
        }
        result.trimTail();
        return result;
    }

    /** Returns a new mask with foreground and background swapped. */
    public Mask not() {
        Mask result = new Mask(geometry);
        for (int w = 0; w < result.words.length; w++) {
            result.words[w] = ~rawWord(w);
        }
        result.trimTail();
        return result;
    }

    /** Sets every voxel that is foreground in {@code other} to foreground here (in place). */
    public void orInPlace(Mask other) {
        requireSameGrid(other);
        for (int w = 0; w < wordCount(); w++) {
            writeWord(w, rawWord(w) | other.rawWord(w));
        }
    }

    /** Returns a copy with its own words. */
    public Mask copy() {
        Mask result = new Mask(geometry);
        for (int w = 0; w < result.words.length; w++) {
            result.words[w] = rawWord(w);
        }
        result.trimTail();
        return result;
    }

    /** Returns the same bits on another grid with the same voxel count (shares the bits). */
    public Mask withGeometry(Geometry newGeometry) {
        if (newGeometry.voxelCount() != size) {
            throw new IllegalArgumentException("newGeometry has " + newGeometry.voxelCount() + " voxels, but the mask has "
                    + size);
        }
        return new Mask(newGeometry, words, bitOffset);
    }

    /** Returns a view of slice {@code k} that shares this mask's bits. */
    public Mask slice(int k) {
        Geometry sliceGeometry = geometry.sliceGeometry(k);
        return new Mask(sliceGeometry, words, bitOffset + (long) k * geometry.sliceSize());
    }

    /**
     * Returns the index of the first foreground voxel at or after {@code from}, or -1 when there
     * is none.
     */
    public int nextSetBit(int from) {
        if (from < 0) {
            throw new IndexOutOfBoundsException("from must be >= 0, but was " + from);
        }
        if (from >= size) {
            return -1;
        }
        int w = from >>> 6;
        long word = rawWord(w) & (-1L << from);
        int count = wordCount();
        while (true) {
            if (w == count - 1) {
                word &= lastWordMask();
            }
            if (word != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            if (++w >= count) {
                return -1;
            }
            word = rawWord(w);
        }
    }

    /** Returns the smallest half-open box holding every foreground voxel, or empty when there is none. */
    public Optional<BoundingBox> boundingBox() {
        int columns = geometry.columns();
        int sliceSize = geometry.sliceSize();
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int minZ = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        int maxZ = -1;
        for (int n = nextSetBit(0); n >= 0; n = nextSetBit(n + 1)) {
            int k = n / sliceSize;
            int inSlice = n - k * sliceSize;
            int j = inSlice / columns;
            int i = inSlice - j * columns;
            minX = Math.min(minX, i);
            maxX = Math.max(maxX, i);
            minY = Math.min(minY, j);
            maxY = Math.max(maxY, j);
            minZ = Math.min(minZ, k);
            maxZ = Math.max(maxZ, k);
        }
        if (maxX < 0) {
            return Optional.empty();
        }
        return Optional.of(new BoundingBox(minX, minY, minZ, maxX + 1, maxY + 1, maxZ + 1));
    }

    @Override
    public BoundingBox bounds() {
        return boundingBox().orElse(BoundingBox.EMPTY);
    }

    /**
     * Returns the mean voxel index (i, j, k) of the foreground voxels, or {@code null} when the
     * mask is empty. Use {@link Geometry#indexToPatient} for the position in mm.
     */
    public double[] centroid() {
        int columns = geometry.columns();
        int sliceSize = geometry.sliceSize();
        double sumI = 0;
        double sumJ = 0;
        double sumK = 0;
        long count = 0;
        for (int n = nextSetBit(0); n >= 0; n = nextSetBit(n + 1)) {
            int k = n / sliceSize;
            int inSlice = n - k * sliceSize;
            int j = inSlice / columns;
            sumI += inSlice - j * columns;
            sumJ += j;
            sumK += k;
            count++;
        }
        if (count == 0) {
            return null;
        }
        return new double[] {sumI / count, sumJ / count, sumK / count};
    }

    /** Returns true when {@code other} lies on the same grid (see {@link #GRID_TOLERANCE_MM}). */
    public boolean sameGrid(Mask other) {
        return geometry.sameGrid(other.geometry, GRID_TOLERANCE_MM);
    }

    private void requireSameGrid(Mask other) {
        Objects.requireNonNull(other, "other");
        if (other.size != size || !sameGrid(other)) {
            throw new IllegalArgumentException("masks lie on different grids: " + geometry.describeDifference(
                    other.geometry, GRID_TOLERANCE_MM));
        }
    }

    /** Bits [64 w, 64 w + 64) of this mask; bits past the last voxel are unspecified. */
    private long rawWord(int w) {
        long bit = bitOffset + ((long) w << 6);
        int index = (int) (bit >>> 6);
        int shift = (int) (bit & 63);
        if (shift == 0) {
            return words[index];
        }
        long low = words[index] >>> shift;
        long high = index + 1 < words.length ? words[index + 1] << (64 - shift) : 0;
        return low | high;
    }

    /** Writes bits [64 w, 64 w + 64) of this mask, leaving bits of the underlying array outside the mask alone. */
    private void writeWord(int w, long value) {
        long start = (long) w << 6;
        int take = (int) Math.min(64, size - start);
        long valid = take == 64 ? -1L : (1L << take) - 1;
        value &= valid;
        long bit = bitOffset + start;
        int index = (int) (bit >>> 6);
        int shift = (int) (bit & 63);
        words[index] = (words[index] & ~(valid << shift)) | (value << shift);
        if (shift != 0 && shift + take > 64) {
            int spill = 64 - shift;
            long highValid = valid >>> spill;
            words[index + 1] = (words[index + 1] & ~highValid) | (value >>> spill);
        }
    }

    private long lastWordMask() {
        int tail = size & 63;
        return tail == 0 ? -1L : (1L << tail) - 1;
    }

    private void trimTail() {
        if (words.length > 0) {
            words[words.length - 1] &= lastWordMask();
        }
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("voxel index " + index + " is outside [0, " + size + ")");
        }
    }

    private int checkedIndex(int i, int j, int k) {
        if (!geometry.contains(i, j, k)) {
            throw new IndexOutOfBoundsException("voxel (" + i + ", " + j + ", " + k + ") is outside the grid "
                    + geometry.columns() + "x" + geometry.rows() + "x" + geometry.slices());
        }
        return geometry.index(i, j, k);
    }

    private static int wordCount(int voxels) {
        return (voxels + 63) >>> 6;
    }

    private static void checkLength(String name, int length, Geometry geometry) {
        if (length != geometry.voxelCount()) {
            throw new IllegalArgumentException(name + " has " + length + " elements, but the grid has "
                    + geometry.voxelCount() + " voxels");
        }
    }

    /** Masks are equal when they lie on equal geometries and have the same foreground voxels. */
    @Override
    public boolean equals(Object object) {
        if (this == object) {
            return true;
        }
        if (!(object instanceof Mask other) || !geometry.equals(other.geometry)) {
            return false;
        }
        for (int w = 0; w < wordCount(); w++) {
            if (word(w) != other.word(w)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int result = geometry.hashCode();
        for (int w = 0; w < wordCount(); w++) {
            result = 31 * result + Long.hashCode(word(w));
        }
        return result;
    }

    @Override
    public String toString() {
        return "Mask[" + geometry.columns() + "x" + geometry.rows() + "x" + geometry.slices() + ", count=" + count() + "]";
    }
}
