package org.medannot.core.ops;

import org.medannot.core.mask.Mask;
import org.medannot.core.volume.FloatVolume;
import org.medannot.core.volume.Volume;

/**
 * Z-score normalization: {@code y = (x - mean) / std} for every voxel, with mean and population
 * standard deviation ({@link IntensityStatistics}, numpy's {@code ddof=0}) taken over the whole
 * volume or over a mask's foreground. When the standard deviation is 0 (a constant region) the
 * divisor is 1, so the output is {@code x - mean}.
 */
public final class ZScore {

    private ZScore() {
    }

    /** Normalizes with the statistics of the whole volume; returns a new float volume on the same geometry. */
    public static FloatVolume apply(Volume volume) {
        return apply(volume, IntensityStatistics.of(volume));
    }

    /**
     * Normalizes every voxel with the statistics of the voxels inside {@code mask}. Voxels outside
     * the mask are transformed by the same formula, not set to zero.
     *
     * @throws IllegalArgumentException when the mask lies on another grid or is empty
     */
    public static FloatVolume apply(Volume volume, Mask mask) {
        return apply(volume, IntensityStatistics.of(volume, mask));
    }

    /** Normalizes with given statistics (for example those of a training set). */
    public static FloatVolume apply(Volume volume, IntensityStatistics statistics) {
        Grids.requireNonNull("volume", volume);
        Grids.requireNonNull("statistics", statistics);
        double mean = statistics.mean();
        double divisor = statistics.standardDeviation() > 0 ? statistics.standardDeviation() : 1;
        return IntensityMapping.map(volume, x -> (x - mean) / divisor);
    }
}
