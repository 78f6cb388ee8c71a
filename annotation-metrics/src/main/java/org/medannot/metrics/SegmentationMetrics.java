package org.medannot.metrics;

import java.util.Objects;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.Mask;
import org.medannot.metrics.distance.SurfaceDistances;

/**
 * Compares a prediction mask with a reference mask: overlap metrics from voxel counts and distance
 * metrics in mm from {@link SurfaceDistances} (its Javadoc gives the definitions of surface, HD,
 * HD95, ASSD and NSD). Volumes are voxel counts times {@link Geometry#voxelVolumeMm3()}, in mL
 * (1 mL = 1000 mm^3).
 *
 * <p>Empty masks follow the caller's {@link EmptyMaskPolicy}, and the result stores both the
 * policy and the {@link EmptyCase}. Masks on different grids raise a {@link MetricsException}
 * unless the {@link GridPolicy} requests resampling first.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SegmentationMetrics {

    /** Default NSD tolerance in mm. */
    public static final double DEFAULT_TOLERANCE_MM = 2.0;

    private final double toleranceMm;
    private final EmptyMaskPolicy emptyMaskPolicy;
    private final GridPolicy gridPolicy;

    /**
     * Creates a comparison.
     *
     * @param toleranceMm     NSD tolerance in mm, finite and at least 0
     * @param emptyMaskPolicy what undefined values become
     * @param gridPolicy      what happens when the grids differ
     */
    public SegmentationMetrics(double toleranceMm, EmptyMaskPolicy emptyMaskPolicy, GridPolicy gridPolicy) {
        if (!(toleranceMm >= 0) || Double.isInfinite(toleranceMm)) {
            throw new IllegalArgumentException("toleranceMm must be finite and >= 0, but was " + toleranceMm);
        }
        this.toleranceMm = toleranceMm;
        this.emptyMaskPolicy = Objects.requireNonNull(emptyMaskPolicy, "emptyMaskPolicy");
        this.gridPolicy = Objects.requireNonNull(gridPolicy, "gridPolicy");
    }

    /** Creates a comparison with the default tolerance, NaN for undefined values and same-grid checking. */
    public static SegmentationMetrics defaults() {
        return new SegmentationMetrics(DEFAULT_TOLERANCE_MM, EmptyMaskPolicy.NAN, GridPolicy.REQUIRE_SAME_GRID);
    }

    /** Returns the NSD tolerance in mm. */
    public double toleranceMm() {
        return toleranceMm;
    }

    /** Returns the policy for empty masks. */
    public EmptyMaskPolicy emptyMaskPolicy() {
        return emptyMaskPolicy;
    }

    /** Returns the policy for masks on different grids. */
    public GridPolicy gridPolicy() {
        return gridPolicy;
    }

    /**
     * Computes every metric of {@code prediction} against {@code reference}.
     *
     * @throws MetricsException when the grids differ and the grid policy is
     *                          {@link GridPolicy#REQUIRE_SAME_GRID}
     */
    public SegmentationScores compare(Mask reference, Mask prediction) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(prediction, "prediction");
        boolean resampled = false;
        if (!reference.sameGrid(prediction)) {
            if (gridPolicy == GridPolicy.REQUIRE_SAME_GRID) {
                throw new MetricsException("reference and prediction lie on different grids ("
                        + reference.geometry().describeDifference(prediction.geometry(), Mask.GRID_TOLERANCE_MM)
                        + "); resample the prediction first or choose GridPolicy.RESAMPLE_PREDICTION_NEAREST");
            }
            prediction = MaskResampling.nearest(prediction, reference.geometry());
            resampled = true;
        }

        Geometry geometry = reference.geometry();
        long referenceCount = reference.count();
        long predictionCount = prediction.count();
        long tp = reference.intersectionCount(prediction);
        long fp = predictionCount - tp;
        long fn = referenceCount - tp;
        long tn = geometry.voxelCount() - tp - fp - fn;
        EmptyCase emptyCase = EmptyCase.of(referenceCount, predictionCount);

        double mlPerVoxel = geometry.voxelVolumeMm3() / 1000.0;
        double volumeReference = referenceCount * mlPerVoxel;
        double volumePrediction = predictionCount * mlPerVoxel;
        double relativeVolumeDifference = referenceCount == 0
                ? emptyRelativeVolumeDifference(emptyCase)
                : (double) (predictionCount - referenceCount) / referenceCount;

        SurfaceDistances distances = SurfaceDistances.compute(reference, prediction);
        double hd;
        double hd95;
        double assd;
        double nsd;
        if (emptyCase == EmptyCase.NONE) {
            hd = distances.hausdorff();
            hd95 = distances.percentileHausdorff(95);
            assd = distances.averageSymmetric();
            nsd = distances.normalizedSurfaceDice(toleranceMm);
        } else {
            hd = emptyDistance(emptyCase, geometry);
            hd95 = hd;
            assd = hd;
            nsd = ratio(0, 0, emptyCase);
        }

        return new SegmentationScores(tp, fp, fn, tn,
                ratio(2 * tp, 2 * tp + fp + fn, emptyCase),
                ratio(tp, tp + fp + fn, emptyCase),
                ratio(tp, tp + fp, emptyCase),
                ratio(tp, tp + fn, emptyCase),
                ratio(tn, tn + fp, emptyCase),
                2 * tp + fp + fn == 0 ? ratio(0, 0, emptyCase) : 1 - (double) Math.abs(fn - fp) / (2 * tp + fp + fn),
                volumeReference,
                volumePrediction,
                Math.abs(predictionCount - referenceCount) * mlPerVoxel,
                relativeVolumeDifference,
                hd, hd95, assd, nsd, toleranceMm,
                distances.referenceSurfaceCount(), distances.predictionSurfaceCount(),
                emptyCase, emptyMaskPolicy, resampled);
    }

    /** Returns the length in mm of the grid's diagonal, from corner to corner of the outer voxel faces. */
    public static double diagonalMm(Geometry geometry) {
        double[] spacing = geometry.spacing();
        double x = geometry.columns() * spacing[0];
        double y = geometry.rows() * spacing[1];
        double z = geometry.is2D() ? 0 : geometry.slices() * spacing[2];
        return Math.sqrt(x * x + y * y + z * z);
    }

    private double ratio(long numerator, long denominator, EmptyCase emptyCase) {
        if (denominator != 0) {
            return (double) numerator / denominator;
        }
        if (emptyMaskPolicy == EmptyMaskPolicy.NAN) {
            return Double.NaN;
        }
        return emptyCase == EmptyCase.BOTH_EMPTY ? 1 : 0;
    }

    private double emptyDistance(EmptyCase emptyCase, Geometry geometry) {
        if (emptyMaskPolicy == EmptyMaskPolicy.NAN) {
            return Double.NaN;
        }
        if (emptyCase == EmptyCase.BOTH_EMPTY) {
            return 0;
        }
        return emptyMaskPolicy == EmptyMaskPolicy.INFINITY ? Double.POSITIVE_INFINITY : diagonalMm(geometry);
    }

    private double emptyRelativeVolumeDifference(EmptyCase emptyCase) {
        if (emptyMaskPolicy == EmptyMaskPolicy.NAN) {
            return Double.NaN;
        }
        return emptyCase == EmptyCase.BOTH_EMPTY ? 0 : Double.POSITIVE_INFINITY;
    }
}
