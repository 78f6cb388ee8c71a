package org.medannot.examples.cli;

import java.util.Set;

import org.medannot.core.spi.SegmentationBackend;
import org.medannot.core.spi.SegmentationException;
import org.medannot.core.spi.SegmentationRequest;
import org.medannot.core.spi.SegmentationResult;
import org.medannot.core.volume.Volume;

/**
 * Passes every call to another backend and adds the category ids of each result (including
 * categories with an empty mask) to a thread-safe set, so that evaluation can tell which labels
 * the backend can produce.
 */
final class RecordingBackend implements SegmentationBackend {

    private final SegmentationBackend backend;
    private final Set<Integer> categories;

    RecordingBackend(SegmentationBackend backend, Set<Integer> categories) {
        this.backend = backend;
        this.categories = categories;
    }

    @Override
    public String name() {
        return backend.name();
    }

    @Override
    public SegmentationResult segment(Volume volume, SegmentationRequest request) throws SegmentationException {
        SegmentationResult result = backend.segment(volume, request);
        for (SegmentationResult.Segment segment : result.segments()) {
            categories.add(segment.category().id());
        }
        return result;
    }

    @Override
    public void close() {
        backend.close();
    }
}
