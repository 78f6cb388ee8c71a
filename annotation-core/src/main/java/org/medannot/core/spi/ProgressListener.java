package org.medannot.core.spi;

/**
 * Receives progress of a long-running step, for example slices segmented out of the total.
 * Implementations must be thread-safe when passed to a step that runs in parallel, and must
 * return quickly.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores every report. */
    ProgressListener NONE = (stage, done, total) -> { };

    /**
     * Reports that {@code done} of {@code total} units of {@code stage} are finished.
     *
     * @param stage short name of the step, such as "segment" or "read"
     * @param done  finished units, 0..total
     * @param total all units; -1 when unknown
     */
    void progress(String stage, long done, long total);
}
