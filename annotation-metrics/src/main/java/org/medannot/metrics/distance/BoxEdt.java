package org.medannot.metrics.distance;

/**
 * Exact squared Euclidean distance transform on a box of voxels whose properties are bit flags in
 * one byte per voxel (index {@code x + nx * (y + ny * z)}).
 *
 * <p>Separable and linear in the voxel count: a two-sweep pass along z gives the distance in
 * slices to the nearest feature of each z column, then the lower envelope of parabolas of
 * Felzenszwalb and Huttenlocher ("Distance Transforms of Sampled Functions", Theory of
 * Computing 8, 2012) is taken along y and then x, each weighted by the squared spacing of its
 * axis. Only one slice of doubles is live at a time, so the memory is two bytes per voxel for the
 * z pass plus a few slices.
 */
final class BoxEdt {

    /** Marker of "no feature in this z column" in the z pass. */
    private static final char NO_FEATURE = Character.MAX_VALUE;

    /** Largest slice count whose distances fit below {@link #NO_FEATURE}. */
    static final int MAX_SLICES = NO_FEATURE - 1;

    private final int nx;
    private final int ny;
    private final int nz;
    private final double wx;
    private final double wy;
    private final double wz;

    // Work arrays of the one-dimensional transform, sized for the longest in-plane line.
    private final double[] line;
    private final double[] lineResult;
    private final int[] vertices;
    private final double[] boundaries;

    BoxEdt(int nx, int ny, int nz, double sx, double sy, double sz) {
        if (nz > MAX_SLICES) {
            throw new IllegalArgumentException("the distance transform supports at most " + MAX_SLICES
                    + " slices, but the box has " + nz);
        }
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.wx = sx * sx;
        this.wy = sy * sy;
        this.wz = sz * sz;
        int longest = Math.max(nx, ny);
        this.line = new double[longest];
        this.lineResult = new double[longest];
        this.vertices = new int[longest];
        this.boundaries = new double[longest + 1];
    }

    /**
     * Writes the squared distance in mm^2 from voxels to the nearest voxel whose flags contain
     * {@code featureBit}; {@link Double#POSITIVE_INFINITY} when the box has no feature.
     *
     * @param flags      one byte of bit flags per voxel of the box
     * @param featureBit the flag of feature voxels
     * @param queryBit   the flag of voxels whose distance is wanted, or 0 for every voxel
     * @param out        receives the squared distances of the query voxels in increasing index
     *                   order (or of every voxel at its index when {@code queryBit} is 0)
     * @return the number of values written
     */
    int squaredDistances(byte[] flags, int featureBit, int queryBit, double[] out) {
        int sliceSize = nx * ny;
        char[] columnDistance = zPass(flags, featureBit, sliceSize);
        double[] plane = new double[sliceSize];
        int written = 0;
        for (int z = 0; z < nz; z++) {
            int sliceStart = z * sliceSize;
            if (queryBit != 0 && !containsFlag(flags, sliceStart, sliceStart + sliceSize, queryBit)) {
                continue;
            }
            for (int n = 0; n < sliceSize; n++) {
                char slicesAway = columnDistance[sliceStart + n];
                plane[n] = slicesAway == NO_FEATURE ? Double.POSITIVE_INFINITY : wz * slicesAway * (double) slicesAway;
            }
            yPass(plane);
            for (int y = 0; y < ny; y++) {
                int rowStart = sliceStart + y * nx;
                if (queryBit != 0 && !containsFlag(flags, rowStart, rowStart + nx, queryBit)) {
                    continue;
                }
                System.arraycopy(plane, y * nx, line, 0, nx);
                envelope(line, nx, wx, lineResult);
                if (queryBit == 0) {
                    System.arraycopy(lineResult, 0, out, rowStart, nx);
                    written += nx;
                } else {
                    for (int x = 0; x < nx; x++) {
                        if ((flags[rowStart + x] & queryBit) != 0) {
                            out[written++] = lineResult[x];
                        }
                    }
                }
            }
        }
        return written;
    }

    /** Distance in slices from each voxel to the nearest feature of its z column (two sweeps). */
    private char[] zPass(byte[] flags, int featureBit, int sliceSize) {
        char[] distance = new char[flags.length];
        for (int n = 0; n < sliceSize; n++) {
            distance[n] = (flags[n] & featureBit) != 0 ? 0 : NO_FEATURE;
        }
        for (int z = 1; z < nz; z++) {
            int start = z * sliceSize;
            for (int n = start; n < start + sliceSize; n++) {
                char below = distance[n - sliceSize];
                if ((flags[n] & featureBit) != 0) {
                    distance[n] = 0;
                } else if (below == NO_FEATURE) {
                    distance[n] = NO_FEATURE;
                } else {
                    distance[n] = (char) (below + 1);
                }
            }
        }
        for (int z = nz - 2; z >= 0; z--) {
            int start = z * sliceSize;
            for (int n = start; n < start + sliceSize; n++) {
                char above = distance[n + sliceSize];
                if (above != NO_FEATURE && above + 1 < distance[n]) {
                    distance[n] = (char) (above + 1);
                }
            }
        }
        return distance;
    }

    private void yPass(double[] plane) {
        for (int x = 0; x < nx; x++) {
            for (int y = 0, n = x; y < ny; y++, n += nx) {
                line[y] = plane[n];
            }
            envelope(line, ny, wy, lineResult);
            for (int y = 0, n = x; y < ny; y++, n += nx) {
                plane[n] = lineResult[y];
            }
        }
    }

    /**
     * One-dimensional transform: {@code result[p] = min over q of (f[q] + weight * (p - q)^2)},
     * over the finite {@code f[q]}; infinite everywhere when none is finite.
     */
    private void envelope(double[] f, int length, double weight, double[] result) {
        int top = -1;
        for (int q = 0; q < length; q++) {
            double value = f[q];
            if (value == Double.POSITIVE_INFINITY) {
                continue;
            }
            double intersection = Double.NEGATIVE_INFINITY;
            while (top >= 0) {
                int r = vertices[top];
                intersection = ((value + weight * q * (double) q) - (f[r] + weight * r * (double) r))
                        / (2 * weight * (q - r));
                if (intersection > boundaries[top]) {
                    break;
                }
                top--;
            }
            if (top < 0) {
                intersection = Double.NEGATIVE_INFINITY;
            }
            top++;
            vertices[top] = q;
            boundaries[top] = intersection;
        }
        if (top < 0) {
            java.util.Arrays.fill(result, 0, length, Double.POSITIVE_INFINITY);
            return;
        }
        int k = 0;
        for (int p = 0; p < length; p++) {
            while (k < top && boundaries[k + 1] < p) {
                k++;
            }
            int v = vertices[k];
            double offset = p - v;
            result[p] = weight * offset * offset + f[v];
        }
    }

    private static boolean containsFlag(byte[] flags, int from, int to, int bit) {
        for (int n = from; n < to; n++) {
            if ((flags[n] & bit) != 0) {
                return true;
            }
        }
        return false;
    }
}
