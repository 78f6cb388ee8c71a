package org.medannot.inference.internal;

/**
 * Trilinear resampling between two grids that cover the same field of view: output voxel p
 * along an axis of n input and m output voxels samples input position
 * {@code (p + 0.5) * n / m - 0.5}, with positions outside [0, n - 1] clamped to the edge (the
 * convention of {@code scipy.ndimage.map_coordinates(order=1, mode="nearest")} on these
 * positions, and of PyTorch's {@code align_corners=False}).
 *
 * <p>Arrays are x fastest, then y, then z. Instances are immutable and thread-safe.
 */
// NOTE: replace with the resampling of org.medannot.core.ops once it is on main.
public final class LinearResampler {

    private final int nx;
    private final int ny;
    private final int mx;
    private final int my;
    private final int mz;
    private final int[] xLow;
    private final int[] xHigh;
    private final float[] xWeight;
    private final int[] yLow;
    private final float[] yWeight;
    private final int[] zLow;
    private final float[] zWeight;
    private final int yLast;
    private final int zLast;

    /** Creates a resampler from an nx x ny x nz grid to an mx x my x mz grid. */
    public LinearResampler(int nx, int ny, int nz, int mx, int my, int mz) {
        if (nx < 1 || ny < 1 || nz < 1 || mx < 1 || my < 1 || mz < 1) {
            throw new IllegalArgumentException("grid sizes must be positive: " + nx + "x" + ny + "x" + nz + " -> " + mx
                    + "x" + my + "x" + mz);
        }
        this.nx = nx;
        this.ny = ny;
        this.mx = mx;
        this.my = my;
        this.mz = mz;
        this.xLow = new int[mx];
        this.xWeight = new float[mx];
        this.yLow = new int[my];
        this.yWeight = new float[my];
        this.zLow = new int[mz];
        this.zWeight = new float[mz];
        axis(nx, mx, xLow, xWeight);
        this.xHigh = new int[mx];
        for (int x = 0; x < mx; x++) {
            xHigh[x] = Math.min(xLow[x] + 1, nx - 1);
        }
        axis(ny, my, yLow, yWeight);
        axis(nz, mz, zLow, zWeight);
        this.yLast = ny - 1;
        this.zLast = nz - 1;
    }

    /** Returns the output size along an axis: round(size * spacing / target), at least 1. */
    public static int resampledSize(int size, double spacing, double target) {
        return (int) Math.max(1, Math.round(size * spacing / target));
    }

    private static void axis(int n, int m, int[] low, float[] weight) {
        for (int p = 0; p < m; p++) {
            double position = (p + 0.5) * n / m - 0.5;
            if (position <= 0) {
                low[p] = 0;
                weight[p] = 0;
            } else if (position >= n - 1) {
                low[p] = n - 1;
                weight[p] = 0;
            } else {
                int floor = (int) Math.floor(position);
                low[p] = floor;
                weight[p] = (float) (position - floor);
            }
        }
    }

    /** Resamples the whole volume that starts at {@code source[offset]}; returns a new array. */
    public float[] resample(float[] source, int offset) {
        int plane = mx * my;
        float[] result = new float[plane * mz];
        float[] slice = new float[plane];
        for (int z = 0; z < mz; z++) {
            resampleSlice(source, offset, z, slice);
            System.arraycopy(slice, 0, result, z * plane, plane);
        }
        return result;
    }

    /** Returns the number of voxels in one input slice (nx * ny). */
    public int inputPlane() {
        return nx * ny;
    }

    /** Returns the highest input slice that output slice {@code z} reads. */
    public int highestInputSlice(int z) {
        return Math.min(zLow[z] + 1, zLast);
    }

    /** Writes output slice {@code z} (mx * my values) of the volume at {@code source[offset]} into {@code out}. */
    public void resampleSlice(float[] source, int offset, int z, float[] out) {
        resampleSlice(source, offset, z, out, 0);
    }

    /** Writes output slice {@code z} of the volume at {@code source[offset]} into {@code out} from {@code outOffset} on. */
    public void resampleSlice(float[] source, int offset, int z, float[] out, int outOffset) {
        SliceRows rows = sliceRows(source, offset, z);
        for (int y = 0; y < my; y++) {
            rows.resampleRow(y, out, outOffset + mx * y);
        }
    }

    /** Returns the rows of output slice {@code z} of the volume at {@code source[offset]}, to be read in row order. */
    public SliceRows sliceRows(float[] source, int offset, int z) {
        return new SliceRows(source, offset, z);
    }

    /**
     * The output rows of one output slice. Output rows share input rows (several output rows lie
     * between two input rows when upsampling), so each input row is interpolated along x once and
     * kept until the output rows move past it. Not thread-safe.
     */
    public final class SliceRows {

        private final float wz;
        private final RowPair lower;
        private final RowPair upper;

        private SliceRows(float[] source, int offset, int z) {
            int plane = nx * ny;
            int z0 = zLow[z];
            int z1 = Math.min(z0 + 1, zLast);
            this.wz = zWeight[z];
            this.lower = new RowPair(source, offset + z0 * plane);
            this.upper = wz != 0 ? new RowPair(source, offset + z1 * plane) : null;
        }

        /** Writes output row {@code y} (mx values) into {@code out} from {@code outOffset} on; rows go in increasing order. */
        public void resampleRow(int y, float[] out, int outOffset) {
            int y0 = yLow[y];
            int y1 = Math.min(y0 + 1, yLast);
            double wy = yWeight[y];
            lower.moveTo(y0, y1);
            double[] top0 = lower.top;
            double[] bottom0 = lower.bottom;
            if (upper == null) {
                for (int x = 0; x < mx; x++) {
                    out[outOffset + x] = (float) (top0[x] + wy * (bottom0[x] - top0[x]));
                }
                return;
            }
            upper.moveTo(y0, y1);
            double[] top1 = upper.top;
            double[] bottom1 = upper.bottom;
            for (int x = 0; x < mx; x++) {
                double low = top0[x] + wy * (bottom0[x] - top0[x]);
                double high = top1[x] + wy * (bottom1[x] - top1[x]);
                out[outOffset + x] = (float) (low + wz * (high - low));
            }
        }
    }

    /**
     * Two input rows of one slice interpolated along x: {@code top} for input row {@code y0} and
     * {@code bottom} for {@code y1}, in double precision as the bilinear step needs them.
     */
    private final class RowPair {

        private final float[] source;
        private final int base;
        private double[] top = new double[mx];
        private double[] bottom = new double[mx];
        private int topRow = -1;
        private int bottomRow = -1;

        RowPair(float[] source, int base) {
            this.source = source;
            this.base = base;
        }

        void moveTo(int y0, int y1) {
            if (y0 == topRow && y1 == bottomRow) {
                return;
            }
            if (y0 == bottomRow) {
                double[] reused = top;
                top = bottom;
                bottom = reused;
            } else {
                interpolateRow(source, base + nx * y0, top);
            }
            topRow = y0;
            if (y1 == y0) {
                System.arraycopy(top, 0, bottom, 0, mx);
            } else {
                interpolateRow(source, base + nx * y1, bottom);
            }
            bottomRow = y1;
        }
    }

    private void interpolateRow(float[] source, int rowStart, double[] target) {
        for (int x = 0; x < mx; x++) {
            float left = source[rowStart + xLow[x]];
            float right = source[rowStart + xHigh[x]];
            double wx = xWeight[x];
            // The difference is a float subtraction and the rest is double, and the output bits depend on both.
            target[x] = left + wx * (right - left);
        }
    }
}
