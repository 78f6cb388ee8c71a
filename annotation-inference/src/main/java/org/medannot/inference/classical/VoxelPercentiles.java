package org.medannot.inference.classical;

import java.util.Arrays;

import org.medannot.core.volume.Volume;
import org.medannot.core.volume.VoxelType;

/**
 * Exact percentiles of every voxel of a volume by numpy's default method
 * ({@code numpy.percentile} with {@code method='linear'}, the same rule as
 * {@link org.medannot.core.ops.Percentiles}), found without copying the voxels.
 *
 * <p>Each voxel maps to an unsigned 32-bit key whose order is the order of the values (the IEEE
 * bits of a float with the sign handled, or an integer with its sign bit flipped). A first pass
 * counts the keys' upper 16 bits, which locates the bucket of each order statistic that a
 * percentile needs, and a second pass counts the lower 16 bits inside those buckets only. Two
 * passes and a few 2^16-entry histograms replace the sorted copy, which for a float volume would
 * take twice the voxel data in doubles.
 */
final class VoxelPercentiles {

    private static final int BUCKETS = 1 << 16;

    private VoxelPercentiles() {
    }

    /**
     * Computes percentiles of every voxel. The caller has rejected NaN voxels already.
     *
     * @param percents each in [0, 100]
     * @return one value per percent, in the volume's units
     */
    static double[] of(Volume volume, double... percents) {
        int count = volume.geometry().voxelCount();
        boolean floating = volume.voxelType() == VoxelType.FLOAT32;

        // The order statistics that numpy interpolates between: ranks floor(h) and floor(h) + 1.
        long[] ranks = new long[2 * percents.length];
        double[] weights = new double[percents.length];
        for (int p = 0; p < percents.length; p++) {
            if (!(percents[p] >= 0 && percents[p] <= 100)) {
                throw new IllegalArgumentException("percents[" + p + "] must be in [0, 100], but was " + percents[p]);
            }
            double h = (count - 1) * (percents[p] / 100);
            long below = (long) Math.floor(h);
            ranks[2 * p] = below;
            ranks[2 * p + 1] = Math.min(below + 1, count - 1);
            weights[p] = h - below;
        }

        int[] upper = new int[BUCKETS];
        for (int n = 0; n < count; n++) {
            upper[key(volume, n, floating) >>> 16]++;
        }

        // Locate each rank's bucket and its rank inside the bucket.
        int[] bucketOfRank = new int[ranks.length];
        long[] rankInBucket = new long[ranks.length];
        int[] slotOfBucket = new int[BUCKETS];
        Arrays.fill(slotOfBucket, -1);
        int slots = 0;
        for (int r = 0; r < ranks.length; r++) {
            long seen = 0;
            int bucket = 0;
            while (seen + upper[bucket] <= ranks[r]) {
                seen += upper[bucket];
                bucket++;
            }
            bucketOfRank[r] = bucket;
            rankInBucket[r] = ranks[r] - seen;
            if (slotOfBucket[bucket] < 0) {
                slotOfBucket[bucket] = slots++;
            }
        }

        int[][] lower = new int[slots][BUCKETS];
        for (int n = 0; n < count; n++) {
            int key = key(volume, n, floating);
            int slot = slotOfBucket[key >>> 16];
            if (slot >= 0) {
                lower[slot][key & 0xFFFF]++;
            }
        }

        double[] result = new double[percents.length];
        for (int p = 0; p < percents.length; p++) {
            double a = valueOfRank(lower, slotOfBucket, bucketOfRank[2 * p], rankInBucket[2 * p], floating);
            double b = valueOfRank(lower, slotOfBucket, bucketOfRank[2 * p + 1], rankInBucket[2 * p + 1], floating);
            result[p] = interpolate(a, b, weights[p]);
        }
        return result;
    }

    private static double valueOfRank(int[][] lower, int[] slotOfBucket, int bucket, long rank, boolean floating) {
        int[] histogram = lower[slotOfBucket[bucket]];
        long seen = 0;
        int low = 0;
        while (seen + histogram[low] <= rank) {
            seen += histogram[low];
            low++;
        }
        return value((bucket << 16) | low, floating);
    }

    /** Returns an unsigned key whose order is the order of the voxel values; read it with {@code >>>}. */
    private static int key(Volume volume, int n, boolean floating) {
        if (floating) {
            int bits = Float.floatToRawIntBits((float) volume.getDouble(n));
            // Positive floats get the sign bit set, negative floats get every bit flipped.
            return bits ^ ((bits >> 31) | Integer.MIN_VALUE);
        }
        return (int) volume.getDouble(n) ^ Integer.MIN_VALUE;
    }

    private static double value(int key, boolean floating) {
        if (floating) {
            int bits = key < 0 ? key ^ Integer.MIN_VALUE : ~key;
            return Float.intBitsToFloat(bits);
        }
        return key ^ Integer.MIN_VALUE;
    }

    /** Interpolates as numpy's {@code _lerp} does, from the nearer end. */
    private static double interpolate(double a, double b, double t) {
        double difference = b - a;
        return t < 0.5 ? a + difference * t : b - difference * (1 - t);
    }
}
