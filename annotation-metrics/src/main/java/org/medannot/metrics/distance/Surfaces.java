package org.medannot.metrics.distance;

import java.util.Objects;
import java.util.Optional;

import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.mask.Mask;

/**
 * The surface of a mask as the distance metrics define it: the mask minus its binary erosion by
 * the cross structure element. The cross is 6-connected in 3D and 4-connected on a grid with one
 * slice, and voxels outside the grid count as background. A foreground voxel on the border
 * of the grid is therefore a surface voxel. This equals {@code mask & ~binary_erosion(mask,
 * generate_binary_structure(ndim, 1))} in scipy.ndimage with its default border value 0.
 */
public final class Surfaces {

    private Surfaces() {
    }

    /** Returns a new mask on the same grid holding the surface voxels of {@code mask}. */
    public static Mask surface(Mask mask) {
        Objects.requireNonNull(mask, "mask");
        Mask result = new Mask(mask.geometry());
        Optional<BoundingBox> bounds = mask.boundingBox();
        if (bounds.isEmpty()) {
            return result;
        }
        BoundingBox box = bounds.get();
        FlagGrid grid = FlagGrid.of(box);
        grid.addMask(mask, 1);
        grid.markSurface(1, 2, mask.geometry().is2D());
        int columns = mask.geometry().columns();
        int rows = mask.geometry().rows();
        for (int z = 0, n = 0; z < grid.nz; z++) {
            for (int y = 0; y < grid.ny; y++) {
                for (int x = 0; x < grid.nx; x++, n++) {
                    if ((grid.flags[n] & 2) != 0) {
                        result.set(box.minX() + x + columns * (box.minY() + y + rows * (box.minZ() + z)), true);
                    }
                }
            }
        }
        return result;
    }
}
