package org.medannot.examples.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import org.medannot.core.pipeline.PipelineListener;
import org.medannot.core.pipeline.PipelineStep;
import org.medannot.core.pipeline.ScanOutcome;

/**
 * A one-line progress bar on standard error for {@code annotate pipeline}: series finished out
 * of series found and the step last started. It stays silent for the first {@link #DELAY_NANOS}
 * of a run and altogether when {@code enabled} is false (standard error is not a terminal).
 */
final class ProgressBar implements PipelineListener {

    /** Runs shorter than this (2 s, in nanoseconds) show no bar. */
    static final long DELAY_NANOS = 2_000_000_000L;

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private final AtomicInteger finished = new AtomicInteger();
    private volatile int total;
    private boolean drawn;

    ProgressBar(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    @Override
    public void scansFound(int scanCount) {
        total = scanCount;
    }

    @Override
    public void stepStarted(String scanId, PipelineStep step) {
        draw(step.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public void scanFinished(ScanOutcome outcome) {
        finished.incrementAndGet();
        draw(outcome.succeeded() ? "done" : "failed");
    }

    /** Ends the bar's line, if one was drawn. */
    synchronized void finish() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }

    private synchronized void draw(String activity) {
        if (!enabled || System.nanoTime() - start < DELAY_NANOS || total == 0) {
            return;
        }
        int done = finished.get();
        int filled = (int) ((long) WIDTH * done / total);
        err.print(String.format(Locale.ROOT, "\r[%s%s] %d/%d series  %-10s", "#".repeat(filled), " ".repeat(WIDTH - filled),
                done, total, activity));
        err.flush();
        drawn = true;
    }
}
