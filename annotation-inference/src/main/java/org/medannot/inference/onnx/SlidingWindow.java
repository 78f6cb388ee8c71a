package org.medannot.inference.onnx;

import ai.onnxruntime.OrtException;
import org.medannot.core.spi.ProgressListener;
import org.medannot.core.spi.SegmentationException;

/**
 * Sliding-window inference over a 3D volume with Gaussian blending, the scheme of nnU-Net and
 * MONAI: the volume is padded with zeros (centred) up to at least one patch, patches start at
 * evenly spaced positions whose step is at most {@code patch * (1 - overlap)}, and each output
 * voxel is the average of the overlapping patch outputs weighted by a Gaussian centred on each
 * patch (standard deviation {@code sigmaScale * patch} per axis, peak 1). The raw model output
 * (logits or probabilities) is blended, as MONAI does.
 */
final class SlidingWindow {

    /** Smallest blending weight, so that patch corners still count where nothing else covers them. */
    private static final float MIN_WEIGHT = 1e-4f;

    /** Runs one patch, in [D, H, W] order with x fastest, and returns its output channels. */
    @FunctionalInterface
    interface PatchRunner {
        float[][] run(float[] patch, int[] patchSize) throws OrtException, SegmentationException;
    }

    private final int[] volume;
    private final int[] patch;
    private final int[] padded;
    private final int[] padOffset;
    private final int[][] starts;
    private final float[] weight;
    private final PatchRunner runner;

    /**
     * @param descriptor the model's descriptor (patch size in [D, H, W], overlap, sigma scale)
     * @param size       volume size (columns, rows, slices)
     * @param runner     runs one patch
     */
    SlidingWindow(ModelDescriptor descriptor, int[] size, PatchRunner runner) {
        this.volume = new int[] {size[2], size[1], size[0]};
        this.patch = descriptor.inputSize();
        this.padded = new int[3];
        this.padOffset = new int[3];
        this.starts = new int[3][];
        for (int axis = 0; axis < 3; axis++) {
            padded[axis] = Math.max(volume[axis], patch[axis]);
            padOffset[axis] = (padded[axis] - volume[axis]) / 2;
            starts[axis] = starts(padded[axis], patch[axis], descriptor.overlap());
        }
        this.weight = gaussian(patch, descriptor.sigmaScale());
        this.runner = runner;
    }

    /** Returns the patch start positions along an axis of {@code length} voxels. */
    static int[] starts(int length, int patchLength, double overlap) {
        if (length <= patchLength) {
            return new int[] {0};
        }
        double maxStep = Math.max(1, Math.floor(patchLength * (1 - overlap)));
        int count = (int) Math.ceil((length - patchLength) / maxStep) + 1;
        double step = (double) (length - patchLength) / (count - 1);
        int[] result = new int[count];
        for (int n = 0; n < count; n++) {
            result[n] = (int) Math.round(n * step);
        }
        return result;
    }

    private static float[] gaussian(int[] size, double sigmaScale) {
        double[][] axes = new double[3][];
        for (int axis = 0; axis < 3; axis++) {
            double sigma = sigmaScale * size[axis];
            double centre = (size[axis] - 1) / 2.0;
            axes[axis] = new double[size[axis]];
            for (int n = 0; n < size[axis]; n++) {
                double d = n - centre;
                axes[axis][n] = Math.exp(-d * d / (2 * sigma * sigma));
            }
        }
        double peak = max(axes[0]) * max(axes[1]) * max(axes[2]);
        float[] result = new float[size[0] * size[1] * size[2]];
        int index = 0;
        for (int z = 0; z < size[0]; z++) {
            for (int y = 0; y < size[1]; y++) {
                for (int x = 0; x < size[2]; x++) {
                    float value = (float) (axes[0][z] * axes[1][y] * axes[2][x] / peak);
                    result[index++] = Math.max(MIN_WEIGHT, value);
                }
            }
        }
        return result;
    }

    private static double max(double[] values) {
        double result = 0;
        for (double value : values) {
            result = Math.max(result, value);
        }
        return result;
    }

    /** Runs every patch over {@code values} (x fastest) and returns the blended output channels. */
    float[][] run(float[] values, ProgressListener listener) throws OrtException, SegmentationException {
        int paddedVoxels = padded[0] * padded[1] * padded[2];
        float[] paddedValues = new float[paddedVoxels];
        for (int z = 0; z < volume[0]; z++) {
            for (int y = 0; y < volume[1]; y++) {
                System.arraycopy(values, volume[2] * (y + volume[1] * z), paddedValues,
                        padOffset[2] + padded[2] * (y + padOffset[1] + padded[1] * (z + padOffset[0])), volume[2]);
            }
        }

        float[][] accumulated = null;
        float[] weightSum = new float[paddedVoxels];
        float[] patchValues = new float[patch[0] * patch[1] * patch[2]];
        long total = (long) starts[0].length * starts[1].length * starts[2].length;
        long done = 0;
        for (int z0 : starts[0]) {
            for (int y0 : starts[1]) {
                for (int x0 : starts[2]) {
                    copyPatch(paddedValues, patchValues, z0, y0, x0);
                    float[][] output = runner.run(patchValues, patch);
                    if (accumulated == null) {
                        accumulated = new float[output.length][paddedVoxels];
                    }
                    accumulate(output, accumulated, weightSum, z0, y0, x0);
                    listener.progress("segment", ++done, total);
                }
            }
        }

        float[][] result = new float[accumulated.length][volume[0] * volume[1] * volume[2]];
        for (int ch = 0; ch < result.length; ch++) {
            for (int z = 0; z < volume[0]; z++) {
                for (int y = 0; y < volume[1]; y++) {
                    int from = padOffset[2] + padded[2] * (y + padOffset[1] + padded[1] * (z + padOffset[0]));
                    int to = volume[2] * (y + volume[1] * z);
                    for (int x = 0; x < volume[2]; x++) {
                        result[ch][to + x] = accumulated[ch][from + x] / weightSum[from + x];
                    }
                }
            }
        }
        return result;
    }

    private void copyPatch(float[] paddedValues, float[] patchValues, int z0, int y0, int x0) {
        for (int z = 0; z < patch[0]; z++) {
            for (int y = 0; y < patch[1]; y++) {
                int from = x0 + padded[2] * (y0 + y + padded[1] * (z0 + z));
                int to = patch[2] * (y + patch[1] * z);
                System.arraycopy(paddedValues, from, patchValues, to, patch[2]);
            }
        }
    }

    private void accumulate(float[][] output, float[][] accumulated, float[] weightSum, int z0, int y0, int x0) {
        for (int z = 0; z < patch[0]; z++) {
            for (int y = 0; y < patch[1]; y++) {
                int target = x0 + padded[2] * (y0 + y + padded[1] * (z0 + z));
                int source = patch[2] * (y + patch[1] * z);
                for (int x = 0; x < patch[2]; x++) {
                    float w = weight[source + x];
                    weightSum[target + x] += w;
                    for (int ch = 0; ch < output.length; ch++) {
                        accumulated[ch][target + x] += w * output[ch][source + x];
                    }
                }
            }
        }
    }
}
