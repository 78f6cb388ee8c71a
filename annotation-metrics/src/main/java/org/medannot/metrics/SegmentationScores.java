package org.medannot.metrics;

/**
 * Overlap and surface-distance metrics of one prediction mask against one reference mask.
 * Definitions are those of {@link SegmentationMetrics}; undefined values follow
 * {@link #emptyMaskPolicy()}.
 *
 * @param truePositives               voxels foreground in both masks
 * @param falsePositives              voxels foreground in the prediction only
 * @param falseNegatives              voxels foreground in the reference only
 * @param trueNegatives               voxels background in both masks
 * @param dice                        2 TP / (2 TP + FP + FN)
 * @param iou                         TP / (TP + FP + FN)
 * @param precision                   TP / (TP + FP)
 * @param recall                      TP / (TP + FN), also called sensitivity
 * @param specificity                 TN / (TN + FP)
 * @param volumeSimilarity            1 - |FN - FP| / (2 TP + FP + FN)
 * @param volumeMlReference           reference volume in mL (voxel count times voxel volume)
 * @param volumeMlPrediction          prediction volume in mL
 * @param absoluteVolumeDifferenceMl  |prediction volume - reference volume| in mL
 * @param relativeVolumeDifference    (prediction volume - reference volume) / reference volume
 * @param hausdorffMm                 HD in mm
 * @param hausdorff95Mm               HD95 in mm
 * @param averageSurfaceDistanceMm    ASSD in mm
 * @param normalizedSurfaceDice       NSD at {@code toleranceMm}
 * @param toleranceMm                 the NSD tolerance in mm
 * @param referenceSurfaceVoxels      number of surface voxels of the reference
 * @param predictionSurfaceVoxels     number of surface voxels of the prediction
 * @param emptyCase                   which masks were empty
 * @param emptyMaskPolicy             the policy that filled undefined values
 * @param predictionResampled         true when the prediction was resampled onto the reference grid first
 */
public record SegmentationScores(
        long truePositives,
        long falsePositives,
        long falseNegatives,
        long trueNegatives,
        double dice,
        double iou,
        double precision,
        double recall,
        double specificity,
        double volumeSimilarity,
        double volumeMlReference,
        double volumeMlPrediction,
        double absoluteVolumeDifferenceMl,
        double relativeVolumeDifference,
        double hausdorffMm,
        double hausdorff95Mm,
        double averageSurfaceDistanceMm,
        double normalizedSurfaceDice,
        double toleranceMm,
        int referenceSurfaceVoxels,
        int predictionSurfaceVoxels,
        EmptyCase emptyCase,
        EmptyMaskPolicy emptyMaskPolicy,
        boolean predictionResampled) {
}
