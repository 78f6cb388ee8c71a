package org.medannot.core.pipeline;

/**
 * Receives the progress of an {@link AnnotationPipeline} run. Called from worker threads, so
 * implementations must be thread-safe and return quickly. Every method has an empty default.
 */
public interface PipelineListener {

    /** A listener that ignores every event. */
    PipelineListener NONE = new PipelineListener() { };

    /** Called once the readers have found {@code scanCount} scans. */
    default void scansFound(int scanCount) {
    }

    /** Called when a step of one scan starts ({@code step} is one of the {@link PipelineStep} names). */
    default void stepStarted(String scanId, PipelineStep step) {
    }

    /** Called when a scan has been processed, successfully or not. */
    default void scanFinished(ScanOutcome outcome) {
    }
}
