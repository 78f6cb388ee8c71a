package org.medannot.core.pipeline;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of an {@link AnnotationPipeline} run.
 *
 * @param scans   one outcome per scan, in the order the readers returned the scans
 * @param skipped inputs that no reader could read, each as "path: reason"
 * @param elapsed wall time of the whole run
 */
public record PipelineResult(List<ScanOutcome> scans, List<String> skipped, Duration elapsed) {

    /** Copies the lists. */
    public PipelineResult {
        scans = List.copyOf(scans);
        skipped = List.copyOf(skipped);
    }

    /** Number of scans processed successfully. */
    public long succeededCount() {
        return scans.stream().filter(ScanOutcome::succeeded).count();
    }

    /** Returns true when some scan failed or some input was skipped; the run's exit status should then say so. */
    public boolean hasFailures() {
        return succeededCount() < scans.size() || !skipped.isEmpty();
    }

    /** Total number of files written. */
    public long fileCount() {
        return scans.stream().mapToLong(outcome -> outcome.files().size()).sum();
    }
}
