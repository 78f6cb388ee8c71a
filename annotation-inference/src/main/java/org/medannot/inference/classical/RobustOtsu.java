package org.medannot.inference.classical;

import org.medannot.core.ops.OtsuThreshold;
import org.medannot.core.volume.Volume;
import org.medannot.core.volume.VoxelType;

/**
 * Otsu's threshold over a robust intensity range {@code [low, high]}, usually two percentiles of
 * the volume. Voxels below {@code low} count in the first bin and voxels above {@code high} in
 * the last, so a few extreme values cannot stretch the histogram until all other voxels share
 * one bin. The result equals {@code skimage.filters.threshold_otsu(numpy.clip(x, low, high))}
 * (scikit-image 0.19): float volumes get {@link OtsuThreshold#DEFAULT_BINS} equal bins between
 * {@code low} and {@code high}, and integer volumes one bin per integer from {@code floor(low)}
 * to {@code ceil(high)} (clipped to those integers).
 */
final class RobustOtsu {

    private RobustOtsu() {
    }

    /**
     * Computes the threshold. Voxels with a greater value are foreground. The caller has rejected
     * non-finite voxels already.
     *
     * @return {@code low} when {@code low == high}, as for a constant volume
     */
    static double threshold(Volume volume, double low, double high) {
        if (!(low < high)) {
            return low;
        }
        double first = Math.floor(low);
        double last = Math.ceil(high);
        if (volume.voxelType() != VoxelType.FLOAT32 && last - first + 1 <= OtsuThreshold.MAX_INTEGER_BINS) {
            return integerBins(volume, (long) first, (long) last);
        }
        // NOTE: an integer volume whose robust range spans more than MAX_INTEGER_BINS values gets
        // equal bins, where scikit-image would still count one bin per integer.
        return OtsuThreshold.fromEqualBins(volume, low, high, OtsuThreshold.DEFAULT_BINS);
    }

    private static double integerBins(Volume volume, long first, long last) {
        int bins = (int) (last - first + 1);
        double[] counts = new double[bins];
        int count = volume.geometry().voxelCount();
        for (int n = 0; n < count; n++) {
            long value = Math.max(first, Math.min(last, (long) volume.getDouble(n)));
            counts[(int) (value - first)]++;
        }
        double[] centers = new double[bins];
        for (int n = 0; n < bins; n++) {
            centers[n] = first + n;
        }
        return OtsuThreshold.fromHistogram(counts, centers);
    }
}
