package org.medannot.metrics.distance;

import java.util.Arrays;
import java.util.Objects;

import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.mask.Mask;
import org.medannot.metrics.MetricsException;

/**
 * The directed surface distances between a reference mask and a prediction mask on one grid, in
 * mm, and the distance metrics built on them.
 *
 * <p>Definitions (those of MONAI's surface metrics, with scipy's exact distance transform):
 * <ul>
 *   <li>The surface of a mask is defined by {@link Surfaces}.</li>
 *   <li>Each directed distance goes from one surface voxel of one mask to the nearest surface
 *       voxel of the other mask, between voxel centres, scaled by the spacing of each axis.</li>
 *   <li>HD is the larger of the two directed maxima.</li>
 *   <li>HD95 is the larger of the two directed 95th percentiles, each with linear interpolation
 *       between order statistics (numpy's default percentile method).</li>
 *   <li>ASSD is the mean of both directed sets taken together.</li>
 *   <li>NSD at tolerance t is the number of surface voxels of both masks whose directed distance
 *       is at most t, divided by the number of surface voxels of both masks.</li>
 * </ul>
 *
 * <p>Only the box that bounds both masks is transformed. When one surface is empty, every
 * directed distance towards it is {@link Double#POSITIVE_INFINITY}; callers that need a policy for
 * empty masks use {@link org.medannot.metrics.SegmentationMetrics}. Instances are immutable.
 */
public final class SurfaceDistances {

    private static final int REFERENCE = 1;
    private static final int PREDICTION = 2;
    private static final int REFERENCE_SURFACE = 4;
    private static final int PREDICTION_SURFACE = 8;

    private final double[] referenceToPrediction;
    private final double[] predictionToReference;

    private SurfaceDistances(double[] referenceToPrediction, double[] predictionToReference) {
        this.referenceToPrediction = referenceToPrediction;
        this.predictionToReference = predictionToReference;
    }

    /**
     * Computes the directed surface distances.
     *
     * @throws MetricsException when the masks lie on different grids or the box that bounds them
     *                          has more than {@value BoxEdt#MAX_SLICES} slices
     */
    public static SurfaceDistances compute(Mask reference, Mask prediction) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(prediction, "prediction");
        if (!reference.sameGrid(prediction)) {
            throw new MetricsException("reference and prediction lie on different grids: "
                    + reference.geometry().describeDifference(prediction.geometry(), Mask.GRID_TOLERANCE_MM)
                    + "; resample the prediction onto the reference grid first");
        }
        BoundingBox box = reference.bounds().union(prediction.bounds());
        if (box.isEmpty()) {
            return new SurfaceDistances(new double[0], new double[0]);
        }
        if (box.depth() > BoxEdt.MAX_SLICES) {
            throw new MetricsException("the masks span " + box.depth() + " slices, but at most " + BoxEdt.MAX_SLICES
                    + " are supported");
        }
        FlagGrid grid = FlagGrid.of(box);
        grid.addMask(reference, REFERENCE);
        grid.addMask(prediction, PREDICTION);
        boolean planar = reference.geometry().is2D();
        int referenceSurfaceCount = grid.markSurface(REFERENCE, REFERENCE_SURFACE, planar);
        int predictionSurfaceCount = grid.markSurface(PREDICTION, PREDICTION_SURFACE, planar);

        double[] spacing = reference.geometry().spacing();
        BoxEdt edt = new BoxEdt(grid.nx, grid.ny, grid.nz, spacing[0], spacing[1], spacing[2]);
        double[] toPrediction = directed(edt, grid, PREDICTION_SURFACE, REFERENCE_SURFACE, referenceSurfaceCount,
                predictionSurfaceCount);
        double[] toReference = directed(edt, grid, REFERENCE_SURFACE, PREDICTION_SURFACE, predictionSurfaceCount,
                referenceSurfaceCount);
        return new SurfaceDistances(toPrediction, toReference);
    }

    private static double[] directed(BoxEdt edt, FlagGrid grid, int featureBit, int queryBit, int queryCount,
            int featureCount) {
        double[] distances = new double[queryCount];
        if (featureCount == 0) {
            Arrays.fill(distances, Double.POSITIVE_INFINITY);
            return distances;
        }
        edt.squaredDistances(grid.flags, featureBit, queryBit, distances);
        for (int n = 0; n < distances.length; n++) {
            distances[n] = Math.sqrt(distances[n]);
        }
        return distances;
    }

    /** Distances in mm from each reference surface voxel (increasing voxel index) to the prediction surface. */
    public double[] referenceToPrediction() {
        return referenceToPrediction.clone();
    }

    /** Distances in mm from each prediction surface voxel (increasing voxel index) to the reference surface. */
    public double[] predictionToReference() {
        return predictionToReference.clone();
    }

    /** Number of surface voxels of the reference. */
    public int referenceSurfaceCount() {
        return referenceToPrediction.length;
    }

    /** Number of surface voxels of the prediction. */
    public int predictionSurfaceCount() {
        return predictionToReference.length;
    }

    /** Hausdorff distance in mm: the larger of the two directed maxima; NaN when a surface is empty. */
    public double hausdorff() {
        if (anySurfaceEmpty()) {
            return Double.NaN;
        }
        return Math.max(max(referenceToPrediction), max(predictionToReference));
    }

    /**
     * Percentile Hausdorff distance in mm: the larger of the two directed {@code percentile}-th
     * percentiles (linear interpolation, as numpy's default); NaN when a surface is empty.
     *
     * @param percentile in [0, 100]; 95 gives HD95
     */
    public double percentileHausdorff(double percentile) {
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in [0, 100], but was " + percentile);
        }
        if (anySurfaceEmpty()) {
            return Double.NaN;
        }
        return Math.max(Percentiles.linear(referenceToPrediction, percentile),
                Percentiles.linear(predictionToReference, percentile));
    }

    /** Average symmetric surface distance in mm: the mean of both directed sets together; NaN when a surface is empty. */
    public double averageSymmetric() {
        if (anySurfaceEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (double d : referenceToPrediction) {
            sum += d;
        }
        for (double d : predictionToReference) {
            sum += d;
        }
        return sum / (referenceToPrediction.length + predictionToReference.length);
    }

    /**
     * Normalized surface Dice: the fraction of the surface voxels of both masks whose directed
     * distance is at most {@code toleranceMm}; NaN when both surfaces are empty, 0 when one is.
     */
    public double normalizedSurfaceDice(double toleranceMm) {
        if (!(toleranceMm >= 0)) {
            throw new IllegalArgumentException("toleranceMm must be >= 0, but was " + toleranceMm);
        }
        int total = referenceToPrediction.length + predictionToReference.length;
        if (total == 0) {
            return Double.NaN;
        }
        return (double) (countWithin(referenceToPrediction, toleranceMm) + countWithin(predictionToReference,
                toleranceMm)) / total;
    }

    private boolean anySurfaceEmpty() {
        return referenceToPrediction.length == 0 || predictionToReference.length == 0;
    }

    private static long countWithin(double[] distances, double tolerance) {
        long count = 0;
        for (double d : distances) {
            if (d <= tolerance) {
                count++;
            }
        }
        return count;
    }

    private static double max(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
