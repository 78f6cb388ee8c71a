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

    static void window(float[] values, double min, double max) {
        double width = max - min;
        for (int n = 0; n < values.length; n++) {
            double clipped = Math.min(max, Math.max(min, values[n]));
            values[n] = (float) ((clipped - min) / width);
        }
    }

    private static void zScore(float[] values, double mean, double std) {
        if (Double.isNaN(mean)) {
            copy(ZScore.apply(asVolume(values)), values);
            return;
        }
        for (int n = 0; n < values.length; n++) {
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
