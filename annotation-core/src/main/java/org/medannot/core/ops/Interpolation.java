package org.medannot.core.ops;

/** Sampling method that {@link Resampling} uses between voxel centres. */
public enum Interpolation {

    /**
     * The value of the nearest voxel centre, ties going to the higher index
     * ({@code floor(s + 0.5)}, as {@code scipy.ndimage.map_coordinates} with {@code order=0}
     * rounds). Keeps voxel types and label values, so it suits masks and label maps.
     */
    NEAREST,

    /**
     * Trilinear interpolation between the eight surrounding voxel centres
     * ({@code scipy.ndimage.map_coordinates} with {@code order=1}). The result is float.
     */
    LINEAR
}
