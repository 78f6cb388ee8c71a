package org.medannot.core.ops;

import org.medannot.core.volume.FloatVolume;
import org.medannot.core.volume.Volume;

/**
 * Min-max scaling: {@code y = (x - min) / (max - min) * (outputMax - outputMin) + outputMin},
 * where min and max are the volume's smallest and largest values, the same mapping as
 * {@code skimage.exposure.rescale_intensity(x, in_range='image', out_range=(outputMin, outputMax))}.
 * A constant volume (max equal to min) maps to {@code outputMin}. NaN voxels are left out of
 * min and max and stay NaN.
 */
public final class MinMaxScaling {

    private MinMaxScaling() {
    }

    /** Scales to [0, 1] and returns a new float volume on the same geometry. */
    public static FloatVolume apply(Volume volume) {
        return apply(volume, 0, 1);
    }

    /**
     * Scales to {@code [outputMin, outputMax]} and returns a new float volume on the same geometry.
     *
     * @throws IllegalArgumentException when a bound is not finite or every voxel is NaN
     */
    public static FloatVolume apply(Volume volume, double outputMin, double outputMax) {
        Grids.requireNonNull("volume", volume);
        if (!Double.isFinite(outputMin)) {
            throw new IllegalArgumentException("outputMin must be finite, but was " + outputMin);
        }
        if (!Double.isFinite(outputMax)) {
            throw new IllegalArgumentException("outputMax must be finite, but was " + outputMax);
        }
        double[] range = volume.range();
        double min = range[0];
        double max = range[1];
        if (min > max) {
            throw new IllegalArgumentException("volume has only NaN voxels, so its range is undefined");
        }
        if (max == min) {
            return IntensityMapping.map(volume, x -> outputMin);
        }
        double scale = (outputMax - outputMin) / (max - min);
        return IntensityMapping.map(volume, x -> (x - min) * scale + outputMin);
    }
}
