package org.medannot.inference.classical;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.volume.FloatVolume;
import org.medannot.core.volume.Volume;
import org.medannot.core.volume.VoxelType;

/**
 * The input check that every classical preset runs before it computes any statistic or threshold.
 * Float voxels must be finite, because a NaN or infinite voxel has no place in a histogram or a
 * percentile, and a threshold comparison silently labels or drops it.
 */
final class FiniteVoxels {

    private FiniteVoxels() {
    }

    /**
     * Checks that every voxel of a float volume is finite. Integer voxel types are finite by
     * construction and pass without a scan.
     *
     * @throws IllegalArgumentException naming the first non-finite voxel by linear index and
     *                                  (column, row, slice), its value, how many voxels are not
     *                                  finite, and what to do about them
     */
    static void require(Volume volume) {
        if (volume.voxelType() != VoxelType.FLOAT32) {
            return;
        }
        int count = volume.geometry().voxelCount();
        int first = -1;
        long nonFinite = 0;
        if (volume instanceof FloatVolume floats) {
            float[] values = floats.array();
            int offset = floats.offset();
            for (int n = 0; n < count; n++) {
                if (!Float.isFinite(values[offset + n])) {
                    first = first < 0 ? n : first;
                    nonFinite++;
                }
            }
        } else {
            for (int n = 0; n < count; n++) {
                if (!Double.isFinite(volume.getDouble(n))) {
                    first = first < 0 ? n : first;
                    nonFinite++;
                }
            }
        }
        if (first >= 0) {
            throw new IllegalArgumentException(message(volume, first, nonFinite));
        }
    }

    private static String message(Volume volume, int index, long nonFinite) {
        Geometry geometry = volume.geometry();
        int column = index % geometry.columns();
        int row = (index / geometry.columns()) % geometry.rows();
        int slice = index / geometry.sliceSize();
        return "volume voxel " + index + " (column " + column + ", row " + row + ", slice " + slice + ") is "
                + volume.getDouble(index) + " (" + nonFinite + " of " + geometry.voxelCount() + " voxels "
                + (nonFinite == 1 ? "is" : "are") + " NaN or infinite). The classical presets need finite voxel"
                + " values, so replace those voxels with a finite value, for example the background value of"
                + " the map, before segmenting.";
    }
}
