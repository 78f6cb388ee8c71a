package org.medannot.core.ops;

import org.medannot.core.mask.Mask;
import org.medannot.core.volume.FloatVolume;
import org.medannot.core.volume.Volume;

/**
 * Percentile clipping: every voxel is limited to {@code [P(low), P(high)]}, the percentiles of
 * {@link Percentiles} (numpy's default linear method) over the whole volume or a mask's
 * foreground, as {@code numpy.clip(x, *numpy.percentile(x, [low, high]))} does.
 */
public final class PercentileClip {

    private PercentileClip() {
    }

    /**
     * Clips with percentiles of the whole volume.
     *
     * @param lowPercent  in [0, 100]
     * @param highPercent in [lowPercent, 100]
     * @return a new float volume on the same geometry
     * @throws IllegalArgumentException when a percent is out of range or a voxel is NaN
     */
    public static FloatVolume apply(Volume volume, double lowPercent, double highPercent) {
        checkOrder(lowPercent, highPercent);
        double[] bounds = Percentiles.of(volume, lowPercent, highPercent);
        return clip(volume, bounds[0], bounds[1]);
    }

    /**
     * Clips every voxel with percentiles of the voxels inside {@code mask}.
     *
     * @throws IllegalArgumentException when the mask lies on another grid or is empty, or a
     *                                  percent is out of range
     */
    public static FloatVolume apply(Volume volume, Mask mask, double lowPercent, double highPercent) {
        checkOrder(lowPercent, highPercent);
        double[] bounds = Percentiles.of(volume, mask, lowPercent, highPercent);
        return clip(volume, bounds[0], bounds[1]);
    }

    private static FloatVolume clip(Volume volume, double low, double high) {
        return IntensityMapping.map(volume, x -> x < low ? low : Math.min(x, high));
    }

    private static void checkOrder(double lowPercent, double highPercent) {
        if (!(lowPercent <= highPercent)) {
            throw new IllegalArgumentException("lowPercent must be <= highPercent, but was " + lowPercent + " > "
                    + highPercent);
        }
    }
}
