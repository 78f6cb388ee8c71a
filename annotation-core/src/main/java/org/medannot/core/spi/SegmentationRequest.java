package org.medannot.core.spi;

import java.util.List;
import java.util.Objects;

import org.medannot.core.mask.Mask;

/**
 * What a caller asks of a {@link SegmentationBackend} besides the volume.
 *
 * @param prompts   points and boxes for promptable backends; empty for automatic segmentation
 * @param priorMask a previous mask to refine, or {@code null}
 * @param listener  receives progress (slices done of the total)
 */
public record SegmentationRequest(List<Prompt> prompts, Mask priorMask, ProgressListener listener) {

    /** Copies the prompts and replaces a null listener with {@link ProgressListener#NONE}. */
    public SegmentationRequest {
        prompts = List.copyOf(prompts);
        listener = listener == null ? ProgressListener.NONE : listener;
    }

    /** A request for automatic segmentation without prompts. */
    public static SegmentationRequest automatic() {
        return new SegmentationRequest(List.of(), null, ProgressListener.NONE);
    }

    /** Returns the same request with another listener. */
    public SegmentationRequest withListener(ProgressListener newListener) {
        return new SegmentationRequest(prompts, priorMask, Objects.requireNonNull(newListener, "newListener"));
    }
}
