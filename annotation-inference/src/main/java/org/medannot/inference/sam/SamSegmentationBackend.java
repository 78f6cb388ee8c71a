package org.medannot.inference.sam;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import org.medannot.core.annotation.Category;
import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.core.spi.Prompt;
import org.medannot.core.spi.SegmentationBackend;
import org.medannot.core.spi.SegmentationException;
import org.medannot.core.spi.SegmentationRequest;
import org.medannot.core.spi.SegmentationResult;
import org.medannot.core.volume.Volume;
import org.medannot.inference.ExecutionProvider;
import org.medannot.inference.internal.LinearResampler;
import org.medannot.inference.internal.OrtSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Promptable segmentation with an encoder and decoder pair that follows Segment Anything's ONNX
 * interface: the encoder maps {@code image} [1, 3, 1024, 1024] to {@code image_embeddings}; the
 * decoder maps {@code image_embeddings}, {@code point_coords} [1, N, 2], {@code point_labels}
 * [1, N], {@code mask_input} [1, 1, 256, 256], {@code has_mask_input} [1] and
 * {@code orig_im_size} [2] = (height, width) to {@code masks}, {@code iou_predictions} and
 * {@code low_res_masks}.
 *
 * <p>Each slice that carries a prompt is segmented on its own, in the volume's stored array
 * order. Points become labels 1 (positive) and 0 (negative) at their pixel coordinates. A box
 * becomes its first pixel with label 2 and its last pixel with label 3, at most one box per
 * slice. Without a box, a padding point (0, 0) with label -1 is added, as SAM's ONNX export
 * expects. A prior mask in the request is passed as {@code mask_input} on the slices where it is
 * not empty. Of several output masks the one with the highest predicted IoU is kept, and that
 * IoU is the segment's score (mean over slices). Logits above 0 are inside.
 *
 * <p>Image embeddings are cached per slice (keyed by the volume's array, offset and slice), so
 * that more prompts on a slice run only the decoder. The cache keeps at most
 * {@link Builder#cacheSize(int)} slices and holds references to their volumes' arrays; call
 * {@link #clearCache()} after changing voxels in place.
 *
 * <p>Thread safety: {@link #segment} may be called from several threads at once (ONNX Runtime
 * sessions allow concurrent runs and the cache is synchronized); {@link #close()} must not
 * overlap a call.
 */
public final class SamSegmentationBackend implements SegmentationBackend {

    private static final Logger LOG = LoggerFactory.getLogger(SamSegmentationBackend.class);

    private static final String ENCODER_INPUT = "image";
    private static final String EMBEDDINGS = "image_embeddings";
    private static final List<String> DECODER_INPUTS = List.of(EMBEDDINGS, "point_coords", "point_labels",
            "mask_input", "has_mask_input", "orig_im_size");
    private static final List<String> DECODER_OUTPUTS = List.of("masks", "iou_predictions", "low_res_masks");

    private final SamDescriptor descriptor;
    private final Path encoderPath;
    private final Path decoderPath;
    private final OrtSession encoder;
    private final OrtSession decoder;
    private final ExecutionProvider provider;
    private final Map<CacheKey, Embedding> cache;
    private final AtomicLong encoderRuns = new AtomicLong();

    private record CacheKey(Object array, int offset, int slice, int columns, int rows, double windowMin,
            double windowMax) {

        @Override
        public boolean equals(Object other) {
            return other instanceof CacheKey key && key.array == array && key.offset == offset && key.slice == slice
                    && key.columns == columns && key.rows == rows;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(array) * 31 + offset * 17 + slice;
        }
    }

    private record Embedding(float[] values, long[] shape) {
    }

    private SamSegmentationBackend(Builder builder, SamDescriptor descriptor, OrtSessions.Opened encoder,
            OrtSessions.Opened decoder) {
        this.descriptor = descriptor;
        this.encoderPath = builder.encoder;
        this.decoderPath = builder.decoder;
        this.encoder = encoder.session();
        this.decoder = decoder.session();
        this.provider = encoder.provider();
        int capacity = builder.cacheSize;
        this.cache = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<CacheKey, Embedding> eldest) {
                return size() > capacity;
            }
        });
    }

    /** Starts a builder; the descriptor is the encoder's sibling {@code .json} unless set. */
    public static Builder builder(Path encoder, Path decoder) {
        return new Builder(encoder, decoder);
    }

    @Override
    public String name() {
        return "sam";
    }

    /** Returns the descriptor the backend follows. */
    public SamDescriptor descriptor() {
        return descriptor;
    }

    /** Returns the execution provider that runs the encoder (CPU after a fallback). */
    public ExecutionProvider executionProvider() {
        return provider;
    }

    /** Number of encoder runs so far; cached slices do not count. */
    public long encoderRuns() {
        return encoderRuns.get();
    }

    /** Drops every cached image embedding. */
    public void clearCache() {
        cache.clear();
    }

    @Override
    public SegmentationResult segment(Volume volume, SegmentationRequest request) throws SegmentationException {
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(request, "request");
        Geometry geometry = volume.geometry();
        Map<Integer, List<Prompt>> bySlice = new TreeMap<>();
        for (Prompt prompt : request.prompts()) {
            checkInside(prompt, geometry);
            bySlice.computeIfAbsent(prompt.slice(), k -> new ArrayList<>()).add(prompt);
        }
        Mask prior = request.priorMask();
        if (prior != null) {
            if (!prior.geometry().sameGrid(geometry, Mask.GRID_TOLERANCE_MM)) {
                throw new SegmentationException("the prior mask's grid differs from the volume's: "
                        + prior.geometry().describeDifference(geometry, Mask.GRID_TOLERANCE_MM));
            }
            for (int k = 0; k < geometry.slices(); k++) {
                if (!prior.slice(k).isEmpty()) {
                    bySlice.computeIfAbsent(k, key -> new ArrayList<>());
                }
            }
        }
        if (bySlice.isEmpty()) {
            throw new SegmentationException("the SAM backend needs at least one point or box prompt, or a prior mask");
        }

        LabelMap labels = LabelMap.of(geometry);
        double scoreSum = 0;
        int done = 0;
        for (Map.Entry<Integer, List<Prompt>> entry : bySlice.entrySet()) {
            int k = entry.getKey();
            Decoded decoded = segmentSlice(volume, k, entry.getValue(), prior);
            int plane = geometry.sliceSize();
            for (int n = 0; n < plane; n++) {
                if (decoded.logits()[n] > 0) {
                    labels.set(k * plane + n, descriptor.labelValue());
                }
            }
            scoreSum += decoded.iou();
            request.listener().progress("segment", ++done, bySlice.size());
        }
        double score = Math.max(0, Math.min(1, scoreSum / bySlice.size()));
        Category category = new Category(descriptor.labelValue(), descriptor.labelName());
        return new SegmentationResult(labels, List.of(new SegmentationResult.Segment(category, score)),
                descriptor.name(), descriptor.version());
    }

    private static void checkInside(Prompt prompt, Geometry geometry) throws SegmentationException {
        String size = geometry.columns() + "x" + geometry.rows() + "x" + geometry.slices();
        if (prompt.slice() < 0 || prompt.slice() >= geometry.slices()) {
            throw new SegmentationException("prompt " + prompt + " is on slice " + prompt.slice()
                    + ", outside the image of " + size + " voxels (slices 0.." + (geometry.slices() - 1) + ")");
        }
        if (prompt instanceof Prompt.Point point) {
            if (!(point.x() >= 0 && point.x() < geometry.columns() && point.y() >= 0 && point.y() < geometry.rows())) {
                throw new SegmentationException("point prompt (" + point.x() + ", " + point.y() + ") is outside the image "
                        + "of " + size + " voxels (x in [0, " + geometry.columns() + "), y in [0, " + geometry.rows()
                        + "))");
            }
        } else if (prompt instanceof Prompt.Box box) {
            BoundingBox b = box.box();
            if (b.minX() < 0 || b.minY() < 0 || b.maxX() > geometry.columns() || b.maxY() > geometry.rows()) {
                throw new SegmentationException("box prompt " + b + " is outside the image of " + size + " voxels");
            }
        }
    }

    private record Decoded(float[] logits, double iou) {
    }

    private Decoded segmentSlice(Volume volume, int k, List<Prompt> prompts, Mask prior) throws SegmentationException {
        Geometry geometry = volume.geometry();
        int width = geometry.columns();
        int height = geometry.rows();
        SamTransform transform = new SamTransform(descriptor.variant(), width, height);

        List<float[]> points = new ArrayList<>();
        List<Float> pointLabels = new ArrayList<>();
        boolean hasBox = false;
        for (Prompt prompt : prompts) {
            if (prompt instanceof Prompt.Point point) {
                points.add(new float[] {(float) transform.x(point.x()), (float) transform.y(point.y())});
                pointLabels.add(point.positive() ? 1f : 0f);
            } else if (prompt instanceof Prompt.Box box) {
                if (hasBox) {
                    throw new SegmentationException("slice " + k + " has more than one box prompt; the SAM decoder "
                            + "takes one box per slice");
                }
                hasBox = true;
                BoundingBox b = box.box();
                points.add(new float[] {(float) transform.x(b.minX()), (float) transform.y(b.minY())});
                pointLabels.add(2f);
                points.add(new float[] {(float) transform.x(b.maxX() - 1), (float) transform.y(b.maxY() - 1)});
                pointLabels.add(3f);
            }
        }
        if (!hasBox) {
            points.add(new float[] {0f, 0f});
            pointLabels.add(-1f);
        }
        float[] coordinates = new float[points.size() * 2];
        float[] labelValues = new float[points.size()];
        for (int n = 0; n < points.size(); n++) {
            coordinates[2 * n] = points.get(n)[0];
            coordinates[2 * n + 1] = points.get(n)[1];
            labelValues[n] = pointLabels.get(n);
        }

        float[] maskInput = new float[SamTransform.LOW_RES_SIDE * SamTransform.LOW_RES_SIDE];
        float hasMask = 0;
        if (prior != null && !prior.slice(k).isEmpty()) {
            float[] priorValues = new float[width * height];
            Mask priorSlice = prior.slice(k);
            for (int n = 0; n < priorValues.length; n++) {
                priorValues[n] = priorSlice.get(n) ? 1f : 0f;
            }
            maskInput = transform.maskInput(priorValues);
            hasMask = 1;
        }

        Embedding embedding = embedding(volume, k, transform);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        int n = points.size();
        try (OnnxTensor embeddings = OnnxTensor.createTensor(environment, FloatBuffer.wrap(embedding.values()),
                        embedding.shape());
                OnnxTensor coordsTensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(coordinates),
                        new long[] {1, n, 2});
                OnnxTensor labelsTensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(labelValues),
                        new long[] {1, n});
                OnnxTensor maskTensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(maskInput),
                        new long[] {1, 1, SamTransform.LOW_RES_SIDE, SamTransform.LOW_RES_SIDE});
                OnnxTensor hasMaskTensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(new float[] {hasMask}),
                        new long[] {1});
                // SAM's decoder takes the original size as (height, width).
                OnnxTensor sizeTensor = OnnxTensor.createTensor(environment,
                        FloatBuffer.wrap(new float[] {height, width}), new long[] {2});
                OrtSession.Result result = decoder.run(Map.of(EMBEDDINGS, embeddings, "point_coords", coordsTensor,
                        "point_labels", labelsTensor, "mask_input", maskTensor, "has_mask_input", hasMaskTensor,
                        "orig_im_size", sizeTensor))) {
            float[] iou = floats(result, "iou_predictions");
            int best = 0;
            for (int m = 1; m < iou.length; m++) {
                if (iou[m] > iou[best]) {
                    best = m;
                }
            }
            float[] logits = descriptor.variant() == SamVariant.SAM ? fullMask(result, best, width, height)
                    : lowResMask(result, best, width, height);
            return new Decoded(logits, iou.length == 0 ? 0 : iou[best]);
        } catch (OrtException e) {
            throw new SegmentationException("ONNX Runtime failed to run the SAM decoder " + decoderPath + ": "
                    + e.getMessage(), e);
        }
    }

    private float[] fullMask(OrtSession.Result result, int index, int width, int height) throws SegmentationException {
        OnnxTensor masks = tensor(result, "masks");
        long[] shape = masks.getInfo().getShape();
        if (shape.length != 4 || shape[2] != height || shape[3] != width) {
            throw new SegmentationException("SAM decoder " + decoderPath + " returned masks of shape "
                    + Arrays.toString(shape) + ", expected [1, M, " + height + ", " + width + "] for orig_im_size "
                    + "(height " + height + ", width " + width + ")");
        }
        float[] values = new float[width * height];
        FloatBuffer buffer = masks.getFloatBuffer();
        buffer.position(index * values.length);
        buffer.get(values);
        return values;
    }

    private float[] lowResMask(OrtSession.Result result, int index, int width, int height)
            throws SegmentationException {
        OnnxTensor masks = tensor(result, "low_res_masks");
        long[] shape = masks.getInfo().getShape();
        int side = SamTransform.LOW_RES_SIDE;
        if (shape.length != 4 || shape[2] != side || shape[3] != side) {
            throw new SegmentationException("SAM decoder " + decoderPath + " returned low_res_masks of shape "
                    + Arrays.toString(shape) + ", expected [1, M, 256, 256]");
        }
        float[] low = new float[side * side];
        FloatBuffer buffer = masks.getFloatBuffer();
        buffer.position(index * low.length);
        buffer.get(low);
        return new LinearResampler(side, side, 1, width, height, 1).resample(low, 0);
    }

    private OnnxTensor tensor(OrtSession.Result result, String name) throws SegmentationException {
        OnnxValue value = result.get(name).orElse(null);
        if (!(value instanceof OnnxTensor tensor)) {
            throw new SegmentationException("SAM decoder " + decoderPath + " returned no tensor '" + name + "'");
        }
        return tensor;
    }

    private float[] floats(OrtSession.Result result, String name) throws SegmentationException {
        FloatBuffer buffer = tensor(result, name).getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private Embedding embedding(Volume volume, int k, SamTransform transform) throws SegmentationException {
        Geometry geometry = volume.geometry();
        CacheKey key = new CacheKey(volume.array(), volume.offset(), k, geometry.columns(), geometry.rows(),
                descriptor.windowMin(), descriptor.windowMax());
        Embedding cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        float[] slice = toByteRange(volume.slice(k));
        float[] input = transform.encoderInput(slice);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        long[] shape = {1, 3, SamTransform.INPUT_SIDE, SamTransform.INPUT_SIDE};
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(input), shape);
                OrtSession.Result result = encoder.run(Map.of(ENCODER_INPUT, tensor))) {
            OnnxValue value = result.get(EMBEDDINGS).orElse(null);
            if (!(value instanceof OnnxTensor output)) {
                throw new SegmentationException("SAM encoder " + encoderPath + " returned no tensor '" + EMBEDDINGS + "'");
            }
            FloatBuffer buffer = output.getFloatBuffer();
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            Embedding embedding = new Embedding(values, output.getInfo().getShape());
            encoderRuns.incrementAndGet();
            cache.put(key, embedding);
            return embedding;
        } catch (OrtException e) {
            throw new SegmentationException("ONNX Runtime failed to run the SAM encoder " + encoderPath + ": "
                    + e.getMessage(), e);
        }
    }

    /** Maps a slice to [0, 255] with the descriptor's window or the slice's own range. */
    private float[] toByteRange(Volume slice) {
        float[] values = slice.toFloat().array();
        double min = descriptor.windowMin();
        double max = descriptor.windowMax();
        if (Double.isNaN(min)) {
            min = Double.POSITIVE_INFINITY;
            max = Double.NEGATIVE_INFINITY;
            for (float value : values) {
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
        }
        double range = max > min ? max - min : 1;
        for (int n = 0; n < values.length; n++) {
            double clipped = Math.min(max, Math.max(min, values[n]));
            values[n] = (float) ((clipped - min) / range * 255);
        }
        return values;
    }

    /** Closes both ONNX Runtime sessions; the backend cannot be used afterwards. */
    @Override
    public void close() {
        cache.clear();
        for (OrtSession session : List.of(encoder, decoder)) {
            try {
                session.close();
            } catch (OrtException e) {
                LOG.warn("closing an ONNX Runtime session of {} failed: {}", descriptor.name(), e.getMessage());
            }
        }
    }

    private static void validate(OrtSession encoder, OrtSession decoder, Path encoderPath, Path decoderPath)
            throws SegmentationException, OrtException {
        Map<String, NodeInfo> encoderInputs = encoder.getInputInfo();
        NodeInfo image = encoderInputs.get(ENCODER_INPUT);
        if (image == null || encoderInputs.size() != 1) {
            throw new SegmentationException("SAM encoder " + encoderPath + " must have the single input '"
                    + ENCODER_INPUT + "', but its inputs are " + encoderInputs.keySet());
        }
        long[] shape = ((TensorInfo) image.getInfo()).getShape();
        long[] expected = {1, 3, SamTransform.INPUT_SIDE, SamTransform.INPUT_SIDE};
        boolean matches = shape.length == 4;
        for (int axis = 0; matches && axis < 4; axis++) {
            matches = shape[axis] < 0 || shape[axis] == expected[axis];
        }
        if (!matches) {
            throw new SegmentationException("SAM encoder " + encoderPath + " input '" + ENCODER_INPUT + "' has shape "
                    + Arrays.toString(shape) + ", expected [1, 3, 1024, 1024]");
        }
        if (!encoder.getOutputInfo().containsKey(EMBEDDINGS)) {
            throw new SegmentationException("SAM encoder " + encoderPath + " has no output '" + EMBEDDINGS
                    + "'; its outputs are " + encoder.getOutputInfo().keySet());
        }
        Set<String> decoderInputs = decoder.getInputInfo().keySet();
        List<String> missing = DECODER_INPUTS.stream().filter(name -> !decoderInputs.contains(name)).toList();
        if (!missing.isEmpty()) {
            throw new SegmentationException("SAM decoder " + decoderPath + " lacks the inputs " + missing
                    + "; its inputs are " + decoderInputs);
        }
        Set<String> decoderOutputs = decoder.getOutputInfo().keySet();
        List<String> missingOutputs = DECODER_OUTPUTS.stream().filter(name -> !decoderOutputs.contains(name)).toList();
        if (!missingOutputs.isEmpty()) {
            throw new SegmentationException("SAM decoder " + decoderPath + " lacks the outputs " + missingOutputs
                    + "; its outputs are " + decoderOutputs);
        }
    }

    /** Builds a {@link SamSegmentationBackend}; not thread-safe. */
    public static final class Builder {

        private final Path encoder;
        private final Path decoder;
        private Path descriptorFile;
        private ExecutionProvider provider = ExecutionProvider.CPU;
        private int deviceId;
        private int intraOpThreads;
        private int interOpThreads;
        private int cacheSize = 8;

        private Builder(Path encoder, Path decoder) {
            this.encoder = Objects.requireNonNull(encoder, "encoder");
            this.decoder = Objects.requireNonNull(decoder, "decoder");
        }

        /** Sets the descriptor file; the default is the encoder's path with ".json" for ".onnx". */
        public Builder descriptor(Path file) {
            this.descriptorFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** Sets the execution provider of both sessions (default CPU); falls back to CPU when unavailable. */
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

        /** Sets threads inside one operator; 0 (the default) lets ONNX Runtime choose. */
        public Builder intraOpThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("intraOpThreads must be >= 0, but was " + threads);
            }
            this.intraOpThreads = threads;
            return this;
        }

        /** Sets threads across independent operators; 0 (the default) lets ONNX Runtime choose. */
        public Builder interOpThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("interOpThreads must be >= 0, but was " + threads);
            }
            this.interOpThreads = threads;
            return this;
        }

        /** Sets the number of slices whose embeddings are cached (default 8; each is 4 MiB for SAM ViT). */
        public Builder cacheSize(int slices) {
            if (slices < 1) {
                throw new IllegalArgumentException("cacheSize must be >= 1, but was " + slices);
            }
            this.cacheSize = slices;
            return this;
        }

        /**
         * Reads the descriptor, opens both sessions and checks their input and output names.
         *
         * @throws SegmentationException when a file is missing or invalid or the names do not match
         */
        public SamSegmentationBackend build() throws SegmentationException {
            SamDescriptor descriptor = SamDescriptor.read(descriptorFile != null ? descriptorFile
                    : org.medannot.inference.onnx.ModelDescriptor.siblingOf(encoder));
            OrtSessions.Opened openedEncoder = OrtSessions.open(encoder, provider, deviceId, intraOpThreads,
                    interOpThreads);
            OrtSessions.Opened openedDecoder;
            try {
                openedDecoder = OrtSessions.open(decoder, provider, deviceId, intraOpThreads, interOpThreads);
            } catch (SegmentationException e) {
                closeQuietly(openedEncoder.session(), e);
                throw e;
            }
            try {
                validate(openedEncoder.session(), openedDecoder.session(), encoder, decoder);
                return new SamSegmentationBackend(this, descriptor, openedEncoder, openedDecoder);
            } catch (SegmentationException | OrtException | RuntimeException e) {
                closeQuietly(openedEncoder.session(), e);
                closeQuietly(openedDecoder.session(), e);
                if (e instanceof SegmentationException segmentation) {
                    throw segmentation;
                }
                throw new SegmentationException("the SAM models " + encoder + " and " + decoder
                        + " could not be checked: " + e.getMessage(), e);
            }
        }

        private static void closeQuietly(OrtSession session, Exception failure) {
            try {
                session.close();
            } catch (OrtException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
