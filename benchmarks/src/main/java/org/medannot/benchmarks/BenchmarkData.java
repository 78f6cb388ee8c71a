package org.medannot.benchmarks;

import java.util.SplittableRandom;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.Mask;
import org.medannot.core.volume.ShortVolume;

/** Deterministic synthetic inputs shared by the benchmarks. */
final class BenchmarkData {

    private BenchmarkData() {
    }

    /** Returns a mask holding a ball of {@code radius} voxels around (ci, cj, ck). */
    static Mask sphere(Geometry geometry, int ci, int cj, int ck, int radius) {
        Mask mask = new Mask(geometry);
        long r2 = (long) radius * radius;
        for (int k = Math.max(0, ck - radius); k <= Math.min(geometry.slices() - 1, ck + radius); k++) {
            for (int j = Math.max(0, cj - radius); j <= Math.min(geometry.rows() - 1, cj + radius); j++) {
                long rest = r2 - (long) (k - ck) * (k - ck) - (long) (j - cj) * (j - cj);
                if (rest < 0) {
                    continue;
                }
                int half = (int) Math.floor(Math.sqrt(rest));
                int i0 = Math.max(0, ci - half);
                int i1 = Math.min(geometry.columns() - 1, ci + half);
                if (i1 >= i0) {
                    int start = geometry.index(i0, j, k);
                    mask.setRange(start, start + i1 - i0 + 1);
                }
            }
        }
        return mask;
    }

    /**
     * Returns a CT-like signed 16-bit volume: air at -1000 HU outside a body ellipse, soft tissue
     * around 40 HU with noise inside, and a bone ring near 700 HU.
     */
    static ShortVolume ctLike(Geometry geometry, long seed) {
        short[] data = new short[geometry.voxelCount()];
        SplittableRandom random = new SplittableRandom(seed);
        int columns = geometry.columns();
        int rows = geometry.rows();
        double cx = columns / 2.0;
        double cy = rows / 2.0;
        for (int k = 0, n = 0; k < geometry.slices(); k++) {
            for (int j = 0; j < rows; j++) {
                for (int i = 0; i < columns; i++, n++) {
                    double dx = (i - cx) / (0.45 * columns);
                    double dy = (j - cy) / (0.35 * rows);
                    double r = dx * dx + dy * dy;
                    int value;
                    if (r > 1) {
                        value = -1000 + random.nextInt(20);
                    } else if (r > 0.85) {
                        value = 700 + random.nextInt(200);
                    } else {
                        value = 40 + random.nextInt(60) - 30;
                    }
                    data[n] = (short) value;
                }
            }
        }
        return ShortVolume.signed(geometry, data);
    }
}
