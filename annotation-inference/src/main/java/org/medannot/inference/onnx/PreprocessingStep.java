package org.medannot.inference.onnx;

/**
 * One intensity step of a model's preprocessing, applied to the whole resampled volume in the
 * order the descriptor lists them. Values are in the volume's units (Hounsfield units for CT).
 */
public sealed interface PreprocessingStep {

    /**
     * Clips to [min, max] and scales linearly to [0, 1].
     *
     * @param min value mapped to 0
     * @param max value mapped to 1; greater than min
     */
    record Window(double min, double max) implements PreprocessingStep {

        /** Validates that the window is not empty. */
        public Window {
            if (!(max > min)) {
                throw new IllegalArgumentException("window max " + max + " must be greater than min " + min);
            }
        }
    }

    /**
     * Subtracts a mean and divides by a standard deviation. With {@code mean} and {@code std} both
     * NaN they are the mean and population standard deviation of the volume being segmented (all
     * voxels after resampling); a constant volume is only centred.
     *
     * @param mean value subtracted, or NaN for the volume's mean
     * @param std  divisor, positive, or NaN for the volume's standard deviation
     */
    record ZScore(double mean, double std) implements PreprocessingStep {

        /** Validates that a fixed standard deviation is positive. */
        public ZScore {
            if (Double.isNaN(mean) != Double.isNaN(std)) {
                throw new IllegalArgumentException("z-score mean and std must both be given or both be omitted");
            }
            if (!Double.isNaN(std) && !(std > 0)) {
                throw new IllegalArgumentException("z-score std must be positive, but was " + std);
            }
        }
    }

    /**
     * Clips to the volume's own percentiles (all voxels after resampling), computed as
     * {@code numpy.percentile} does by default (linear interpolation).
     *
     * @param lower lower percentile in [0, 100)
     * @param upper upper percentile in (lower, 100]
     */
    record PercentileClip(double lower, double upper) implements PreprocessingStep {

        /** Validates 0 <= lower < upper <= 100. */
        public PercentileClip {
            if (!(lower >= 0 && lower < upper && upper <= 100)) {
                throw new IllegalArgumentException("percentile clip needs 0 <= lower < upper <= 100, but was ["
                        + lower + ", " + upper + "]");
            }
        }
    }
}
