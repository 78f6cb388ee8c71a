package org.medannot.inference.sam;

import org.medannot.inference.internal.LinearResampler;

/**
 * The geometry of SAM-style preprocessing for one slice of {@code width} x {@code height}
 * pixels: the size of the resized image inside the 1024 x 1024 encoder input, and the mapping of
 * pixel coordinates into that frame. Immutable.
 */
final class SamTransform {

    /** Side of the square encoder input, in pixels. */
    static final int INPUT_SIDE = 1024;

    /** Side of the decoder's low-resolution mask, in cells. */
    static final int LOW_RES_SIDE = 256;

    private static final float[] MEAN = {123.675f, 116.28f, 103.53f};
    private static final float[] STD = {58.395f, 57.12f, 57.375f};

    private final SamVariant variant;
    private final int width;
    private final int height;
    private final int resizedWidth;
    private final int resizedHeight;

    SamTransform(SamVariant variant, int width, int height) {
        this.variant = variant;
        this.width = width;
        this.height = height;
        if (variant == SamVariant.SAM) {
            double scale = (double) INPUT_SIDE / Math.max(width, height);
            this.resizedWidth = (int) Math.floor(width * scale + 0.5);
            this.resizedHeight = (int) Math.floor(height * scale + 0.5);
        } else {
            this.resizedWidth = INPUT_SIDE;
            this.resizedHeight = INPUT_SIDE;
        }
    }

    int resizedWidth() {
        return resizedWidth;
    }

    int resizedHeight() {
        return resizedHeight;
    }

    /** Maps a column coordinate in pixels to the encoder frame. */
    double x(double column) {
        return column * resizedWidth / width;
    }

    /** Maps a row coordinate in pixels to the encoder frame. */
    double y(double row) {
        return row * resizedHeight / height;
    }

    /**
     * Builds the encoder input [1, 3, 1024, 1024] from a slice already mapped to [0, 255]
     * ({@code width * height} values, x fastest).
     */
    float[] encoderInput(float[] slice) {
        float[] resized = new LinearResampler(width, height, 1, resizedWidth, resizedHeight, 1).resample(slice, 0);
        int plane = INPUT_SIDE * INPUT_SIDE;
        float[] input = new float[3 * plane];
        if (variant == SamVariant.MEDSAM) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float value : resized) {
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
            float range = Math.max(max - min, 1e-8f);
            for (int n = 0; n < plane; n++) {
                float value = (resized[n] - min) / range;
                input[n] = value;
                input[plane + n] = value;
                input[2 * plane + n] = value;
            }
            return input;
        }
        // SAM: normalize, then pad with zeros at the bottom and right.
        for (int channel = 0; channel < 3; channel++) {
            for (int y = 0; y < resizedHeight; y++) {
                for (int x = 0; x < resizedWidth; x++) {
                    input[channel * plane + y * INPUT_SIDE + x] = (resized[y * resizedWidth + x] - MEAN[channel])
                            / STD[channel];
                }
            }
        }
        return input;
    }

    /**
     * Converts a binary prior mask ({@code width * height}, x fastest, 1 inside) into the
     * decoder's 256 x 256 mask input: the fraction of each cell inside the mask, as a logit of
     * -10 (outside) to +10 (inside), in the same frame as the encoder input.
     */
    float[] maskInput(float[] prior) {
        int side = LOW_RES_SIDE;
        int cellWidth = (int) Math.round((double) resizedWidth * side / INPUT_SIDE);
        int cellHeight = (int) Math.round((double) resizedHeight * side / INPUT_SIDE);
        float[] inside = new LinearResampler(width, height, 1, Math.max(1, cellWidth), Math.max(1, cellHeight), 1)
                .resample(prior, 0);
        float[] result = new float[side * side];
        java.util.Arrays.fill(result, -10f);
        for (int y = 0; y < Math.max(1, cellHeight); y++) {
            for (int x = 0; x < Math.max(1, cellWidth); x++) {
                result[y * side + x] = 20f * inside[y * Math.max(1, cellWidth) + x] - 10f;
            }
        }
        return result;
    }
}
