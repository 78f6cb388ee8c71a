package org.medannot.inference.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.spi.ProgressListener;
import org.medannot.core.spi.SegmentationBackend;
import org.medannot.core.spi.SegmentationException;
import org.medannot.core.spi.SegmentationRequest;
import org.medannot.core.spi.SegmentationResult;
import org.medannot.core.volume.Volume;
import org.medannot.inference.ExecutionProvider;
import org.medannot.inference.internal.OrtSessions;
import org.medannot.inference.internal.PlaneOrientation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Semantic segmentation with an ONNX model and its {@link ModelDescriptor}.
 *
 * <p>Steps of {@link #segment}: turn the slices to the descriptor's orientation, resample
 * linearly to the target spacing, apply the intensity steps, run the model (2D: batches of
 * slices, centred pad or crop to the input size with padding value 0; 3D: a sliding window of
 * patches blended with a Gaussian weight), resample the output channels linearly back onto the
 * source grid, and take the arg-max channel per voxel. The arg-max covers every output channel
 * when the model fixes the channel count, otherwise channels 0 to the highest labelled channel.
 * Channels without a label become background. The score of each label is the mean probability
 * of that label over its voxels (softmax for logits, one-hot for label indices).
 *
 * <p>For 2D models a worker thread prepares the slices of the next batch and assembles the labels
 * of the previous one while the calling thread runs the current batch. Preparation runs slice by
 * slice only where that gives the same values (see {@code Preprocessor.slicewise}), and the
 * result is the same as running the steps one after the other.
 *
 * <p>The session and the worker thread are created once by {@link Builder#build()} and reused for
 * every call. Thread safety: {@link #segment} may be called from several threads at once, because
 * ONNX Runtime sessions are safe for concurrent {@code run} calls, each call keeps its own
 * buffers, and calls share the worker's queue. {@link #close()} must not overlap a call.
 */
public final class OnnxSegmentationBackend implements SegmentationBackend {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxSegmentationBackend.class);

    /** Logit of every channel but background where the model saw nothing (cropped away), so background wins there. */
    private static final float OUTSIDE_LOGIT = -1e4f;

    private final Path model;
    private final ModelDescriptor descriptor;
    private final OrtSession session;
    private final ExecutionProvider provider;
    private final int batchSize;
    private final int outputChannels;
    /**
     * Single daemon thread that, while a 2D batch runs, prepares the next batch's slices and
     * assembles the labels of the previous batch.
     */
    private final ExecutorService worker;

    private OnnxSegmentationBackend(Builder builder, ModelDescriptor descriptor, OrtSessions.Opened opened,
            ModelValidator.Shapes shapes) {
        this.model = builder.model;
        this.descriptor = descriptor;
        this.session = opened.session();
        this.provider = opened.provider();
        this.batchSize = shapes.batch() > 0 ? (int) shapes.batch() : builder.batchSize;
        // Every channel of a fixed-size output takes part in the arg-max and softmax, labelled or not.
        this.outputChannels = (int) Math.max(shapes.outputChannels(), descriptor.minimumOutputChannels());
        String threadName = "onnx-worker-" + descriptor.name();
        this.worker = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts a builder for the model file; its descriptor is the sibling {@code .json} unless set. */
    public static Builder builder(Path model) {
        return new Builder(model);
    }

    @Override
    public String name() {
        return "onnx";
    }

    /** Returns the descriptor the backend follows. */
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    /** Returns the execution provider that runs the model (CPU after a fallback). */
    public ExecutionProvider executionProvider() {
        return provider;
    }

    @Override
    public SegmentationResult segment(Volume volume, SegmentationRequest request) throws SegmentationException {
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(request, "request");
        long start = System.nanoTime();
        if (descriptor.layout() == InputLayout.SLICES_2D) {
            SegmentationResult result = segmentSlices(volume, request.listener());
            LOG.debug("{}: {} ms, preprocessing and postprocessing overlapping inference", descriptor.name(),
                    (System.nanoTime() - start) / 1_000_000);
            return result;
        }
        Prepared prepared = prepare(volume);
        long preparedAt = System.nanoTime();
        float[][] scores = infer(prepared, request.listener());
        long inferredAt = System.nanoTime();
        SegmentationResult result = toResult(volume.geometry(), prepared, scores);
        LOG.debug("{}: preprocessing {} ms, inference {} ms, postprocessing {} ms", descriptor.name(),
                (preparedAt - start) / 1_000_000, (inferredAt - preparedAt) / 1_000_000,
                (System.nanoTime() - inferredAt) / 1_000_000);
        return result;
    }

    /**
     * The volume after orientation, resampling and intensity steps.
     *
     * @param orientation   map between stored and model in-plane axes
     * @param sourceSize    size (columns, rows, slices) in model orientation before resampling
     * @param size          size (columns, rows, slices) after resampling
     * @param values        preprocessed values, x fastest, then y, then z
     */
    record Prepared(PlaneOrientation orientation, int[] sourceSize, int[] size, float[] values) {
    }

    /** Orients, resamples and normalizes the volume as the descriptor specifies. */
    Prepared prepare(Volume volume) {
        return new Preprocessor(descriptor, volume).prepareAll();
    }

    /** Runs the model; returns one score array per output channel on the resampled grid. */
    float[][] infer(Prepared prepared, ProgressListener listener) throws SegmentationException {
        try {
            if (descriptor.layout() == InputLayout.SLICES_2D) {
                float[][] scores = newSliceScores(prepared, prepared.size()[2]);
                inferSlices(prepared, SlicePreparation.complete(prepared.size()[2]), scores, 0, listener,
                        SliceSink.NONE);
                return scores;
            }
            return new SlidingWindow(descriptor, prepared.size(), this::runPatch).run(prepared.values(), listener);
        } catch (OrtException e) {
            throw engineFailure(e);
        }
    }

    /**
     * Runs a 2D model batch by batch on the calling thread while the worker thread prepares the
     * next batch's slices and assembles the labels of the slices already inferred. The result
     * equals {@code toResult} after {@code prepare} and {@code infer}.
     */
    private SegmentationResult segmentSlices(Volume volume, ProgressListener listener) throws SegmentationException {
        // The label map is allocated first: it is the one array as large as the volume, and the
        // heap is least fragmented before the model's buffers are allocated.
        LabelMap labels = LabelMap.of(volume.geometry());
        Preprocessor preprocessor = new Preprocessor(descriptor, volume);
        Prepared prepared;
        SlicePreparation preparation;
        if (preprocessor.slicewise()) {
            prepared = preprocessor.empty();
            preparation = SlicePreparation.slicewise(preprocessor, prepared.values(), worker);
        } else {
            prepared = preprocessor.prepareAll();
            preparation = SlicePreparation.complete(prepared.size()[2]);
        }
        int slices = prepared.size()[2];
        // Without resampling across slices, a label slice needs only its own score slice, so the
        // scores live in a ring of four batches instead of the whole resampled volume.
        int ring = slices == prepared.sourceSize()[2] && 4 * batchSize < slices ? 4 * batchSize : 0;
        float[][] scores = newSliceScores(prepared, ring == 0 ? slices : ring);
        LabelAssembler assembler = new LabelAssembler(descriptor, labels, prepared, scores, outputChannels, ring);
        List<Future<?>> assembly = new ArrayList<>();
        List<Integer> assemblyEnds = new ArrayList<>();
        boolean completed = false;
        try {
            inferSlices(prepared, preparation, scores, ring, listener, new SliceSink() {
                private int awaited;

                @Override
                public void beforeWriting(int first, int count) throws SegmentationException {
                    // A ring slot is reused only after its previous slice is assembled. The task
                    // submitted when n slices were final assembles every slice below n - 1.
                    int needed = first + count - ring + 1;
                    while (ring > 0 && needed > 0 && awaited < assembly.size()) {
                        SlicePreparation.await(assembly.get(awaited), "postprocessing");
                        awaited++;
                        if (assemblyEnds.get(awaited - 1) >= needed) {
                            break;
                        }
                    }
                }

                @Override
                public void slicesFinal(int count) {
                    if (count == slices) {
                        // The calling thread assembles the second half of the last batch beside
                        // the worker instead of waiting for it.
                        int lastBatchStart = assemblyEnds.isEmpty() ? 0 : assemblyEnds.get(assemblyEnds.size() - 1);
                        assembler.splitTail(count - (count - lastBatchStart) / 2);
                    }
                    // Submitting a task makes the score slices written before it visible to that task.
                    assembly.add(worker.submit(() -> assembler.assembleReady(count)));
                    assemblyEnds.add(count);
                }
            });
            assembler.assembleTail();
            for (Future<?> task : assembly) {
                SlicePreparation.await(task, "postprocessing");
            }
            completed = true;
            return assembler.result();
        } catch (OrtException e) {
            throw engineFailure(e);
        } finally {
            if (!completed) {
                preparation.cancel();
                assembly.forEach(task -> task.cancel(false));
            }
        }
    }

    /** Receives the progress of a 2D run. */
    private interface SliceSink {

        SliceSink NONE = new SliceSink() {
            @Override
            public void beforeWriting(int first, int count) {
            }

            @Override
            public void slicesFinal(int count) {
            }
        };

        /** Called before the scores of slices [first, first + count) are written. */
        void beforeWriting(int first, int count) throws SegmentationException;

        /** Receives the number of leading slices whose scores are final. */
        void slicesFinal(int count);
    }

    /**
     * Score arrays of {@code slices} slices for a 2D run, filled so that voxels outside the model
     * window become background.
     */
    private float[][] newSliceScores(Prepared prepared, int slices) {
        int[] size = prepared.size();
        float[][] scores = new float[outputChannels][size[0] * size[1] * slices];
        fillOutside(scores);
        return scores;
    }

    private SegmentationException engineFailure(OrtException e) {
        return new SegmentationException("ONNX Runtime failed to run model " + model + ": " + e.getMessage(), e);
    }

    /**
     * Runs a 2D model batch by batch; the scores of slice z go to slice {@code z % ring} of
     * {@code scores}, or slice z when {@code ring} is 0.
     */
    private void inferSlices(Prepared prepared, SlicePreparation preparation, float[][] scores, int ring,
            ProgressListener listener, SliceSink sink) throws OrtException, SegmentationException {
        int columns = prepared.size()[0];
        int rows = prepared.size()[1];
        int slices = prepared.size()[2];
        int plane = columns * rows;
        int height = descriptor.inputSize()[0];
        int width = descriptor.inputSize()[1];
        int modelPlane = height * width;
        int rowOffset = Math.floorDiv(height - rows, 2);
        int columnOffset = Math.floorDiv(width - columns, 2);
        List<ModelDescriptor.Channel> channels = descriptor.channels();
        int channelCount = channels.size();
        int maxSliceOffset = 0;
        for (ModelDescriptor.Channel channel : channels) {
            maxSliceOffset = Math.max(maxSliceOffset, channel.sliceOffset());
        }

        // One direct buffer for every batch: ONNX Runtime reads a direct buffer in place instead
        // of copying it, and the padding outside the window stays zero because every batch
        // writes the same window positions.
        FloatBuffer input = ByteBuffer.allocateDirect(batchSize * channelCount * modelPlane * Float.BYTES)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        for (int first = 0; first < slices; first += batchSize) {
            int count = Math.min(batchSize, slices - first);
            preparation.require(Math.min(slices, first + count + maxSliceOffset));
            for (int b = 0; b < count; b++) {
                for (int c = 0; c < channelCount; c++) {
                    int source = Math.max(0, Math.min(slices - 1, first + b + channels.get(c).sliceOffset()));
                    int target = (b * channelCount + c) * modelPlane;
                    copyIntoWindow(prepared.values(), source * plane, columns, rows, input, target, width, height,
                            columnOffset, rowOffset);
                }
            }
            preparation.prepareAhead(Math.min(slices, first + count + batchSize + maxSliceOffset));
            long[] shape = {count, channelCount, height, width};
            FloatBuffer batch = input.duplicate().position(0).limit(count * channelCount * modelPlane);
            try (OnnxTensor tensor = OnnxTensor.createTensor(environment, batch, shape);
                    OrtSession.Result result = session.run(Map.of(descriptor.inputName(), tensor))) {
                ModelOutput output = readOutput(result, count, new int[] {height, width});
                sink.beforeWriting(first, count);
                for (int ch = 0; ch < outputChannels; ch++) {
                    for (int b = 0; b < count; b++) {
                        int slot = ring == 0 ? first + b : (first + b) % ring;
                        copyFromWindow(output.values(), output.offset(b, ch), width, height, scores[ch],
                                slot * plane, columns, rows, columnOffset, rowOffset);
                    }
                }
            }
            sink.slicesFinal(first + count);
            listener.progress("segment", first + count, slices);
        }
    }

    /** Copies a columns x rows image into a width x height window, the inverse of {@link #copyFromWindow}. */
    private static void copyIntoWindow(float[] image, int imageBase, int columns, int rows, FloatBuffer window,
            int windowBase, int width, int height, int columnOffset, int rowOffset) {
        int c0 = Math.max(0, -columnOffset);
        int c1 = Math.min(columns, width - columnOffset);
        if (c1 <= c0) {
            return;
        }
        for (int r = 0; r < rows; r++) {
            int windowRow = r + rowOffset;
            if (windowRow >= 0 && windowRow < height) {
                window.put(windowBase + c0 + columnOffset + width * windowRow, image, imageBase + c0 + columns * r,
                        c1 - c0);
            }
        }
    }

    /**
     * Copies the part of a width x height model window (at {@code window[windowBase]}) that
     * overlaps a columns x rows image placed at (columnOffset, rowOffset) in the window into the
     * image (at {@code image[imageBase]}).
     */
    private static void copyFromWindow(float[] window, int windowBase, int width, int height, float[] image,
            int imageBase, int columns, int rows, int columnOffset, int rowOffset) {
        int c0 = Math.max(0, -columnOffset);
        int c1 = Math.min(columns, width - columnOffset);
        if (c1 <= c0) {
            return;
        }
        for (int r = 0; r < rows; r++) {
            int windowRow = r + rowOffset;
            if (windowRow >= 0 && windowRow < height) {
                System.arraycopy(window, windowBase + c0 + columnOffset + width * windowRow, image,
                        imageBase + c0 + columns * r, c1 - c0);
            }
        }
    }

    /** Runs one 3D patch [1, C, D, H, W]; returns the output channels of that patch. */
    private float[][] runPatch(float[] patch, int[] patchSize) throws OrtException, SegmentationException {
        long[] shape = {1, descriptor.channels().size(), patchSize[0], patchSize[1], patchSize[2]};
        float[] input = patch;
        if (descriptor.channels().size() > 1) {
            int voxels = patchSize[0] * patchSize[1] * patchSize[2];
            input = new float[voxels * descriptor.channels().size()];
            for (int c = 0; c < descriptor.channels().size(); c++) {
                System.arraycopy(patch, 0, input, c * voxels, voxels);
            }
        }
        try (OnnxTensor tensor = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(input), shape);
                OrtSession.Result result = session.run(Map.of(descriptor.inputName(), tensor))) {
            ModelOutput output = readOutput(result, 1, patchSize);
            int voxels = patchSize[0] * patchSize[1] * patchSize[2];
            float[][] channels = new float[outputChannels][];
            for (int ch = 0; ch < outputChannels; ch++) {
                channels[ch] = Arrays.copyOfRange(output.values(), output.offset(0, ch), output.offset(0, ch) + voxels);
            }
            return channels;
        }
    }

    /**
     * Reads and checks the output tensor of {@code count} items of the spatial size. Label indices
     * become one-hot channels.
     */
    private ModelOutput readOutput(OrtSession.Result result, int count, int[] spatial) throws OrtException,
            SegmentationException {
        OnnxValue value = result.get(descriptor.outputName())
                .orElseThrow(() -> new SegmentationException("model " + model + " returned no output '"
                        + descriptor.outputName() + "'"));
        if (!(value instanceof OnnxTensor tensor)) {
            throw new SegmentationException("model " + model + " output '" + descriptor.outputName()
                    + "' is not a tensor");
        }
        long[] shape = tensor.getInfo().getShape();
        int voxels = 1;
        for (int extent : spatial) {
            voxels *= extent;
        }
        long[] expectedSpatial = Arrays.stream(spatial).asLongStream().toArray();
        long[] actualSpatial = Arrays.copyOfRange(shape, shape.length - spatial.length, shape.length);
        if (shape[0] != count || !Arrays.equals(actualSpatial, expectedSpatial)) {
            throw new SegmentationException("model " + model + " output '" + descriptor.outputName() + "' has shape "
                    + Arrays.toString(shape) + ", expected " + count + " items of " + Arrays.toString(spatial));
        }
        if (descriptor.outputKind() == OutputKind.LABEL_INDICES) {
            float[] oneHot = new float[count * outputChannels * voxels];
            long[] indices = readIndices(tensor, count * voxels);
            for (int n = 0; n < indices.length; n++) {
                long index = indices[n];
                if (index >= 0 && index < outputChannels) {
                    int item = n / voxels;
                    oneHot[(item * outputChannels + (int) index) * voxels + n - item * voxels] = 1f;
                }
            }
            return new ModelOutput(oneHot, outputChannels * voxels, voxels);
        }
        int modelChannels = (int) shape[1];
        if (modelChannels < outputChannels) {
            throw new SegmentationException("model " + model + " output '" + descriptor.outputName() + "' has "
                    + modelChannels + " channels, but the descriptor's labels need " + outputChannels);
        }
        // getFloatBuffer() returns a heap copy, whose array is used without copying again.
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] values;
        if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0) {
            values = buffer.array();
        } else {
            values = new float[buffer.remaining()];
            buffer.get(values);
        }
        return new ModelOutput(values, modelChannels * voxels, voxels);
    }

    /**
     * Scores of one model run: the score of channel {@code ch} of item {@code item} at voxel
     * {@code n} is {@code values[offset(item, ch) + n]}.
     */
    private record ModelOutput(float[] values, int itemStride, int channelStride) {

        int offset(int item, int ch) {
            return item * itemStride + ch * channelStride;
        }
    }

    private static long[] readIndices(OnnxTensor tensor, int length) {
        long[] result = new long[length];
        switch (tensor.getInfo().type) {
            case INT64 -> tensor.getLongBuffer().get(result);
            case INT32 -> {
                var buffer = tensor.getIntBuffer();
                for (int n = 0; n < length; n++) {
                    result[n] = buffer.get(n);
                }
            }
            default -> {
                var buffer = tensor.getByteBuffer();
                boolean unsigned = tensor.getInfo().type == ai.onnxruntime.OnnxJavaType.UINT8;
                for (int n = 0; n < length; n++) {
                    byte b = buffer.get(n);
                    result[n] = unsigned ? Byte.toUnsignedInt(b) : b;
                }
            }
        }
        return result;
    }

    private void fillOutside(float[][] scores) {
        boolean logits = descriptor.outputKind() == OutputKind.LOGITS;
        float background = logits ? 0f : 1f;
        float other = logits ? OUTSIDE_LOGIT : 0f;
        Arrays.fill(scores[0], background);
        for (int ch = 1; ch < scores.length; ch++) {
            Arrays.fill(scores[ch], other);
        }
    }

    /** Resamples the channel scores back onto the source grid and takes the arg-max per voxel. */
    SegmentationResult toResult(Geometry geometry, Prepared prepared, float[][] scores) {
        LabelAssembler assembler = new LabelAssembler(descriptor, LabelMap.of(geometry), prepared, scores, outputChannels, 0);
        assembler.assembleReady(prepared.size()[2]);
        return assembler.result();
    }

    /** Closes the ONNX Runtime session and stops the worker thread. The backend cannot be used afterwards. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("closing the ONNX Runtime session of {} failed: {}", model, e.getMessage());
        }
    }

    /** Builds an {@link OnnxSegmentationBackend}; not thread-safe. */
    public static final class Builder {

        private final Path model;
        private Path descriptorFile;
        private ExecutionProvider provider = ExecutionProvider.CPU;
        private int deviceId;
        private int intraOpThreads;
        private int interOpThreads;
        private int batchSize = 4;

        private Builder(Path model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /** Sets the descriptor file; the default is the model's path with ".json" for ".onnx". */
        public Builder descriptor(Path file) {
            this.descriptorFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** Sets the execution provider (default CPU); an unavailable GPU provider falls back to CPU. */
        public Builder executionProvider(ExecutionProvider executionProvider) {
            this.provider = Objects.requireNonNull(executionProvider, "executionProvider");
            return this;
        }

        /** Sets the GPU device index for CUDA and TensorRT (default 0). */
        public Builder deviceId(int id) {
            if (id < 0) {
                throw new IllegalArgumentException("deviceId must be >= 0, but was " + id);
            }
            this.deviceId = id;
            return this;
        }

        /** Sets threads used inside one operator; 0 (the default) lets ONNX Runtime choose. */
        public Builder intraOpThreads(int threads) {
            this.intraOpThreads = requireThreads(threads, "intraOpThreads");
            return this;
        }

        /** Sets threads used across independent operators; 0 (the default) lets ONNX Runtime choose. */
        public Builder interOpThreads(int threads) {
            this.interOpThreads = requireThreads(threads, "interOpThreads");
            return this;
        }

        /** Sets slices per inference call for 2D models (default 4); a model with a fixed batch overrides it. */
        public Builder batchSize(int slices) {
            if (slices < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, but was " + slices);
            }
            this.batchSize = slices;
            return this;
        }

        private static int requireThreads(int threads, String name) {
            if (threads < 0) {
                throw new IllegalArgumentException(name + " must be >= 0, but was " + threads);
            }
            return threads;
        }

        /**
         * Reads the descriptor, opens the session and validates the model against the descriptor.
         *
         * @throws SegmentationException when the descriptor is invalid, the model cannot be loaded,
         *                               or the two do not match
         */
        public OnnxSegmentationBackend build() throws SegmentationException {
            ModelDescriptor descriptor = ModelDescriptor.read(descriptorFile != null ? descriptorFile
                    : ModelDescriptor.siblingOf(model));
            OrtSessions.Opened opened = OrtSessions.open(model, provider, deviceId, intraOpThreads, interOpThreads);
            try {
                ModelValidator.Shapes shapes = ModelValidator.validate(descriptor, opened.session(), model);
                return new OnnxSegmentationBackend(this, descriptor, opened, shapes);
            } catch (SegmentationException | RuntimeException e) {
                try {
                    opened.session().close();
                } catch (OrtException closeFailure) {
                    e.addSuppressed(closeFailure);
                }
                throw e;
            }
        }
    }
}
