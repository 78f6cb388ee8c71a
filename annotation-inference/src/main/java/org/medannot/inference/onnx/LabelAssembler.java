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
 * {@link #assembleReady(int)} reads only the score slices declared final. Calls of
 * {@link #assembleReady} must not overlap, and one thread's writes to the scores must
 * happen-before the call that reads them; {@link #assembleTail} may overlap them after
 * {@link #splitTail}. Score sums are kept per slice and added in slice order, so the result does
 * not depend on which thread assembled a slice.
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
    /** Score sum and voxel count per source slice and channel, added up in slice order by {@link #result()}. */
    private final double[][] sliceScoreSums;
    private final long[][] sliceVoxelCounts;
    private final boolean[] assembled;
    /** One resampled row per channel, for {@link #assembleReady}. */
    private final float[][] row;
    private int nextSlice;
    /** Source slice at which {@link #assembleReady} stops; the slices from here on go to {@link #assembleTail}. */
    private volatile int tailStart;

    /**
     * @param scores one array per output channel on the resampled grid ({@code prepared.size()}),
     *               x fastest, read only in slices declared final
     * @param channels number of leading score arrays that take part in the arg-max and softmax
     * @param labels   the label map to fill, on the source grid and all background
     * @param ring     0 when {@code scores} contains every slice; otherwise the number of slices
     *                 it contains, slice z at slot {@code z % ring}. A ring needs a grid that is
     *                 not resampled across slices.
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
        this.sliceScoreSums = new double[sourceSize[2]][channels];
        this.sliceVoxelCounts = new long[sourceSize[2]][channels];
        this.assembled = new boolean[sourceSize[2]];
        this.row = new float[channels][sourceSize[0]];
        this.tailStart = sourceSize[2];
    }

    /**
     * Leaves the source slices from {@code from} on to {@link #assembleTail}, so that two threads
     * assemble the last slices. Call before the {@link #assembleReady} call that could reach them.
     */
    void splitTail(int from) {
        tailStart = Math.max(0, Math.min(from, sourceSize[2]));
    }

    /**
     * Assembles the slices left to it by {@link #splitTail}, with buffers of its own, while
     * {@link #assembleReady} may run on another thread; every score slice must be final.
     */
    void assembleTail() {
        float[][] tailRow = new float[row.length][sourceSize[0]];
        for (int z = tailStart; z < sourceSize[2]; z++) {
            assembleSlice(z, tailRow);
        }
    }

    /**
     * Assembles, in order, every source slice not yet assembled whose score slices lie below
     * {@code finalScoreSlices}.
     */
    void assembleReady(int finalScoreSlices) {
        int end = tailStart;
        while (nextSlice < end && back.highestInputSlice(nextSlice) < finalScoreSlices) {
            assembleSlice(nextSlice, row);
            nextSlice++;
        }
    }

    /**
     * Returns the label map and the mean score of each label.
     *
     * @throws IllegalStateException when a slice has not been assembled yet
     */
    SegmentationResult result() {
        for (int z = 0; z < sourceSize[2]; z++) {
            if (!assembled[z]) {
                throw new IllegalStateException("slice " + z + " of " + sourceSize[2] + " is not assembled");
            }
        }
        List<SegmentationResult.Segment> segments = new ArrayList<>();
        for (ModelDescriptor.Label label : descriptor.labels()) {
            long count = 0;
            double sum = 0;
            for (int z = 0; z < sourceSize[2]; z++) {
                count += sliceVoxelCounts[z][label.channel()];
                sum += sliceScoreSums[z][label.channel()];
            }
            double score = count == 0 ? 0 : Math.min(1, sum / count);
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

    private void assembleSlice(int z, float[][] row) {
        int columns = sourceSize[0];
        int rows = sourceSize[1];
        int channels = row.length;
        double[] scoreSum = sliceScoreSums[z];
        long[] voxelCount = sliceVoxelCounts[z];

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
                scoreSum[best] += logits ? softmaxOf(row, c, bestScore) : bestScore;
                voxelCount[best]++;
            }
        }
        assembled[z] = true;
    }

    private static double softmaxOf(float[][] row, int c, float max) {
        double sum = 0;
        for (float[] channel : row) {
            float difference = channel[c] - max;
            // The arg-max channel's term is exp(0), taken from the constant instead of another call.
            sum += difference == 0 ? EXP_ZERO : Math.exp(difference);
        }
        return 1 / sum;
    }
}
