package org.medannot.inference.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import org.medannot.core.spi.SegmentationException;
import org.medannot.inference.ExecutionProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens ONNX Runtime sessions on the requested execution provider, falling back to CPU. */
public final class OrtSessions {

    private static final Logger LOG = LoggerFactory.getLogger(OrtSessions.class);

    private OrtSessions() {
    }

    /**
     * An open session and the provider that actually runs it.
     *
     * @param session  the session; the caller closes it
     * @param provider the provider in use, {@link ExecutionProvider#CPU} after a fallback
     */
    public record Opened(OrtSession session, ExecutionProvider provider) {
    }

    /**
     * Opens {@code model} on {@code requested}, or on CPU when the requested provider is not in
     * this ONNX Runtime build or fails to start, and logs one INFO line naming the provider.
     *
     * @param intraOpThreads threads inside one operator; 0 lets ONNX Runtime choose
     * @param interOpThreads threads across independent operators; 0 lets ONNX Runtime choose
     * @throws SegmentationException when the file is missing or ONNX Runtime cannot load it
     */
    public static Opened open(Path model, ExecutionProvider requested, int deviceId, int intraOpThreads,
            int interOpThreads) throws SegmentationException {
        if (!Files.isRegularFile(model)) {
            throw new SegmentationException("ONNX model file " + model + " was not found");
        }
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        ExecutionProvider used = requested;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            if (interOpThreads > 0) {
                options.setInterOpNumThreads(interOpThreads);
            }
            if (requested != ExecutionProvider.CPU) {
                used = addGpuProvider(options, requested, deviceId) ? requested : ExecutionProvider.CPU;
            }
            OrtSession session = environment.createSession(model.toString(), options);
            LOG.info("ONNX model {} runs on the {} execution provider", model.getFileName(), used);
            return new Opened(session, used);
        } catch (OrtException e) {
            throw new SegmentationException("ONNX Runtime could not load the model file " + model
                    + " (is it a valid .onnx file?): " + e.getMessage(), e);
        }
    }

    private static boolean addGpuProvider(OrtSession.SessionOptions options, ExecutionProvider requested,
            int deviceId) {
        OrtProvider ortProvider = requested == ExecutionProvider.CUDA ? OrtProvider.CUDA : OrtProvider.TENSOR_RT;
        EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
        if (!available.contains(ortProvider)) {
            LOG.warn("execution provider {} is not in this ONNX Runtime build (available: {}); falling back to CPU",
                    requested, available);
            return false;
        }
        try {
            if (requested == ExecutionProvider.CUDA) {
                options.addCUDA(deviceId);
            } else {
                options.addTensorrt(deviceId);
            }
            return true;
        } catch (OrtException | RuntimeException e) {
            LOG.warn("execution provider {} on device {} failed to start ({}); falling back to CPU", requested,
                    deviceId, e.getMessage());
            return false;
        }
    }
}
