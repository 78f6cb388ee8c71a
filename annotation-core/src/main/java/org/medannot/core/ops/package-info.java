/**
 * Image operations on volumes and masks: intensity normalization (VOI window, z-score,
 * percentile clipping, min-max scaling, Otsu's threshold), resampling, connected components,
 * hole filling, binary morphology, contour tracing and polygon rasterization.
 *
 * <p>All operations are static methods or small immutable types that read the primitive arrays
 * of {@link org.medannot.core.volume.Volume} and the packed words of
 * {@link org.medannot.core.mask.Mask} directly, and return new objects without changing their
 * inputs. Each type's documentation gives its formula and the convention it shares with
 * DICOM PS3.3, numpy, scipy.ndimage or scikit-image, whose outputs the tests compare against.
 * Invalid arguments raise {@link IllegalArgumentException} naming the argument and its value.
 */
package org.medannot.core.ops;
