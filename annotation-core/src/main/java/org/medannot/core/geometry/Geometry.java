package org.medannot.core.geometry;

import java.util.Arrays;
import java.util.Objects;

/**
 * The voxel grid of a volume in DICOM patient coordinates (LPS: x towards the patient's left,
 * y towards posterior, z towards head).
 *
 * <p>Indices are zero-based: {@code i} (column, x index) increases fastest, then {@code j}
 * (row, y index), then {@code k} (slice, z index). The voxel at index {@code (i, j, k)} has its
 * centre at
 * <pre>
 *   origin + i * spacing[0] * rowDirection + j * spacing[1] * columnDirection + k * spacing[2] * sliceDirection
 * </pre>
 * where {@code rowDirection} is the unit vector along which the column index increases (the first
 * three values of DICOM Image Orientation (Patient)), {@code columnDirection} is the unit vector
 * along which the row index increases (the last three values), and {@code sliceDirection} is the
 * unit vector along which the slice index increases.
 *
 * <p>NIfTI's RAS coordinates appear only in {@link #toNiftiAffine()} and
 * {@link #fromNiftiAffine(int, int, int, double[])}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Geometry {

    /** Tolerance for the orthonormality checks of the direction cosines. */
    private static final double DIRECTION_TOLERANCE = 1e-4;

    private final int columns;
    private final int rows;
    private final int slices;
    private final double[] spacing;
    private final double[] origin;
    private final double[] direction;

    private Geometry(int columns, int rows, int slices, double[] spacing, double[] origin, double[] direction) {
        this.columns = columns;
        this.rows = rows;
        this.slices = slices;
        this.spacing = spacing;
        this.origin = origin;
        this.direction = direction;
    }

    /**
     * Creates a geometry.
     *
     * @param columns   number of columns (size along i), at least 1
     * @param rows      number of rows (size along j), at least 1
     * @param slices    number of slices (size along k), at least 1
     * @param spacing   [sx, sy, sz] in mm: distance between centres of adjacent columns, rows and
     *                  slices; each finite and greater than zero
     * @param origin    LPS position in mm of the centre of voxel (0, 0, 0)
     * @param direction nine direction cosines: the unit vectors of increasing i, j and k in LPS, in
     *                  that order; the three must be orthonormal
     * @throws IllegalArgumentException when a size is below 1, the voxel count exceeds
     *                                  {@link Integer#MAX_VALUE}, a spacing is not positive, or the
     *                                  directions are not orthonormal
     */
    public static Geometry of(int columns, int rows, int slices, double[] spacing, double[] origin,
            double[] direction) {
        requirePositive("columns", columns);
        requirePositive("rows", rows);
        requirePositive("slices", slices);
        long count = (long) columns * rows * slices;
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("size " + columns + "x" + rows + "x" + slices + " has " + count
                    + " voxels; at most " + Integer.MAX_VALUE + " are supported");
        }
        double[] spacingCopy = requireLength("spacing", spacing, 3);
        for (int axis = 0; axis < 3; axis++) {
            if (!(spacingCopy[axis] > 0) || !Double.isFinite(spacingCopy[axis])) {
                throw new IllegalArgumentException("spacing[" + axis + "] must be finite and > 0 mm, but was "
                        + spacingCopy[axis]);
            }
        }
        double[] originCopy = requireLength("origin", origin, 3);
        for (int axis = 0; axis < 3; axis++) {
            if (!Double.isFinite(originCopy[axis])) {
                throw new IllegalArgumentException("origin[" + axis + "] must be finite, but was " + originCopy[axis]);
            }
        }
        double[] directionCopy = requireLength("direction", direction, 9);
        checkOrthonormal(directionCopy);
        return new Geometry(columns, rows, slices, spacingCopy, originCopy, directionCopy);
    }

    /**
     * Creates the geometry of a single 2D image: unit spacing, origin at zero and identity
     * directions, as used for plain JPEG/PNG images without physical calibration.
     */
    public static Geometry of2D(int columns, int rows) {
        return of(columns, rows, 1, new double[] {1, 1, 1}, new double[3], identityDirection());
    }

    /** Returns the identity direction cosines (i along L, j along P, k along S). */
    public static double[] identityDirection() {
        return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
    }

    /**
     * Creates a geometry from a NIfTI voxel-to-world affine in RAS.
     *
     * @param rasAffine 4x4 matrix in row-major order (16 values; the last row must be 0 0 0 1)
     *                  mapping (i, j, k, 1) to RAS millimetres; it may contain shear-free rotations
     *                  and reflections
     * @throws IllegalArgumentException when the affine has a zero column or non-orthogonal axes
     */
    public static Geometry fromNiftiAffine(int columns, int rows, int slices, double[] rasAffine) {
        double[] affine = requireLength("rasAffine", rasAffine, 16);
        double[] spacing = new double[3];
        double[] direction = new double[9];
        for (int axis = 0; axis < 3; axis++) {
            // Column "axis" of the affine is the step of one voxel along that index, in RAS.
            double r = affine[axis];
            double a = affine[4 + axis];
            double s = affine[8 + axis];
            double length = Math.sqrt(r * r + a * a + s * s);
            if (!(length > 0)) {
                throw new IllegalArgumentException("rasAffine column " + axis + " is zero; a voxel axis needs a direction");
            }
            spacing[axis] = length;
            // RAS -> LPS flips the first two components.
            direction[3 * axis] = -r / length;
            direction[3 * axis + 1] = -a / length;
            direction[3 * axis + 2] = s / length;
        }
        double[] origin = {-affine[3], -affine[7], affine[11]};
        return of(columns, rows, slices, spacing, origin, direction);
    }

    /**
     * Returns the NIfTI voxel-to-world affine in RAS: a 4x4 row-major matrix mapping
     * (i, j, k, 1) to (R, A, S, 1) in mm, as nibabel's {@code img.affine} holds it.
     */
    public double[] toNiftiAffine() {
        double[] affine = new double[16];
        for (int axis = 0; axis < 3; axis++) {
            affine[axis] = -direction[3 * axis] * spacing[axis];
            affine[4 + axis] = -direction[3 * axis + 1] * spacing[axis];
            affine[8 + axis] = direction[3 * axis + 2] * spacing[axis];
        }
        affine[3] = -origin[0];
        affine[7] = -origin[1];
        affine[11] = origin[2];
        affine[15] = 1;
        return affine;
    }

    /** Number of columns (size along i, the fastest index). */
    public int columns() {
        return columns;
    }

    /** Number of rows (size along j). */
    public int rows() {
        return rows;
    }

    /** Number of slices (size along k). */
    public int slices() {
        return slices;
    }

    /** Number of voxels in one slice: columns * rows. */
    public int sliceSize() {
        return columns * rows;
    }

    /** Number of voxels: columns * rows * slices (at most {@link Integer#MAX_VALUE}). */
    public int voxelCount() {
        return columns * rows * slices;
    }

    /** Returns [columns, rows, slices]. */
    public int[] size() {
        return new int[] {columns, rows, slices};
    }

    /** Returns a copy of [sx, sy, sz] in mm. */
    public double[] spacing() {
        return spacing.clone();
    }

    /** Returns the spacing in mm along axis 0 (i), 1 (j) or 2 (k). */
    public double spacing(int axis) {
        return spacing[axis];
    }

    /** Returns a copy of the LPS position in mm of the centre of voxel (0, 0, 0). */
    public double[] origin() {
        return origin.clone();
    }

    /** Returns a copy of the nine direction cosines (unit vectors of i, j and k in LPS). */
    public double[] direction() {
        return direction.clone();
    }

    /** Returns the volume of one voxel in mm^3. */
    public double voxelVolumeMm3() {
        return spacing[0] * spacing[1] * spacing[2];
    }

    /** Returns true when the geometry holds a single slice. */
    public boolean is2D() {
        return slices == 1;
    }

    /** Returns the linear index {@code i + columns * (j + rows * k)} of a voxel. */
    public int index(int i, int j, int k) {
        return i + columns * (j + rows * k);
    }

    /** Returns true when (i, j, k) lies inside the grid. */
    public boolean contains(int i, int j, int k) {
        return i >= 0 && j >= 0 && k >= 0 && i < columns && j < rows && k < slices;
    }

    /**
     * Maps a continuous voxel index to LPS patient coordinates in mm. Integer indices are voxel
     * centres.
     */
    public double[] indexToPatient(double i, double j, double k) {
        double di = i * spacing[0];
        double dj = j * spacing[1];
        double dk = k * spacing[2];
        double[] point = new double[3];
        for (int c = 0; c < 3; c++) {
            point[c] = origin[c] + di * direction[c] + dj * direction[3 + c] + dk * direction[6 + c];
        }
        return point;
    }

    /**
     * Maps LPS patient coordinates in mm to a continuous voxel index (i, j, k). The result is
     * exact for orthonormal directions, which {@link #of} enforces.
     */
    public double[] patientToIndex(double x, double y, double z) {
        double dx = x - origin[0];
        double dy = y - origin[1];
        double dz = z - origin[2];
        double[] index = new double[3];
        for (int axis = 0; axis < 3; axis++) {
            double projection = dx * direction[3 * axis] + dy * direction[3 * axis + 1] + dz * direction[3 * axis + 2];
            index[axis] = projection / spacing[axis];
        }
        return index;
    }

    /**
     * Returns true when both geometries describe the same grid: equal size, and spacing, origin
     * and voxel-centre positions equal within {@code toleranceMm}. Directions are compared through
     * the positions of the far corner voxels, so a tolerance in mm applies to them too.
     */
    public boolean sameGrid(Geometry other, double toleranceMm) {
        Objects.requireNonNull(other, "other");
        if (columns != other.columns || rows != other.rows || slices != other.slices) {
            return false;
        }
        for (int axis = 0; axis < 3; axis++) {
            if (Math.abs(spacing[axis] - other.spacing[axis]) > toleranceMm) {
                return false;
            }
        }
        int[][] corners = {
            {0, 0, 0}, {columns - 1, 0, 0}, {0, rows - 1, 0}, {0, 0, slices - 1}, {columns - 1, rows - 1, slices - 1}
        };
        for (int[] corner : corners) {
            double[] a = indexToPatient(corner[0], corner[1], corner[2]);
            double[] b = other.indexToPatient(corner[0], corner[1], corner[2]);
            if (distance(a, b) > toleranceMm) {
                return false;
            }
        }
        // Unit steps along each axis must agree too, which catches flipped axes on 1-voxel sizes.
        for (int axis = 0; axis < 3; axis++) {
            for (int c = 0; c < 3; c++) {
                double stepA = direction[3 * axis + c] * spacing[axis];
                double stepB = other.direction[3 * axis + c] * other.spacing[axis];
                if (Math.abs(stepA - stepB) > toleranceMm) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Describes how this grid differs from {@code other}, for error messages; empty when {@link #sameGrid} holds. */
    public String describeDifference(Geometry other, double toleranceMm) {
        if (sameGrid(other, toleranceMm)) {
            return "";
        }
        if (columns != other.columns || rows != other.rows || slices != other.slices) {
            return "size " + columns + "x" + rows + "x" + slices + " vs " + other.columns + "x" + other.rows + "x"
                    + other.slices;
        }
        if (!closeAll(spacing, other.spacing, toleranceMm)) {
            return "spacing " + Arrays.toString(spacing) + " vs " + Arrays.toString(other.spacing) + " mm";
        }
        if (!closeAll(origin, other.origin, toleranceMm)) {
            return "origin " + Arrays.toString(origin) + " vs " + Arrays.toString(other.origin) + " mm";
        }
        return "direction " + Arrays.toString(direction) + " vs " + Arrays.toString(other.direction);
    }

    /** Returns a geometry with the same origin and directions and a new size. */
    public Geometry withSize(int newColumns, int newRows, int newSlices) {
        return of(newColumns, newRows, newSlices, spacing, origin, direction);
    }

    /** Returns a geometry with the same directions, a new size, spacing and origin. */
    public Geometry withSizeSpacingOrigin(int[] newSize, double[] newSpacing, double[] newOrigin) {
        if (newSize == null || newSize.length != 3) {
            throw new IllegalArgumentException("newSize must have 3 values, but was " + Arrays.toString(newSize));
        }
        return of(newSize[0], newSize[1], newSize[2], newSpacing, newOrigin, direction);
    }

    /** Returns the geometry of slice {@code k} alone: one slice whose origin is that slice's first voxel. */
    public Geometry sliceGeometry(int k) {
        if (k < 0 || k >= slices) {
            throw new IllegalArgumentException("slice index k=" + k + " is outside [0, " + slices + ")");
        }
        return new Geometry(columns, rows, 1, spacing, indexToPatient(0, 0, k), direction);
    }

    /** Returns the geometry of the sub-grid starting at voxel (i0, j0, k0) with the given size. */
    public Geometry subGrid(int i0, int j0, int k0, int newColumns, int newRows, int newSlices) {
        if (!contains(i0, j0, k0) || !contains(i0 + newColumns - 1, j0 + newRows - 1, k0 + newSlices - 1)) {
            throw new IllegalArgumentException("sub-grid at (" + i0 + ", " + j0 + ", " + k0 + ") of size " + newColumns
                    + "x" + newRows + "x" + newSlices + " does not fit in " + columns + "x" + rows + "x" + slices);
        }
        return new Geometry(newColumns, newRows, newSlices, spacing, indexToPatient(i0, j0, k0), direction);
    }

    /**
     * Returns true when the grids' sizes are equal and every other value differs by at most
     * {@code tolerance} (mm for spacing and origin, unitless for direction cosines).
     */
    public boolean equalsWithin(Geometry other, double tolerance) {
        return columns == other.columns && rows == other.rows && slices == other.slices
                && closeAll(spacing, other.spacing, tolerance) && closeAll(origin, other.origin, tolerance)
                && closeAll(direction, other.direction, tolerance);
    }

    @Override
    public boolean equals(Object object) {
        if (this == object) {
            return true;
        }
        if (!(object instanceof Geometry other)) {
            return false;
        }
        return columns == other.columns && rows == other.rows && slices == other.slices
                && Arrays.equals(spacing, other.spacing) && Arrays.equals(origin, other.origin)
                && Arrays.equals(direction, other.direction);
    }

    @Override
    public int hashCode() {
        int result = Objects.hash(columns, rows, slices);
        result = 31 * result + Arrays.hashCode(spacing);
        result = 31 * result + Arrays.hashCode(origin);
        return 31 * result + Arrays.hashCode(direction);
    }

    @Override
    public String toString() {
        return "Geometry[size=" + columns + "x" + rows + "x" + slices + ", spacing=" + Arrays.toString(spacing)
                + " mm, origin=" + Arrays.toString(origin) + " mm, direction=" + Arrays.toString(direction) + "]";
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, but was " + value);
        }
    }

    private static double[] requireLength(String name, double[] values, int length) {
        if (values == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (values.length != length) {
            throw new IllegalArgumentException(name + " must have " + length + " values, but has " + values.length);
        }
        return values.clone();
    }

    private static void checkOrthonormal(double[] direction) {
        for (int a = 0; a < 3; a++) {
            for (int b = a; b < 3; b++) {
                double dot = 0;
                for (int c = 0; c < 3; c++) {
                    dot += direction[3 * a + c] * direction[3 * b + c];
                }
                double expected = a == b ? 1 : 0;
                if (!(Math.abs(dot - expected) <= DIRECTION_TOLERANCE)) {
                    throw new IllegalArgumentException("direction must hold three orthonormal unit vectors, but "
                            + (a == b ? "vector " + a + " has squared length " + dot
                                    : "vectors " + a + " and " + b + " have dot product " + dot)
                            + " in " + Arrays.toString(direction));
                }
            }
        }
    }

    private static boolean closeAll(double[] a, double[] b, double tolerance) {
        for (int n = 0; n < a.length; n++) {
            if (!(Math.abs(a[n] - b[n]) <= tolerance)) {
                return false;
            }
        }
        return true;
    }

    private static double distance(double[] a, double[] b) {
        double dx = a[0] - b[0];
        double dy = a[1] - b[1];
        double dz = a[2] - b[2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}
