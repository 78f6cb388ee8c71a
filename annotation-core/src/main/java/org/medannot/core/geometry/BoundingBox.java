package org.medannot.core.geometry;

import org.medannot.core.mask.Mask;

/**
 * An axis-aligned box in voxel index space, half-open: a voxel (i, j, k) is inside when
 * {@code minX <= i < maxX}, {@code minY <= j < maxY} and {@code minZ <= k < maxZ}. A 2D box on
 * slice {@code z} has {@code minZ = z} and {@code maxZ = z + 1}.
 *
 * <p>COCO's {@code [x, y, width, height]} is a conversion of this type, done in the COCO module.
 * A box with a zero or negative extent on any axis is empty.
 *
 * @param minX first column inside (inclusive)
 * @param minY first row inside (inclusive)
 * @param minZ first slice inside (inclusive)
 * @param maxX first column past the box (exclusive)
 * @param maxY first row past the box (exclusive)
 * @param maxZ first slice past the box (exclusive)
 */
public record BoundingBox(int minX, int minY, int minZ, int maxX, int maxY, int maxZ) implements Shape {

    /** The empty box at the origin. */
    public static final BoundingBox EMPTY = new BoundingBox(0, 0, 0, 0, 0, 0);

    /**
     * Creates a box; the maxima must not be below the minima.
     *
     * @throws IllegalArgumentException when a maximum is below its minimum
     */
    public BoundingBox {
        if (maxX < minX || maxY < minY || maxZ < minZ) {
            throw new IllegalArgumentException("bounding box maxima must not be below minima, but was x [" + minX + ", "
                    + maxX + "), y [" + minY + ", " + maxY + "), z [" + minZ + ", " + maxZ + ")");
        }
    }

    /** Creates a 2D box on slice {@code z} from its top-left voxel and its size in voxels. */
    public static BoundingBox of2D(int x, int y, int width, int height, int z) {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("width and height must be >= 0, but were " + width + " and " + height);
        }
        return new BoundingBox(x, y, z, x + width, y + height, z + 1);
    }

    /** Creates a box from closed (inclusive) index ranges, as many tools report them. */
    public static BoundingBox ofClosed(int minX, int minY, int minZ, int lastX, int lastY, int lastZ) {
        return new BoundingBox(minX, minY, minZ, lastX + 1, lastY + 1, lastZ + 1);
    }

    /** Size along x in voxels. */
    public int width() {
        return maxX - minX;
    }

    /** Size along y in voxels. */
    public int height() {
        return maxY - minY;
    }

    /** Size along z in voxels. */
    public int depth() {
        return maxZ - minZ;
    }

    /** Number of voxels inside the box. */
    public long voxelCount() {
        return (long) width() * height() * depth();
    }

    /** Returns true when the box contains no voxel. */
    public boolean isEmpty() {
        return width() == 0 || height() == 0 || depth() == 0;
    }

    /** Returns true when voxel (i, j, k) lies inside the box. */
    public boolean contains(int i, int j, int k) {
        return i >= minX && i < maxX && j >= minY && j < maxY && k >= minZ && k < maxZ;
    }

    /** Returns the overlap of both boxes, or {@link #EMPTY} when they do not overlap. */
    public BoundingBox intersection(BoundingBox other) {
        int x0 = Math.max(minX, other.minX);
        int y0 = Math.max(minY, other.minY);
        int z0 = Math.max(minZ, other.minZ);
        int x1 = Math.min(maxX, other.maxX);
        int y1 = Math.min(maxY, other.maxY);
        int z1 = Math.min(maxZ, other.maxZ);
        if (x1 <= x0 || y1 <= y0 || z1 <= z0) {
            return EMPTY;
        }
        return new BoundingBox(x0, y0, z0, x1, y1, z1);
    }

    /** Returns the smallest box containing both; an empty box contributes nothing. */
    public BoundingBox union(BoundingBox other) {
        if (isEmpty()) {
            return other;
        }
        if (other.isEmpty()) {
            return this;
        }
        return new BoundingBox(Math.min(minX, other.minX), Math.min(minY, other.minY), Math.min(minZ, other.minZ),
                Math.max(maxX, other.maxX), Math.max(maxY, other.maxY), Math.max(maxZ, other.maxZ));
    }

    /** Returns intersection over union of the voxel sets; 0 when both boxes are empty. */
    public double iou(BoundingBox other) {
        long intersection = intersection(other).voxelCount();
        long union = voxelCount() + other.voxelCount() - intersection;
        return union == 0 ? 0 : (double) intersection / union;
    }

    /**
     * Returns a mask on {@code geometry} with the box's voxels set; the part of the box outside the
     * grid is clipped.
     */
    public Mask toMask(Geometry geometry) {
        Mask mask = new Mask(geometry);
        int x0 = Math.max(0, minX);
        int y0 = Math.max(0, minY);
        int z0 = Math.max(0, minZ);
        int x1 = Math.min(geometry.columns(), maxX);
        int y1 = Math.min(geometry.rows(), maxY);
        int z1 = Math.min(geometry.slices(), maxZ);
        for (int k = z0; k < z1; k++) {
            for (int j = y0; j < y1; j++) {
                int start = geometry.index(x0, j, k);
                mask.setRange(start, start + Math.max(0, x1 - x0));
            }
        }
        return mask;
    }

    @Override
    public BoundingBox bounds() {
        return this;
    }
}
