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
    private final float[] xWeight;
    private final int[] yLow;
    private final float[] yWeight;
    private final int[] zLow;
    private final float[] zWeight;
    private final int xLast;
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
        axis(ny, my, yLow, yWeight);
        axis(nz, mz, zLow, zWeight);
        this.xLast = nx - 1;
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

    /** Writes output slice {@code z} (mx * my values) of the volume at {@code source[offset]} into {@code out}. */
    public void resampleSlice(float[] source, int offset, int z, float[] out) {
        int z0 = zLow[z];
        int z1 = Math.min(z0 + 1, zLast);
        float wz = zWeight[z];
        int plane = nx * ny;
        int base0 = offset + z0 * plane;
        int base1 = offset + z1 * plane;
        for (int y = 0; y < my; y++) {
            int y0 = yLow[y];
            int y1 = Math.min(y0 + 1, yLast);
            float wy = yWeight[y];
            for (int x = 0; x < mx; x++) {
                int x0 = xLow[x];
                int x1 = Math.min(x0 + 1, xLast);
                float wx = xWeight[x];
                double lower = bilinear(source, base0, x0, x1, y0, y1, wx, wy);
                double value = lower;
                if (wz != 0) {
                    double upper = bilinear(source, base1, x0, x1, y0, y1, wx, wy);
                    value = lower + wz * (upper - lower);
                }
                out[x + mx * y] = (float) value;
            }
        }
    }

    private double bilinear(float[] source, int base, int x0, int x1, int y0, int y1, double wx, double wy) {
        int row0 = base + nx * y0;
        int row1 = base + nx * y1;
        double top = source[row0 + x0] + wx * (source[row0 + x1] - source[row0 + x0]);
        double bottom = source[row1 + x0] + wx * (source[row1 + x1] - source[row1 + x0]);
        return top + wy * (bottom - top);
    }
}
