package org.medannot.inference;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The ONNX Runtime execution provider that runs a model. CUDA and TensorRT need the
 * {@code onnxruntime_gpu} artifact and an NVIDIA driver; when they cannot be enabled the backends
 * fall back to {@link #CPU} and log a warning.
 */
public enum ExecutionProvider {

    /** The default CPU provider, always available. */
    CPU,

    /** NVIDIA CUDA provider. */
    CUDA,

    /** NVIDIA TensorRT provider; ONNX Runtime runs the nodes TensorRT cannot take on CUDA or CPU. */
    TENSORRT;

    /**
     * Parses a provider name, ignoring case ("cpu", "cuda", "tensorrt").
     *
     * @throws IllegalArgumentException naming the value and the accepted names when it is unknown
     */
    public static ExecutionProvider parse(String name) {
        String accepted = Arrays.stream(values()).map(p -> p.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        if (name == null) {
            throw new IllegalArgumentException("execution provider is missing; expected one of " + accepted);
        }
        for (ExecutionProvider provider : values()) {
            if (provider.name().equalsIgnoreCase(name.trim())) {
                return provider;
            }
        }
        throw new IllegalArgumentException("unknown execution provider '" + name + "'; expected one of " + accepted);
    }
}
