package org.medannot.metrics.agreement;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.metrics.MetricsException;

/**
 * Per-label overlap between two label maps on one grid, for example two annotators or two review
 * rounds: for each label present in either map, Dice = 2 |A and B| / (|A| + |B|) and
 * IoU = |A and B| / |A or B| of the voxels carrying that label in each map. Labels are symmetric,
 * so neither map is treated as the reference.
 */
public final class LabelAgreement {

    private LabelAgreement() {
    }

    /**
     * Counts voxels of every label in one pass over both maps.
     *
     * @return scores keyed by label id, ascending; background (0) is left out
     * @throws MetricsException when the maps lie on different grids
     */
    public static Map<Integer, LabelScores> compare(LabelMap first, LabelMap second) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        if (!first.geometry().sameGrid(second.geometry(), Mask.GRID_TOLERANCE_MM)) {
            throw new MetricsException("the label maps lie on different grids: "
                    + first.geometry().describeDifference(second.geometry(), Mask.GRID_TOLERANCE_MM));
        }
        short[] a = first.array();
        short[] b = second.array();
        long[] countFirst = new long[LabelMap.MAX_LABEL + 1];
        long[] countSecond = new long[LabelMap.MAX_LABEL + 1];
        long[] countBoth = new long[LabelMap.MAX_LABEL + 1];
        for (int n = 0; n < a.length; n++) {
            int labelA = a[n] & 0xFFFF;
            int labelB = b[n] & 0xFFFF;
            countFirst[labelA]++;
            countSecond[labelB]++;
            if (labelA == labelB) {
                countBoth[labelA]++;
            }
        }
        Map<Integer, LabelScores> scores = new TreeMap<>();
        for (int label = 1; label <= LabelMap.MAX_LABEL; label++) {
            if (countFirst[label] == 0 && countSecond[label] == 0) {
                continue;
            }
            scores.put(label, new LabelScores(label, countFirst[label], countSecond[label], countBoth[label]));
        }
        return Collections.unmodifiableMap(scores);
    }

    /**
     * Agreement on one label.
     *
     * @param label        the label id
     * @param firstVoxels  voxels with the label in the first map
     * @param secondVoxels voxels with the label in the second map
     * @param bothVoxels   voxels with the label in both maps
     */
    public record LabelScores(int label, long firstVoxels, long secondVoxels, long bothVoxels) {

        /** Dice coefficient; 0 when the label is in one map only. */
        public double dice() {
            return 2.0 * bothVoxels / (firstVoxels + secondVoxels);
        }

        /** Intersection over union; 0 when the label is in one map only. */
        public double iou() {
            return (double) bothVoxels / (firstVoxels + secondVoxels - bothVoxels);
        }
    }
}
