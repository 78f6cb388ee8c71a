package org.medannot.core.ops;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.Mask;

/**
 * Hole filling with the semantics of {@code scipy.ndimage.binary_fill_holes}: a hole is a
 * connected component of background that touches no border of the grid, and every hole becomes
 * foreground.
 *
 * <p>The connectivity argument is that of the background, as scipy's {@code structure} is. For a
 * foreground seen as 8-connected (26 in 3D) the matching background connectivity is 4 (6), and
 * the reverse. scipy's default is 4 in 2D and 6 in 3D. The borders are the first and last
 * column and row, and for masks with more than one slice also the first and last slice. A
 * single-slice mask is therefore filled as a 2D image.
 */
public final class HoleFilling {

    private HoleFilling() {
    }

    /** Fills holes with the background connectivity of scipy's default: 4 for single-slice masks, 6 otherwise. */
    public static Mask fill(Mask mask) {
        Grids.requireNonNull("mask", mask);
        return fill(mask, mask.geometry().slices() == 1 ? 4 : 6);
    }

    /**
     * Fills holes, returning a new mask.
     *
     * @param backgroundConnectivity 4 or 8 for single-slice masks, or 6, 18 or 26
     * @throws IllegalArgumentException when the connectivity is not allowed for the mask
     */
    public static Mask fill(Mask mask, int backgroundConnectivity) {
        Grids.requireNonNull("mask", mask);
        Geometry geometry = mask.geometry();
        int maxNonZero = ConnectedComponents.maxNonZeroOffsets(backgroundConnectivity, geometry);

        RowBits background = RowBits.of(mask);
        long lastMask = background.lastWordMask();
        for (int row = 0; row < background.rowCount; row++) {
            int base = row * background.wordsPerRow;
            for (int w = 0; w < background.wordsPerRow; w++) {
                background.words[base + w] = ~background.words[base + w];
            }
            background.words[base + background.wordsPerRow - 1] &= lastMask;
        }
        ComponentLabels components = ConnectedComponents.label(background, geometry, maxNonZero);

        boolean[] touchesBorder = new boolean[components.count() + 1];
        int columns = geometry.columns();
        int rows = geometry.rows();
        int slices = geometry.slices();
        for (int row = 0; row < background.rowCount; row++) {
            int j = row % rows;
            int k = row / rows;
            boolean borderRow = j == 0 || j == rows - 1 || (slices > 1 && (k == 0 || k == slices - 1));
            for (int run = components.rowFirstRun(row); run < components.rowFirstRun(row + 1); run++) {
                if (borderRow || components.runStart(run) == 0 || components.runEnd(run) == columns) {
                    touchesBorder[components.runLabel(run)] = true;
                }
            }
        }

        Mask filled = mask.copy();
        for (int row = 0; row < background.rowCount; row++) {
            int rowStart = row * columns;
            for (int run = components.rowFirstRun(row); run < components.rowFirstRun(row + 1); run++) {
                if (!touchesBorder[components.runLabel(run)]) {
                    filled.setRange(rowStart + components.runStart(run), rowStart + components.runEnd(run));
                }
            }
        }
        return filled;
    }
}
