package org.medannot.coco.rle;

import java.util.List;

/** Union and intersection of RLEs by walking their runs in step; no pixel array is made. */
final class RleMerge {

    private RleMerge() {
    }

    static Rle merge(List<Rle> rles, boolean intersect) {
        if (rles.isEmpty()) {
            throw new IllegalArgumentException("cannot merge an empty list of RLEs");
        }
        Rle first = rles.get(0);
        for (int i = 1; i < rles.size(); i++) {
            Rle other = rles.get(i);
            if (other.height() != first.height() || other.width() != first.width()) {
                throw new IllegalArgumentException("cannot merge RLEs of different sizes: RLE 0 is ["
                        + first.height() + ", " + first.width() + "], RLE " + i + " is ["
                        + other.height() + ", " + other.width() + "]");
            }
        }
        Rle result = first.canonical();
        for (int i = 1; i < rles.size(); i++) {
            result = mergeTwo(result, rles.get(i), intersect);
        }
        return result;
    }

    /** Merges two RLEs of one size; zero-length runs in either input are handled as no pixels. */
    private static Rle mergeTwo(Rle a, Rle b, boolean intersect) {
        int[] runsA = a.runs();
        int[] runsB = b.runs();
        RunBuilder out = new RunBuilder(runsA.length + runsB.length);
        RunCursor cursorA = new RunCursor(runsA);
        RunCursor cursorB = new RunCursor(runsB);
        while (cursorA.hasPixels() && cursorB.hasPixels()) {
            int step = Math.min(cursorA.remaining, cursorB.remaining);
            boolean value = intersect
                    ? cursorA.foreground && cursorB.foreground
                    : cursorA.foreground || cursorB.foreground;
            out.append(value, step);
            cursorA.advance(step);
            cursorB.advance(step);
        }
        return Rle.trusted(a.height(), a.width(), out.toArray());
    }

    /**
     * Position inside a list of runs: the value of the current run and the pixels left in it.
     * Zero-length runs are skipped as they are reached.
     */
    static final class RunCursor {
        private final int[] runs;
        private int index;
        int remaining;
        boolean foreground;

        RunCursor(int[] runs) {
            this.runs = runs;
            this.index = -1;
            this.remaining = 0;
            skipEmpty();
        }

        boolean hasPixels() {
            return remaining > 0;
        }

        void advance(int pixels) {
            remaining -= pixels;
            skipEmpty();
        }

        private void skipEmpty() {
            while (remaining == 0 && index + 1 < runs.length) {
                index++;
                remaining = runs[index];
                foreground = index % 2 == 1;
            }
        }
    }
}
