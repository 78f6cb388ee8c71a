package org.medannot.core.ops;

import java.util.Arrays;

import org.medannot.core.mask.Mask;
import org.medannot.core.volume.ShortVolume;
import org.medannot.core.volume.UByteVolume;
import org.medannot.core.volume.Volume;

/**
 * Percentiles of voxel values by numpy's default method ({@code numpy.percentile} with
 * {@code method='linear'}): for {@code n} sorted values {@code v[0..n-1]} and percent {@code p},
 * the virtual index is {@code h = (n - 1) * p / 100}, and the result interpolates linearly between
 * {@code v[floor(h)]} and {@code v[floor(h) + 1]} with weight {@code t = h - floor(h)}, evaluated
 * as numpy does ({@code a + (b - a) * t} for {@code t < 0.5}, {@code b - (b - a) * (1 - t)}
 * otherwise).
 *
 * <p>8-bit and 16-bit volumes are counted into a histogram (linear time), and other types are copied
 * and sorted.
 */
public final class Percentiles {

    private Percentiles() {
    }

    /**
     * Computes percentiles of every voxel.
     *
     * @param percents each in [0, 100]
     * @return one value per percent, in input units
     * @throws IllegalArgumentException when a percent is outside [0, 100] or a voxel is NaN
     */
    public static double[] of(Volume volume, double... percents) {
        Grids.requireNonNull("volume", volume);
        return compute(volume, null, percents);
    }

    /**
     * Computes percentiles of the voxels that are foreground in {@code mask}.
     *
     * @throws IllegalArgumentException when the mask lies on another grid or is empty, a percent
     *                                  is outside [0, 100], or a voxel is NaN
     */
    public static double[] of(Volume volume, Mask mask, double... percents) {
        Grids.requireNonNull("volume", volume);
        Grids.requireNonNull("mask", mask);
        Grids.requireSameGrid("mask", volume.geometry(), mask.geometry());
        return compute(volume, mask, percents);
    }

    private static double[] compute(Volume volume, Mask mask, double[] percents) {
        Grids.requireNonNull("percents", percents);
        for (int n = 0; n < percents.length; n++) {
            if (!(percents[n] >= 0 && percents[n] <= 100)) {
                throw new IllegalArgumentException("percents[" + n + "] must be in [0, 100], but was " + percents[n]);
            }
        }
        if (volume instanceof ShortVolume || volume instanceof UByteVolume) {
            return fromHistogram(volume, mask, percents);
        }
        double[] sorted = collect(volume, mask);
        Arrays.sort(sorted);
        if (Double.isNaN(sorted[sorted.length - 1])) {
            throw new IllegalArgumentException("volume contains NaN voxels, so percentiles are undefined");
        }
        double[] result = new double[percents.length];
        for (int n = 0; n < percents.length; n++) {
            double h = (sorted.length - 1) * (percents[n] / 100);
            int below = (int) Math.floor(h);
            int above = Math.min(below + 1, sorted.length - 1);
            result[n] = interpolate(sorted[below], sorted[above], h - below);
        }
        return result;
    }

    private static double[] collect(Volume volume, Mask mask) {
        if (mask == null) {
            double[] values = new double[volume.geometry().voxelCount()];
            for (int n = 0; n < values.length; n++) {
                values[n] = volume.getDouble(n);
            }
            return values;
        }
        long count = mask.count();
        if (count == 0) {
            throw new IllegalArgumentException("mask has no foreground voxel, so percentiles within it are undefined");
        }
        double[] values = new double[(int) count];
        int next = 0;
        for (int n = mask.nextSetBit(0); n >= 0; n = mask.nextSetBit(n + 1)) {
            values[next++] = volume.getDouble(n);
        }
        return values;
    }

    /** Order statistics from a histogram over all 2^16 stored values, shifted so index 0 is the smallest value. */
    private static double[] fromHistogram(Volume volume, Mask mask, double[] percents) {
        int shift = volume instanceof ShortVolume shorts && !shorts.isUnsigned() ? 32768 : 0;
        long[] histogram = new long[1 << 16];
        long total = 0;
        if (mask == null) {
            int count = volume.geometry().voxelCount();
            int offset = volume.offset();
            if (volume instanceof ShortVolume shorts) {
                short[] values = shorts.array();
                int bias = shorts.isUnsigned() ? 0 : 32768;
                int bits = shorts.isUnsigned() ? 0xFFFF : -1;
                for (int n = 0; n < count; n++) {
                    histogram[(values[offset + n] & bits) + bias]++;
                }
            } else {
                byte[] values = ((UByteVolume) volume).array();
                for (int n = 0; n < count; n++) {
                    histogram[values[offset + n] & 0xFF]++;
                }
            }
            total = count;
        } else {
            for (int n = mask.nextSetBit(0); n >= 0; n = mask.nextSetBit(n + 1)) {
                histogram[(int) volume.getDouble(n) + shift]++;
                total++;
            }
            if (total == 0) {
                throw new IllegalArgumentException("mask has no foreground voxel, so percentiles within it are undefined");
            }
        }
        double[] result = new double[percents.length];
        for (int n = 0; n < percents.length; n++) {
            double h = (total - 1) * (percents[n] / 100);
            long below = (long) Math.floor(h);
            long above = Math.min(below + 1, total - 1);
            double a = orderStatistic(histogram, below) - shift;
            double b = orderStatistic(histogram, above) - shift;
            result[n] = interpolate(a, b, h - below);
        }
        return result;
    }

    /** Returns the histogram bin holding the value of zero-based rank {@code rank} in sorted order. */
    private static int orderStatistic(long[] histogram, long rank) {
        long seen = 0;
        for (int bin = 0; bin < histogram.length; bin++) {
            seen += histogram[bin];
            if (seen > rank) {
                return bin;
            }
        }
        throw new IllegalStateException("rank " + rank + " exceeds the histogram total " + seen);
    }

    private static double interpolate(double a, double b, double t) {
        double difference = b - a;
        return t < 0.5 ? a + difference * t : b - difference * (1 - t);
    }
}
