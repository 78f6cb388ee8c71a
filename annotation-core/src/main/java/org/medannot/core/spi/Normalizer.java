package org.medannot.core.spi;

import org.medannot.core.volume.Volume;

/**
 * Prepares a volume for segmentation with an intensity transform such as a window, z-score or
 * percentile clip. The result must lie on the input's grid, because the annotations are written
 * on the source geometry; resampling to a model's spacing belongs to the segmentation backend,
 * which returns its labels on its input grid. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Normalizer {

    /** Returns the normalized volume on the same grid; {@code volume} itself is left unchanged. */
    Volume normalize(Volume volume);
}
