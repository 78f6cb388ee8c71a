package org.medannot.core.ops;

import org.medannot.core.mask.Mask;
import org.medannot.core.volume.FloatVolume;
import org.medannot.core.volume.ShortVolume;
import org.medannot.core.volume.UByteVolume;
import org.medannot.core.volume.Volume;

/**
 * Count, mean and population standard deviation of voxel values, over a whole volume or over
 * the foreground of a mask.
 *
 * <p>The standard deviation is {@code sqrt(sum((x - mean)^2) / count)}, the population form that
 * numpy's {@code std} computes by default ({@code ddof=0}). For 8-bit and 16-bit voxels the sums
 * are exact 64-bit integer sums. Other types take two double-precision passes.
 *
 * @param count             number of voxels included, at least 1
 * @param mean              mean value in input units
 * @param standardDeviation population standard deviation in input units, 0 or greater
 */
public record IntensityStatistics(long count, double mean, double standardDeviation) {

    /** Computes the statistics of every voxel. */
    public static IntensityStatistics of(Volume volume) {
        Grids.requireNonNull("volume", volume);
        int count = volume.geometry().voxelCount();
        int offset = volume.offset();

        if (volume instanceof ShortVolume shorts) {
            short[] values = shorts.array();
            long sum = 0;
            long sumOfSquares = 0;
            if (shorts.isUnsigned()) {
                for (int n = 0; n < count; n++) {
                    long value = values[offset + n] & 0xFFFF;
                    sum += value;
                    sumOfSquares += value * value;
                }
            } else {
                for (int n = 0; n < count; n++) {
                    long value = values[offset + n];
                    sum += value;
                    sumOfSquares += value * value;
                }
            }
            return fromIntegerSums(count, sum, sumOfSquares);
        }

        if (volume instanceof UByteVolume bytes) {
            byte[] values = bytes.array();
            long sum = 0;
            long sumOfSquares = 0;
            for (int n = 0; n < count; n++) {
                long value = values[offset + n] & 0xFF;
                sum += value;
                sumOfSquares += value * value;
            }
            return fromIntegerSums(count, sum, sumOfSquares);
        }

        if (volume instanceof FloatVolume floats) {
            float[] values = floats.array();
            double sum = 0;
            for (int n = 0; n < count; n++) {
                sum += values[offset + n];
            }
            double mean = sum / count;
            double squares = 0;
            for (int n = 0; n < count; n++) {
                double deviation = values[offset + n] - mean;
                squares += deviation * deviation;
            }
            return new IntensityStatistics(count, mean, Math.sqrt(squares / count));
        }

        double sum = 0;
        for (int n = 0; n < count; n++) {
            sum += volume.getDouble(n);
        }
        double mean = sum / count;
        double squares = 0;
        for (int n = 0; n < count; n++) {
            double deviation = volume.getDouble(n) - mean;
            squares += deviation * deviation;
        }
        return new IntensityStatistics(count, mean, Math.sqrt(squares / count));
    }

    /**
     * Computes the statistics of the voxels that are foreground in {@code mask}.
     *
     * @throws IllegalArgumentException when the mask lies on another grid or has no foreground voxel
     */
    public static IntensityStatistics of(Volume volume, Mask mask) {
        Grids.requireNonNull("volume", volume);
        Grids.requireNonNull("mask", mask);
        Grids.requireSameGrid("mask", volume.geometry(), mask.geometry());
        double sum = 0;
        long count = 0;
        for (int n = mask.nextSetBit(0); n >= 0; n = mask.nextSetBit(n + 1)) {
            sum += volume.getDouble(n);
            count++;
        }
        if (count == 0) {
            throw new IllegalArgumentException("mask has no foreground voxel, so statistics within it are undefined");
        }
        double mean = sum / count;
        double squares = 0;
        for (int n = mask.nextSetBit(0); n >= 0; n = mask.nextSetBit(n + 1)) {
            double deviation = volume.getDouble(n) - mean;
            squares += deviation * deviation;
        }
        return new IntensityStatistics(count, mean, Math.sqrt(squares / count));
    }

    private static IntensityStatistics fromIntegerSums(long count, long sum, long sumOfSquares) {
        double mean = (double) sum / count;
        // sumOfSquares - sum^2 / count = count * variance. Both sums are exact, so the cancellation
        // loses only the rounding of the two conversions to double.
        double scatter = sumOfSquares - (double) sum * sum / count;
        return new IntensityStatistics(count, mean, Math.sqrt(Math.max(0, scatter) / count));
    }
}
