package org.medannot.metrics;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.Mask;

/**
 * Nearest-neighbour resampling of a mask onto another grid through patient coordinates, which
 * {@link GridPolicy#RESAMPLE_PREDICTION_NEAREST} uses.
 */
public final class MaskResampling {

    private MaskResampling() {
    }

    /**
     * Returns a mask on {@code target} whose voxel is foreground when the source voxel nearest to
     * its centre (in LPS mm, rounding each continuous index half up) is foreground; voxels whose
     * centre falls outside the source grid are background.
     */
    public static Mask nearest(Mask source, Geometry target) {
        Geometry from = source.geometry();
        double[] originPatient = target.indexToPatient(0, 0, 0);
        double[] base = from.patientToIndex(originPatient[0], originPatient[1], originPatient[2]);
        double[][] steps = new double[3][];
        for (int axis = 0; axis < 3; axis++) {
            double[] unit = target.indexToPatient(axis == 0 ? 1 : 0, axis == 1 ? 1 : 0, axis == 2 ? 1 : 0);
            double[] index = from.patientToIndex(unit[0], unit[1], unit[2]);
            steps[axis] = new double[] {index[0] - base[0], index[1] - base[1], index[2] - base[2]};
        }
        Mask result = new Mask(target);
        int columns = from.columns();
        int rows = from.rows();
        int slices = from.slices();
        int n = 0;
        for (int k = 0; k < target.slices(); k++) {
            for (int j = 0; j < target.rows(); j++) {
                double i0 = base[0] + j * steps[1][0] + k * steps[2][0];
                double j0 = base[1] + j * steps[1][1] + k * steps[2][1];
                double k0 = base[2] + j * steps[1][2] + k * steps[2][2];
                for (int i = 0; i < target.columns(); i++, n++) {
                    long si = (long) Math.floor(i0 + i * steps[0][0] + 0.5);
                    long sj = (long) Math.floor(j0 + i * steps[0][1] + 0.5);
                    long sk = (long) Math.floor(k0 + i * steps[0][2] + 0.5);
                    if (si < 0 || sj < 0 || sk < 0 || si >= columns || sj >= rows || sk >= slices) {
                        continue;
                    }
                    if (source.get((int) (si + columns * (sj + (long) rows * sk)))) {
                        result.set(n, true);
                    }
                }
            }
        }
        return result;
    }
}
