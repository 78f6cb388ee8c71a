package org.medannot.core.ops;

import java.util.ArrayList;
import java.util.List;

/**
 * A structuring element for binary morphology, symmetric about its centre voxel: the set of
 * voxel offsets (di, dj, dk) it covers.
 *
 * <p>Every element here is, for each (dj, dk), a run of offsets di in {@code [-h, h]}. It is stored
 * as those rows with their half-width h, which lets {@link BinaryMorphology} work on whole rows.
 * Factories:
 * <ul>
 *   <li>{@link #ball(double)} and {@link #disk(double)}: offsets with
 *       {@code di^2 + dj^2 + dk^2 <= r^2} in voxel units, as {@code skimage.morphology.ball} and
 *       {@code disk} build them for integer radii;</li>
 *   <li>{@link #ballMm(double, double[])} and {@link #diskMm(double, double[])}: offsets with
 *       {@code (di*sx)^2 + (dj*sy)^2 + (dk*sz)^2 <= r^2} for a radius in mm and the grid spacing,
 *       so an anisotropic grid gets an ellipsoid of voxels;</li>
 *   <li>{@link #box(int, int, int)}: every offset with {@code |di| <= hi, |dj| <= hj, |dk| <= hk}.</li>
 * </ul>
 * Disks have no extent along k, so they act slice by slice. Instances are immutable.
 */
public final class StructuringElement {

    private final int[] rowJ;
    private final int[] rowK;
    private final int[] rowHalfWidth;

    private StructuringElement(List<int[]> rows) {
        rowJ = new int[rows.size()];
        rowK = new int[rows.size()];
        rowHalfWidth = new int[rows.size()];
        for (int n = 0; n < rows.size(); n++) {
            rowJ[n] = rows.get(n)[0];
            rowK[n] = rows.get(n)[1];
            rowHalfWidth[n] = rows.get(n)[2];
        }
    }

    /**
     * Creates a ball of radius {@code radius} voxels.
     *
     * @throws IllegalArgumentException when the radius is negative or not finite
     */
    public static StructuringElement ball(double radius) {
        return ellipsoid("radius", radius, new double[] {1, 1, 1}, true);
    }

    /**
     * Creates a disk in the slice plane of radius {@code radius} voxels.
     *
     * @throws IllegalArgumentException when the radius is negative or not finite
     */
    public static StructuringElement disk(double radius) {
        return ellipsoid("radius", radius, new double[] {1, 1, 1}, false);
    }

    /**
     * Creates a ball of radius {@code radiusMm} for a grid with spacing {@code spacing} (mm).
     *
     * @param spacing [sx, sy, sz] in mm, each greater than zero
     * @throws IllegalArgumentException when the radius is negative or not finite, or a spacing is not positive
     */
    public static StructuringElement ballMm(double radiusMm, double[] spacing) {
        return ellipsoid("radiusMm", radiusMm, checkSpacing(spacing), true);
    }

    /** Creates a disk in the slice plane of radius {@code radiusMm} for a grid with spacing {@code spacing} (mm). */
    public static StructuringElement diskMm(double radiusMm, double[] spacing) {
        return ellipsoid("radiusMm", radiusMm, checkSpacing(spacing), false);
    }

    /**
     * Creates a box of {@code (2 hi + 1) x (2 hj + 1) x (2 hk + 1)} voxels centred on the voxel.
     *
     * @throws IllegalArgumentException when a half-size is negative
     */
    public static StructuringElement box(int halfI, int halfJ, int halfK) {
        requireNonNegative("halfI", halfI);
        requireNonNegative("halfJ", halfJ);
        requireNonNegative("halfK", halfK);
        List<int[]> rows = new ArrayList<>();
        for (int dk = -halfK; dk <= halfK; dk++) {
            for (int dj = -halfJ; dj <= halfJ; dj++) {
                rows.add(new int[] {dj, dk, halfI});
            }
        }
        return new StructuringElement(rows);
    }

    private static StructuringElement ellipsoid(String argument, double radius, double[] spacing, boolean alongK) {
        if (!(radius >= 0) || !Double.isFinite(radius)) {
            throw new IllegalArgumentException(argument + " must be finite and >= 0, but was " + radius);
        }
        double limit = radius * radius;
        // One row beyond floor(r / s) is tried too, so rounding cannot drop a row that lies inside.
        int reachJ = (int) Math.floor(radius / spacing[1]) + 1;
        int reachK = alongK ? (int) Math.floor(radius / spacing[2]) + 1 : 0;
        List<int[]> rows = new ArrayList<>();
        for (int dk = -reachK; dk <= reachK; dk++) {
            for (int dj = -reachJ; dj <= reachJ; dj++) {
                // Largest di whose offset lies inside, or -1 when even di = 0 lies outside.
                int half = -1;
                while (squaredLength(half + 1, dj, dk, spacing) <= limit) {
                    half++;
                }
                if (half >= 0) {
                    rows.add(new int[] {dj, dk, half});
                }
            }
        }
        return new StructuringElement(rows);
    }

    /** Squared length in the order {@code (di*sx)^2 + (dj*sy)^2 + (dk*sz)^2}, evaluated left to right. */
    private static double squaredLength(int di, int dj, int dk, double[] spacing) {
        double x = di * spacing[0];
        double y = dj * spacing[1];
        double z = dk * spacing[2];
        return x * x + y * y + z * z;
    }

    /** Returns true when the offset (di, dj, dk) belongs to the element. */
    public boolean contains(int di, int dj, int dk) {
        for (int n = 0; n < rowJ.length; n++) {
            if (rowJ[n] == dj && rowK[n] == dk) {
                return Math.abs(di) <= rowHalfWidth[n];
            }
        }
        return false;
    }

    /** Number of offsets in the element. */
    public int size() {
        int size = 0;
        for (int half : rowHalfWidth) {
            size += 2 * half + 1;
        }
        return size;
    }

    /** Returns [hi, hj, hk]: the largest |di|, |dj| and |dk| of the element. */
    public int[] halfExtent() {
        int[] extent = new int[3];
        for (int n = 0; n < rowJ.length; n++) {
            extent[0] = Math.max(extent[0], rowHalfWidth[n]);
            extent[1] = Math.max(extent[1], Math.abs(rowJ[n]));
            extent[2] = Math.max(extent[2], Math.abs(rowK[n]));
        }
        return extent;
    }

    int rowCount() {
        return rowJ.length;
    }

    int rowJ(int n) {
        return rowJ[n];
    }

    int rowK(int n) {
        return rowK[n];
    }

    int rowHalfWidth(int n) {
        return rowHalfWidth[n];
    }

    private static double[] checkSpacing(double[] spacing) {
        if (spacing == null || spacing.length != 3) {
            throw new IllegalArgumentException("spacing must have 3 values, but was "
                    + (spacing == null ? "null" : spacing.length + " values"));
        }
        for (int axis = 0; axis < 3; axis++) {
            if (!(spacing[axis] > 0) || !Double.isFinite(spacing[axis])) {
                throw new IllegalArgumentException("spacing[" + axis + "] must be finite and > 0 mm, but was "
                        + spacing[axis]);
            }
        }
        return spacing.clone();
    }

    private static void requireNonNegative(String argument, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(argument + " must be >= 0, but was " + value);
        }
    }

    @Override
    public String toString() {
        int[] extent = halfExtent();
        return "StructuringElement[" + size() + " offsets, half extent " + extent[0] + "x" + extent[1] + "x"
                + extent[2] + "]";
    }
}
