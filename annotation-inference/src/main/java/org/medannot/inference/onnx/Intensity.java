package org.medannot.inference.onnx;

import java.util.List;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.ops.PercentileClip;
import org.medannot.core.ops.ZScore;
import org.medannot.core.volume.FloatVolume;

/** Applies a descriptor's intensity steps in place, over all voxels of the resampled volume. */
final class Intensity {

    private Intensity() {
    }

    static void apply(List<PreprocessingStep> steps, float[] values) {
        for (PreprocessingStep step : steps) {
            if (step instanceof PreprocessingStep.Window window) {
                window(values, window.min(), window.max());
            } else if (step instanceof PreprocessingStep.ZScore zScore) {
                zScore(values, zScore.mean(), zScore.std());
            } else if (step instanceof PreprocessingStep.PercentileClip clip) {
                copy(PercentileClip.apply(asVolume(values), clip.lower(), clip.upper()), values);
            }
        }
    }

    /**
     * Applies steps that work voxel by voxel (windows, z-scores with a fixed mean) to
     * {@code values[from, from + length)}.
     *
     * @throws IllegalArgumentException for a step that needs statistics of the whole volume
     */
    static void applyPointwise(List<PreprocessingStep> steps, float[] values, int from, int length) {
        for (PreprocessingStep step : steps) {
            if (step instanceof PreprocessingStep.Window window) {
                window(values, from, from + length, window.min(), window.max());
            } else if (step instanceof PreprocessingStep.ZScore zScore && !Double.isNaN(zScore.mean())) {
                zScore(values, from, from + length, zScore.mean(), zScore.std());
            } else {
                throw new IllegalArgumentException(step + " needs statistics of the whole volume");
            }
        }
    }

    static void window(float[] values, double min, double max) {
        window(values, 0, values.length, min, max);
    }

    private static void window(float[] values, int from, int to, double min, double max) {
        double width = max - min;
        for (int n = from; n < to; n++) {
            double clipped = Math.min(max, Math.max(min, values[n]));
            values[n] = (float) ((clipped - min) / width);
        }
    }

    private static void zScore(float[] values, double mean, double std) {
        if (Double.isNaN(mean)) {
            copy(ZScore.apply(asVolume(values)), values);
            return;
        }
        zScore(values, 0, values.length, mean, std);
    }

    private static void zScore(float[] values, int from, int to, double mean, double std) {
        for (int n = from; n < to; n++) {
            values[n] = (float) ((values[n] - mean) / std);
        }
    }

    /** Wraps the values in a volume; the statistics of these steps do not depend on the grid. */
    private static FloatVolume asVolume(float[] values) {
        Geometry line = Geometry.of(values.length, 1, 1, new double[] {1, 1, 1}, new double[3],
                Geometry.identityDirection());
        return new FloatVolume(line, values);
    }

    private static void copy(FloatVolume source, float[] target) {
        System.arraycopy(source.array(), source.offset(), target, 0, target.length);
    }
}
