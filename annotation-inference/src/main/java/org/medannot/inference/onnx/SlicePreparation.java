package org.medannot.inference.onnx;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.medannot.core.spi.SegmentationException;

/**
 * Prepared slices of one 2D run, made ready batch by batch. A batch's slices are prepared on the
 * calling thread when first needed, or ahead of time on a worker thread while the previous batch
 * runs. One thread uses an instance, and only the preparation itself runs on the worker.
 */
final class SlicePreparation {

    private final Preprocessor preprocessor;
    private final float[] values;
    private final ExecutorService worker;
    private final Deque<Queued> queued = new ArrayDeque<>();
    private int requested;

    /** Slices {@code [from, ...)} queued on the worker. */
    private record Queued(int from, Future<?> task) {
    }

    private SlicePreparation(Preprocessor preprocessor, float[] values, ExecutorService worker, int requested) {
        this.preprocessor = preprocessor;
        this.values = values;
        this.worker = worker;
        this.requested = requested;
    }

    /** Returns a preparation whose {@code slices} slices are all prepared already. */
    static SlicePreparation complete(int slices) {
        return new SlicePreparation(null, null, null, slices);
    }

    /** Returns a preparation that fills {@code values} slice by slice with {@code preprocessor}. */
    static SlicePreparation slicewise(Preprocessor preprocessor, float[] values, ExecutorService worker) {
        return new SlicePreparation(preprocessor, values, worker, 0);
    }

    /**
     * Makes slices {@code [0, count)} prepared and visible to the calling thread: waits for those
     * queued on the worker and prepares the rest here.
     */
    void require(int count) throws SegmentationException {
        while (!queued.isEmpty() && queued.peekFirst().from() < count) {
            await(queued.removeFirst().task(), "preprocessing");
        }
        if (count > requested) {
            preprocessor.prepareSlices(requested, count, values);
            requested = count;
        }
    }

    /** Queues the preparation of the slices below {@code count} not yet prepared or queued. */
    void prepareAhead(int count) {
        if (count > requested) {
            int from = requested;
            queued.addLast(new Queued(from, worker.submit(() -> preprocessor.prepareSlices(from, count, values))));
            requested = count;
        }
    }

    /** Cancels the queued preparations that have not started. */
    void cancel() {
        queued.forEach(entry -> entry.task().cancel(false));
    }

    /**
     * Waits for {@code task}, then rethrows its unchecked exception or error as it is and wraps a
     * checked one. The task's writes are visible to the caller afterwards.
     */
    static void await(Future<?> task, String stage) throws SegmentationException {
        try {
            task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new SegmentationException(stage + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SegmentationException("interrupted while waiting for the " + stage, e);
        }
    }
}
