package org.medannot.metrics.distance;

import java.util.Objects;

import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.Mask;

/**
 * Exact Euclidean distance transform in mm on the voxel grid, with anisotropic spacing.
 *
 * <p>Separable and linear in the voxel count (the lower envelope of parabolas of Felzenszwalb and
 * Huttenlocher along each axis), with no approximation: the result equals
 * {@code scipy.ndimage.distance_transform_edt(~features, sampling=spacing)} up to rounding.
 * Distances are between voxel centres, using {@link Geometry#spacing()}; the direction cosines do
 * not matter because they are orthonormal.
 */
public final class EuclideanDistanceTransform {

    private EuclideanDistanceTransform() {
    }

    /**
     * Computes, for every voxel, the distance in mm to the nearest foreground voxel of
     * {@code features} (0 on foreground voxels).
     *
     * @return one distance per voxel, index {@code i + columns * (j + rows * k)};
     *         {@link Double#POSITIVE_INFINITY} everywhere when {@code features} is empty
     * @throws IllegalArgumentException when the grid has more than {@value BoxEdt#MAX_SLICES} slices
     */
    public static double[] distanceMapMm(Mask features) {
        Objects.requireNonNull(features, "features");
        Geometry geometry = features.geometry();
        BoundingBox whole = new BoundingBox(0, 0, 0, geometry.columns(), geometry.rows(), geometry.slices());
        FlagGrid grid = FlagGrid.of(whole);
        grid.addMask(features, 1);
        double[] spacing = geometry.spacing();
        double[] distances = new double[geometry.voxelCount()];
        new BoxEdt(grid.nx, grid.ny, grid.nz, spacing[0], spacing[1], spacing[2])
                .squaredDistances(grid.flags, 1, 0, distances);
        for (int n = 0; n < distances.length; n++) {
            distances[n] = Math.sqrt(distances[n]);
        }
        return distances;
    }
}
