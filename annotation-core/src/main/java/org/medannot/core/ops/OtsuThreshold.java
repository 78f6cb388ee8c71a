package org.medannot.core.ops;

import org.medannot.core.volume.FloatVolume;
import org.medannot.core.volume.Volume;
import org.medannot.core.volume.VoxelType;

/**
 * Otsu's threshold: the histogram bin centre that maximizes the between-class variance
 * {@code w1(t) * w2(t+1) * (m1(t) - m2(t+1))^2}, where {@code w1}, {@code m1} are the count and
 * mean of bins 0..t and {@code w2}, {@code m2} those of bins t+1..end. Voxels with a value
 * greater than the threshold are foreground.
 *
 * <p>The histogram follows {@code skimage.filters.threshold_otsu} (scikit-image 0.19): integer
 * voxel types get one bin per integer value from the minimum to the maximum, and float voxels get
 * {@code bins} equal bins between minimum and maximum as {@code numpy.histogram} builds them, with
 * bin centres halfway between edges. A constant volume returns its value. The sums run in the
 * same order as scikit-image's cumulative sums, and ties take the first maximum.
 */
public final class OtsuThreshold {

    /** scikit-image's default number of bins for float images. */
    public static final int DEFAULT_BINS = 256;

    /** Largest number of integer bins accepted (the value range of 24-bit data). */
    public static final int MAX_INTEGER_BINS = 1 << 24;

    private OtsuThreshold() {
    }

    /** Computes the threshold with {@link #DEFAULT_BINS} bins for float volumes. */
    public static double compute(Volume volume) {
        return compute(volume, DEFAULT_BINS);
    }

    /**
     * Computes the threshold.
     *
     * @param bins number of bins for float volumes, at least 2 (ignored for integer voxel types)
     * @throws IllegalArgumentException when {@code bins} is below 2, a float voxel is not finite,
     *                                  or an integer volume spans more than {@link #MAX_INTEGER_BINS} values
     */
    public static double compute(Volume volume, int bins) {
        Grids.requireNonNull("volume", volume);
        if (bins < 2) {
            throw new IllegalArgumentException("bins must be >= 2, but was " + bins);
        }
        double[] range = volume.range();
        double min = range[0];
        double max = range[1];
        int count = volume.geometry().voxelCount();
        if (volume instanceof FloatVolume) {
            checkFinite((FloatVolume) volume);
        }
        if (min == max) {
            return min;
        }

        // Integer voxels: one bin per value from min to max.
        if (volume.voxelType() != VoxelType.FLOAT32) {
            long span = (long) max - (long) min + 1;
            if (span > MAX_INTEGER_BINS) {
                throw new IllegalArgumentException("volume spans " + span + " integer values from " + (long) min + " to "
                        + (long) max + ", more than the " + MAX_INTEGER_BINS + " bins supported");
            }
            double[] counts = new double[(int) span];
            double[] centers = new double[(int) span];
            for (int n = 0; n < centers.length; n++) {
                centers[n] = min + n;
            }
            for (int n = 0; n < count; n++) {
                counts[(int) ((long) volume.getDouble(n) - (long) min)]++;
            }
            return fromHistogram(counts, centers);
        }

        return fromEqualBins(volume, min, max, bins);
    }

    /**
     * Computes the threshold from {@code bins} equal bins between {@code low} and {@code high},
     * with edges as {@code numpy.linspace(low, high, bins + 1)} gives them and numpy.histogram's
     * assignment. Values below {@code low} count in the first bin and values above {@code high}
     * in the last, as after {@code numpy.clip(x, low, high)}.
     *
     * @throws IllegalArgumentException when {@code bins} is below 2 or {@code low} is not below {@code high}
     */
    public static double fromEqualBins(Volume volume, double low, double high, int bins) {
        Grids.requireNonNull("volume", volume);
        if (bins < 2) {
            throw new IllegalArgumentException("bins must be >= 2, but was " + bins);
        }
        if (!(low < high)) {
            throw new IllegalArgumentException("low must be below high, but the range was [" + low + ", " + high + "]");
        }
        double[] edges = new double[bins + 1];
        double step = (high - low) / bins;
        for (int n = 0; n < bins; n++) {
            edges[n] = n * step + low;
        }
        edges[bins] = high;

        double[] counts = new double[bins];
        double norm = bins / (high - low);
        int count = volume.geometry().voxelCount();
        for (int n = 0; n < count; n++) {
            counts[binOf(volume.getDouble(n), edges, low, norm)]++;
        }

        double[] centers = new double[bins];
        for (int n = 0; n < bins; n++) {
            centers[n] = (edges[n] + edges[n + 1]) / 2;
        }
        return fromHistogram(counts, centers);
    }

    /**
     * Computes the threshold from a histogram, as {@code threshold_otsu(hist=(counts, centers))}
     * does: empty bins at both ends are dropped first.
     *
     * @param counts  voxel count per bin, each 0 or greater, not all 0
     * @param centers value of each bin's centre, in ascending order
     * @throws IllegalArgumentException when the lengths differ, a count is negative, or all counts are 0
     */
    public static double fromHistogram(double[] counts, double[] centers) {
        Grids.requireNonNull("counts", counts);
        Grids.requireNonNull("centers", centers);
        if (counts.length != centers.length) {
            throw new IllegalArgumentException("counts has " + counts.length + " bins but centers has " + centers.length);
        }
        int start = 0;
        int end = counts.length;
        for (int n = 0; n < counts.length; n++) {
            if (!(counts[n] >= 0)) {
                throw new IllegalArgumentException("counts[" + n + "] must be >= 0, but was " + counts[n]);
            }
        }
        while (start < end && counts[start] == 0) {
            start++;
        }
        while (end > start && counts[end - 1] == 0) {
            end--;
        }
        if (start == end) {
            throw new IllegalArgumentException("counts are all 0, so no threshold exists");
        }
        int bins = end - start;
        if (bins == 1) {
            return centers[start];
        }

        // Class 1 is bins [0, t] and class 2 bins [t + 1, bins), summed in numpy.cumsum's order.
        double[] weight1 = new double[bins];
        double[] sum1 = new double[bins];
        double runningWeight = 0;
        double runningSum = 0;
        for (int t = 0; t < bins; t++) {
            runningWeight += counts[start + t];
            runningSum += counts[start + t] * centers[start + t];
            weight1[t] = runningWeight;
            sum1[t] = runningSum;
        }
        double[] weight2 = new double[bins];
        double[] sum2 = new double[bins];
        runningWeight = 0;
        runningSum = 0;
        for (int t = bins - 1; t >= 0; t--) {
            runningWeight += counts[start + t];
            runningSum += counts[start + t] * centers[start + t];
            weight2[t] = runningWeight;
            sum2[t] = runningSum;
        }

        int best = 0;
        double bestVariance = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < bins - 1; t++) {
            double mean1 = sum1[t] / weight1[t];
            double mean2 = sum2[t + 1] / weight2[t + 1];
            double difference = mean1 - mean2;
            double variance = weight1[t] * weight2[t + 1] * (difference * difference);
            // Strictly greater keeps the first maximum, as numpy.argmax does.
            if (variance > bestVariance) {
                bestVariance = variance;
                best = t;
            }
        }
        return centers[start + best];
    }

    /** Returns the bin of {@code value} as numpy.histogram assigns it for equal bins, values outside clamped into the end bins. */
    private static int binOf(double value, double[] edges, double low, double norm) {
        int bins = edges.length - 1;
        if (value <= edges[0]) {
            return 0;
        }
        if (value >= edges[bins]) {
            return bins - 1;
        }
        int index = Math.min((int) ((value - low) * norm), bins - 1);
        if (value < edges[index]) {
            index--;
        } else if (index != bins - 1 && value >= edges[index + 1]) {
            index++;
        }
        return index;
    }

    private static void checkFinite(FloatVolume volume) {
        float[] values = volume.array();
        int offset = volume.offset();
        int count = volume.geometry().voxelCount();
        for (int n = 0; n < count; n++) {
            if (!Float.isFinite(values[offset + n])) {
                throw new IllegalArgumentException("volume voxel " + n + " is " + values[offset + n]
                        + "; Otsu's threshold needs finite values");
            }
        }
    }
}
