package org.medannot.core.spi;

import org.medannot.core.volume.Volume;

/**
 * Maps a volume, and optional prompts, to masks with scores: a classical algorithm, an ONNX model
 * or a promptable model. Backends that hold native resources release them in {@link #close()}.
 *
 * <p>Each implementation states in its documentation whether {@link #segment} may be called
 * from several threads at once.
 */
public interface SegmentationBackend extends AutoCloseable {

    /** Short name such as "classical" or "onnx", used in provenance and logs. */
    String name();

    /**
     * Segments {@code volume}.
     *
     * @return a label map on the volume's geometry
     * @throws SegmentationException when the backend cannot produce a result
     */
    SegmentationResult segment(Volume volume, SegmentationRequest request) throws SegmentationException;

    /** Releases native resources; the default does nothing. */
    @Override
    default void close() {
    }
}
