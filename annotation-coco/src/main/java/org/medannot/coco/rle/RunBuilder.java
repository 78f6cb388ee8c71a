package org.medannot.coco.rle;

import java.util.Arrays;

/** A growable list of runs, for building the counts of an RLE without boxing. */
final class RunBuilder {

    private int[] runs;
    private int size;

    RunBuilder(int initialCapacity) {
        runs = new int[Math.max(4, initialCapacity)];
    }

    /** Appends a run as it is, even when it is zero-length. */
    void add(int length) {
        if (size == runs.length) {
            runs = Arrays.copyOf(runs, runs.length * 2);
        }
        runs[size++] = length;
    }

    /**
     * Appends {@code length} pixels of the given value, keeping the runs canonical: a zero length
     * adds nothing, pixels of the same value as the last run extend it, and a first run of
     * foreground is preceded by an empty background run.
     */
    void append(boolean foreground, int length) {
        if (length == 0) {
            return;
        }
        if (size == 0 && foreground) {
            add(0);
        }
        boolean lastIsForeground = size % 2 == 0;
        if (size > 0 && lastIsForeground == foreground) {
            runs[size - 1] += length;
        } else {
            add(length);
        }
    }

    /** Returns the runs; an empty list becomes {@code [0]}, as pycocotools encodes a 0-pixel mask. */
    int[] toArray() {
        if (size == 0) {
            return new int[] {0};
        }
        return Arrays.copyOf(runs, size);
    }
}
