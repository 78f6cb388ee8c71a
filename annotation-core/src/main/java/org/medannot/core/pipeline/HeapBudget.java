package org.medannot.core.pipeline;

/**
 * A count of heap bytes shared by the workers of one pipeline run: a worker acquires its scan's
 * working set before loading it and releases it when done. A request larger than the whole
 * budget is granted the whole budget, so that scan runs alone instead of never.
 */
final class HeapBudget {

    private final long capacity;
    private long inUse;

    HeapBudget(long capacity) {
        this.capacity = capacity;
    }

    /**
     * Waits until {@code bytes} (at most the capacity) fit beside the bytes in use, then takes them.
     *
     * @return the bytes granted, to pass to {@link #release}
     */
    synchronized long acquire(long bytes) throws InterruptedException {
        long granted = Math.min(bytes, capacity);
        while (inUse + granted > capacity) {
            wait();
        }
        inUse += granted;
        return granted;
    }

    /** Gives back bytes granted by {@link #acquire}. */
    synchronized void release(long granted) {
        inUse -= granted;
        notifyAll();
    }
}
