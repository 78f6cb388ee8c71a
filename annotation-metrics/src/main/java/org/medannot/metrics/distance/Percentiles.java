package org.medannot.metrics.distance;

import java.util.Arrays;

/** Percentiles with numpy's default method ("linear", numpy 1.22 and later). */
public final class Percentiles {

    private Percentiles() {
    }

    /**
     * Returns the {@code percentile}-th percentile of {@code values} with linear interpolation
     * between the order statistics at {@code floor(h)} and {@code floor(h) + 1}, where
     * {@code h = (percentile / 100) * (n - 1)}, rounded as numpy rounds it; NaN when
     * {@code values} is empty. The input is not modified.
     *
     * @param percentile in [0, 100]
     */
    public static double linear(double[] values, double percentile) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double position = (percentile / 100.0) * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        double gamma = position - below;
        double low = sorted[below];
        double high = sorted[above];
        double difference = high - low;
        // numpy interpolates from the nearer end, which keeps the result inside [low, high].
        return gamma >= 0.5 ? high - difference * (1 - gamma) : low + difference * gamma;
    }
}
