package org.medannot.core.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.medannot.core.annotation.AnnotationSet;

/**
 * What happened to one scan in a pipeline run.
 *
 * @param scanId      the scan's id as read (before de-identification)
 * @param outputId    the id used for the output folder (the pseudonym after de-identification)
 * @param succeeded   true when every step finished
 * @param failedStep  the step that failed; {@code null} on success
 * @param error       one-line reason of the failure; {@code null} on success
 * @param annotations the round written; {@code null} when segmentation did not finish
 * @param files       every file written for this scan
 * @param warnings    irregularities reported by the steps
 * @param elapsed     wall time spent on the scan
 */
public record ScanOutcome(String scanId, String outputId, boolean succeeded, PipelineStep failedStep, String error,
        AnnotationSet annotations, List<Path> files, List<String> warnings, Duration elapsed) {

    /** Validates the ids and copies the lists. */
    public ScanOutcome {
        Objects.requireNonNull(scanId, "scanId");
        Objects.requireNonNull(outputId, "outputId");
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
