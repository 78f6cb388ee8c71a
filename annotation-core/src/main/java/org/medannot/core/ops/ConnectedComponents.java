package org.medannot.core.ops;

import java.util.Arrays;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.Mask;

/**
 * Connected-component labelling of binary masks.
 *
 * <p>Connectivity is given as the number of neighbours of a voxel: 4 or 8 for single-slice
 * masks (edge neighbours, or edge and corner neighbours, in the slice plane), and 6, 18 or 26
 * for any mask (face neighbours, then also edge, then also corner neighbours). On a single slice 6
 * acts as 4, and 18 and 26 act as 8. These are the neighbourhoods of
 * {@code scipy.ndimage.generate_binary_structure(rank, 1 | 2 | 3)}.
 *
 * <p>The algorithm is a two-pass union-find over runs of foreground voxels along rows: runs are
 * merged with the overlapping runs of already visited neighbouring rows, then numbered in raster
 * order. It uses no recursion, and its memory is proportional to the number of runs (about 16
 * bytes per run while labelling, 12 bytes per run kept in the result).
 */
public final class ConnectedComponents {

    private ConnectedComponents() {
    }

    /**
     * Labels the connected components of {@code mask}.
     *
     * @param connectivity 4 or 8 for single-slice masks, or 6, 18 or 26
     * @throws IllegalArgumentException when {@code connectivity} is not allowed for the mask
     */
    public static ComponentLabels label(Mask mask, int connectivity) {
        Grids.requireNonNull("mask", mask);
        int maxNonZero = maxNonZeroOffsets(connectivity, mask.geometry());
        return label(RowBits.of(mask), mask.geometry(), maxNonZero);
    }

    /** Returns a new mask of the largest component (lowest label among equal sizes); empty when the mask is. */
    public static Mask largest(Mask mask, int connectivity) {
        return label(mask, connectivity).largest();
    }

    /**
     * Returns how many offset components may be non-zero for {@code connectivity}: 1 for 4 and 6,
     * 2 for 8 and 18, 3 for 26.
     *
     * @throws IllegalArgumentException when the value is not allowed for {@code geometry}
     */
    static int maxNonZeroOffsets(int connectivity, Geometry geometry) {
        switch (connectivity) {
            case 4:
            case 8:
                if (geometry.slices() != 1) {
                    throw new IllegalArgumentException("connectivity " + connectivity + " applies to single-slice masks,"
                            + " but the mask has " + geometry.slices() + " slices; use 6, 18 or 26");
                }
                return connectivity == 4 ? 1 : 2;
            case 6:
                return 1;
            case 18:
                return 2;
            case 26:
                return 3;
            default:
                throw new IllegalArgumentException("connectivity must be 4 or 8 (single slice), 6, 18 or 26, but was "
                        + connectivity);
        }
    }

    static ComponentLabels label(RowBits bits, Geometry geometry, int maxNonZero) {
        Runs runs = Runs.of(bits);
        int runCount = runs.count;
        int[] parent = new int[runCount];
        for (int run = 0; run < runCount; run++) {
            parent[run] = run;
        }

        // Already visited neighbour rows of row (j, k), as offsets (dj, dk). Runs of one row never touch each other.
        int[][] offsets = {{-1, 0}, {-1, -1}, {0, -1}, {1, -1}};
        int rows = bits.rows;
        for (int k = 0; k < bits.slices; k++) {
            for (int j = 0; j < rows; j++) {
                int row = j + rows * k;
                if (runs.rowFirstRun[row] == runs.rowFirstRun[row + 1]) {
                    continue;
                }
                for (int[] offset : offsets) {
                    int nj = j + offset[0];
                    int nk = k + offset[1];
                    if (nj < 0 || nj >= rows || nk < 0) {
                        continue;
                    }
                    int nonZero = Math.abs(offset[0]) + Math.abs(offset[1]);
                    if (nonZero > maxNonZero) {
                        continue;
                    }
                    // Diagonal steps along i are allowed when one more non-zero offset fits.
                    int reach = nonZero + 1 <= maxNonZero ? 1 : 0;
                    unionOverlapping(runs, parent, row, nj + rows * nk, reach);
                }
            }
        }

        // Second pass: number the roots in raster order and add up sizes. A root is the lowest run
        // of its component, so it is numbered before any other run of the component is reached.
        int[] runLabel = new int[runCount];
        long[] sizes = new long[runCount + 1];
        int count = 0;
        for (int run = 0; run < runCount; run++) {
            int root = find(parent, run);
            int label = root == run ? ++count : runLabel[root];
            runLabel[run] = label;
            sizes[label] += runs.end[run] - runs.start[run];
        }
        return new ComponentLabels(geometry, count, Arrays.copyOf(sizes, count + 1), runs.rowFirstRun, runs.start,
                runs.end, runLabel);
    }

    /** Unites each run of {@code row} with the runs of {@code neighbour} that it touches, widened by {@code reach} along i. */
    private static void unionOverlapping(Runs runs, int[] parent, int row, int neighbour, int reach) {
        int a = runs.rowFirstRun[row];
        int aEnd = runs.rowFirstRun[row + 1];
        int b = runs.rowFirstRun[neighbour];
        int bEnd = runs.rowFirstRun[neighbour + 1];
        while (a < aEnd && b < bEnd) {
            int start = runs.start[a] - reach;
            int end = runs.end[a] + reach;
            if (start < runs.end[b] && runs.start[b] < end) {
                union(parent, a, b);
            }
            if (end <= runs.end[b]) {
                a++;
            } else {
                b++;
            }
        }
    }

    private static int find(int[] parent, int node) {
        while (parent[node] != node) {
            parent[node] = parent[parent[node]];
            node = parent[node];
        }
        return node;
    }

    /** Links the two roots so that the lower run index, the earlier in raster order, stays root. */
    private static void union(int[] parent, int a, int b) {
        int rootA = find(parent, a);
        int rootB = find(parent, b);
        if (rootA < rootB) {
            parent[rootB] = rootA;
        } else if (rootB < rootA) {
            parent[rootA] = rootB;
        }
    }

    /** Runs of foreground along rows, in raster order: run n covers columns [start[n], end[n]). */
    static final class Runs {
        int count;
        int[] start = new int[64];
        int[] end = new int[64];
        int[] rowFirstRun;

        static Runs of(RowBits bits) {
            Runs runs = new Runs();
            runs.rowFirstRun = new int[bits.rowCount + 1];
            for (int row = 0; row < bits.rowCount; row++) {
                runs.rowFirstRun[row] = runs.count;
                int i = bits.nextSet(row, 0);
                while (i >= 0) {
                    int stop = bits.nextClear(row, i);
                    runs.add(i, stop);
                    i = bits.nextSet(row, stop);
                }
            }
            runs.rowFirstRun[bits.rowCount] = runs.count;
            runs.start = Arrays.copyOf(runs.start, runs.count);
            runs.end = Arrays.copyOf(runs.end, runs.count);
            return runs;
        }

        private void add(int runStart, int runEnd) {
            if (count == start.length) {
                int capacity = (int) Math.min(Integer.MAX_VALUE - 8, (long) count * 2);
                start = Arrays.copyOf(start, capacity);
                end = Arrays.copyOf(end, capacity);
            }
            start[count] = runStart;
            end[count] = runEnd;
            count++;
        }
    }
}
