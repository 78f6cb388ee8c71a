package org.medannot.core.review;

import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.geometry.Polygon;
import org.medannot.core.geometry.Shape;
import org.medannot.core.mask.Mask;

/**
 * Counts the voxels of shapes in voxel index space, and of the symmetric difference of two
 * shapes, without a common grid where none is needed.
 *
 * <p>The voxel set of a shape is: for a {@link Mask}, its foreground voxels; for a
 * {@link BoundingBox}, the voxels of the half-open box (also where it reaches outside any grid);
 * for a {@link Polygon}, the pixels of its slice whose centre (x + 0.5, y + 0.5) is inside by the
 * even-odd rule. Two shapes are compared through |A| + |B| - 2 |A ∩ B|, which is exact for every
 * pair: masks use the bit-packed intersection, boxes intersect arithmetically, and a polygon is
 * rasterized only over its own bounding box. Two masks must be on the same grid.
 */
public final class ShapeVoxels {

    private ShapeVoxels() {
    }

    /** Returns the number of voxels in the shape's voxel set. */
    public static long count(Shape shape) {
        if (shape instanceof Mask mask) {
            return mask.count();
        }
        if (shape instanceof BoundingBox box) {
            return box.voxelCount();
        }
        if (shape instanceof Polygon polygon) {
            return countPolygon(polygon);
        }
        throw unsupported(shape);
    }

    /**
     * Returns the number of voxels in exactly one of the two voxel sets.
     *
     * @throws IllegalArgumentException when both are masks on different grids, or a shape type is
     *                                  not one of mask, box and polygon
     */
    public static long symmetricDifference(Shape a, Shape b) {
        return count(a) + count(b) - 2 * intersection(a, b);
    }

    /** Returns the number of voxels in both voxel sets. */
    public static long intersection(Shape a, Shape b) {
        if (a instanceof Mask maskA && b instanceof Mask maskB) {
            return maskA.intersectionCount(maskB);
        }
        if (a instanceof BoundingBox boxA && b instanceof BoundingBox boxB) {
            return boxA.intersection(boxB).voxelCount();
        }
        if (a instanceof Polygon polygon) {
            return polygonIntersection(polygon, b);
        }
        if (b instanceof Polygon polygon) {
            return polygonIntersection(polygon, a);
        }
        if (a instanceof Mask mask && b instanceof BoundingBox box) {
            return box.toMask(mask.geometry()).intersectionCount(mask);
        }
        if (a instanceof BoundingBox box && b instanceof Mask mask) {
            return box.toMask(mask.geometry()).intersectionCount(mask);
        }
        throw unsupported(a instanceof Mask || a instanceof BoundingBox ? b : a);
    }

    private static long countPolygon(Polygon polygon) {
        BoundingBox bounds = polygon.bounds();
        long count = 0;
        for (int y = bounds.minY(); y < bounds.maxY(); y++) {
            for (int x = bounds.minX(); x < bounds.maxX(); x++) {
                if (polygon.contains(x + 0.5, y + 0.5)) {
                    count++;
                }
            }
        }
        return count;
    }

    private static long polygonIntersection(Polygon polygon, Shape other) {
        BoundingBox bounds = polygon.bounds();
        int k = polygon.slice();
        long count = 0;
        for (int y = bounds.minY(); y < bounds.maxY(); y++) {
            for (int x = bounds.minX(); x < bounds.maxX(); x++) {
                if (polygon.contains(x + 0.5, y + 0.5) && covers(other, x, y, k)) {
                    count++;
                }
            }
        }
        return count;
    }

    private static boolean covers(Shape shape, int x, int y, int k) {
        if (shape instanceof Mask mask) {
            Geometry g = mask.geometry();
            return x >= 0 && y >= 0 && k >= 0 && x < g.columns() && y < g.rows() && k < g.slices()
                    && mask.get(x, y, k);
        }
        if (shape instanceof BoundingBox box) {
            return box.contains(x, y, k);
        }
        if (shape instanceof Polygon polygon) {
            return polygon.slice() == k && polygon.contains(x + 0.5, y + 0.5);
        }
        throw unsupported(shape);
    }

    private static IllegalArgumentException unsupported(Shape shape) {
        return new IllegalArgumentException("cannot count voxels of shape type " + shape.getClass().getName()
                + "; expected a Mask, BoundingBox or Polygon");
    }
}
