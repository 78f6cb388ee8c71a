package org.medannot.inference.onnx;

import java.util.ArrayList;
import java.util.List;

import org.medannot.core.annotation.Category;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.spi.SegmentationResult;
import org.medannot.inference.internal.LinearResampler;
import org.medannot.inference.internal.PlaneOrientation;

/**
 * Builds the label map on the source grid from channel scores on the resampled grid, one source
 * slice at a time and in slice order. Each channel is resampled linearly back onto the slice,
 * each voxel gets the label of its arg-max channel, and the score of each label is summed for
 * its mean.
 *
 * <p>Slices can be assembled while later score slices are still being computed, because
 * {@link #assembleReady(int)} reads only the score slices it is told are final. Not thread-safe:
 * calls must not overlap, and one thread's writes to the scores must happen-before the call that
 * reads them.
 */
final class LabelAssembler {

    /** Math.exp(0), computed by the same method as the other softmax terms so that sums stay bit-identical. */
    private static final double EXP_ZERO = Math.exp(0.0);

    private final ModelDescriptor descriptor;
    private final PlaneOrientation orientation;
    private final int[] sourceSize;
    private final float[][] scores;
    private final int ring;
    private final LinearResampler back;
    private final int[] valueOfChannel;
    private final boolean logits;
    private final LabelMap labels;
    private final double[] scoreSum;
    private final long[] voxelCount;
    /** One resampled row per channel. */
    private final float[][] row;
    private int nextSlice;

    /**
     * @param scores one array per output channel on the resampled grid ({@code prepared.size()}),
     *               x fastest, read only in slices declared final
     * @param channels number of leading score arrays that take part in the arg-max and softmax
     * @param labels   the label map to fill, on the source grid and all background
     * @param ring     0 when {@code scores} holds every slice; otherwise the number of slices it
     *                 holds, slice z at slot {@code z % ring}, which needs a grid not resampled
     *                 across slices
     */
    LabelAssembler(ModelDescriptor descriptor, LabelMap labels, OnnxSegmentationBackend.Prepared prepared,
            float[][] scores, int channels, int ring) {
        this.descriptor = descriptor;
        this.orientation = prepared.orientation();
        this.sourceSize = prepared.sourceSize();
        this.scores = scores;
        int[] size = prepared.size();
        this.back = new LinearResampler(size[0], size[1], size[2], sourceSize[0], sourceSize[1], sourceSize[2]);
        this.valueOfChannel = new int[channels];
        for (ModelDescriptor.Label label : descriptor.labels()) {
            valueOfChannel[label.channel()] = label.value();
        }
        this.logits = descriptor.outputKind() == OutputKind.LOGITS;
        this.labels = labels;
        this.ring = ring;
        if (ring != 0 && prepared.size()[2] != sourceSize[2]) {
            throw new IllegalArgumentException("a ring of score slices needs as many slices as the source, but the grid has "
                    + prepared.size()[2] + " and the source " + sourceSize[2]);
        }
        this.scoreSum = new double[channels];
        this.voxelCount = new long[channels];
        this.row = new float[channels][sourceSize[0]];
    }

    /**
     * Assembles, in order, every source slice not yet assembled whose score slices lie below
     * {@code finalScoreSlices}.
     */
    void assembleReady(int finalScoreSlices) {
        while (nextSlice < sourceSize[2] && back.highestInputSlice(nextSlice) < finalScoreSlices) {
            assembleSlice(nextSlice);
            nextSlice++;
        }
    }

    /**
     * Returns the label map and the mean score of each label.
     *
     * @throws IllegalStateException when a slice has not been assembled yet
     */
    SegmentationResult result() {
        if (nextSlice < sourceSize[2]) {
            throw new IllegalStateException("only " + nextSlice + " of " + sourceSize[2] + " slices are assembled");
        }
        List<SegmentationResult.Segment> segments = new ArrayList<>();
        for (ModelDescriptor.Label label : descriptor.labels()) {
            long count = voxelCount[label.channel()];
            double score = count == 0 ? 0 : Math.min(1, scoreSum[label.channel()] / count);
            segments.add(new SegmentationResult.Segment(new Category(label.value(), label.name()), score));
        }
        return new SegmentationResult(labels, segments, descriptor.name(), descriptor.version());
    }

    /**
     * Returns the offset that places slice z of the score grid at its ring slot; the resampler
     * reads slice z at {@code offset + z * plane}.
     */
    private int scoreOffset(int z) {
        if (ring == 0) {
            return 0;
        }
        int plane = back.inputPlane();
        return (z % ring - z) * plane;
    }

    private void assembleSlice(int z) {
        int columns = sourceSize[0];
        int rows = sourceSize[1];
        int channels = row.length;
        LinearResampler.SliceRows[] channelRows = new LinearResampler.SliceRows[channels];
        for (int ch = 0; ch < channels; ch++) {
            channelRows[ch] = back.sliceRows(scores[ch], scoreOffset(z), z);
        }
        short[] labelArray = labels.array();
        int sliceBase = z * columns * rows;
        // Resampled row by row, so that the channel rows stay in cache for the arg-max.
        for (int r = 0; r < rows; r++) {
            for (int ch = 0; ch < channels; ch++) {
                channelRows[ch].resampleRow(r, row[ch], 0);
            }
            for (int c = 0; c < columns; c++) {
                int best = 0;
                float bestScore = row[0][c];
                for (int ch = 1; ch < channels; ch++) {
                    if (row[ch][c] > bestScore) {
                        best = ch;
                        bestScore = row[ch][c];
                    }
                }
                int value = valueOfChannel[best];
                if (value == 0) {
                    continue;
                }
                labelArray[sliceBase + orientation.storedOffset(c, r)] = (short) value;
                scoreSum[best] += logits ? softmaxOf(c, bestScore) : bestScore;
                voxelCount[best]++;
            }
        }
    }

    private double softmaxOf(int c, float max) {
        double sum = 0;
        for (float[] channel : row) {
            float difference = channel[c] - max;
            // The arg-max channel's term is exp(0), taken from the constant instead of another call.
            sum += difference == 0 ? EXP_ZERO : Math.exp(difference);
        }
        return 1 / sum;
    }
}
