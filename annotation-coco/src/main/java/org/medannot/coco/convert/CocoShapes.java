package org.medannot.coco.convert;

import java.util.ArrayList;
import java.util.List;

import org.medannot.coco.polygon.CocoPolygons;
import org.medannot.coco.rle.Rle;
import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.geometry.Polygon;
import org.medannot.core.mask.Mask;
import org.medannot.core.mask.VoxelOrder;

/**
 * Conversions between annotation-core's shapes and COCO's RLE, boxes and polygons, one slice at a
 * time.
 *
 * <p>Axes: COCO's x is the column index i and its y the row index j of the slice, both 0-based,
 * with (0, 0) the first voxel of the slice. COCO's RLE size is [rows, columns] and its runs are in
 * column-major order, while {@link Mask} stores voxels row-major; the conversion transposes.
 *
 * <p>Polygon rule: annotation-core's {@link Polygon} and pycocotools both count a pixel as inside
 * when its centre (x + 0.5, y + 0.5) lies inside the polygon. pycocotools first rounds vertices
 * to a grid of 1/5 pixel and walks edges on that grid, so for polygons whose vertices are not on
 * that grid, pixels whose centres lie within about 0.2 pixel of an edge may come out differently.
 * For polygons traced from masks by {@link #tracePolygons} (integer vertices along pixel edges)
 * the two rules give the same pixels.
 *
 * <p>Thread-safe; all methods are static.
 */
public final class CocoShapes {

    private CocoShapes() {
    }

    /** Encodes slice {@code k} of {@code mask} as a COCO RLE of size [rows, columns]. */
    public static Rle encodeSlice(Mask mask, int k) {
        Geometry geometry = mask.geometry();
        checkSlice(geometry, k);
        byte[] columnMajor = mask.slice(k).toBytes(VoxelOrder.COLUMN_MAJOR);
        return Rle.encode(columnMajor, geometry.rows(), geometry.columns());
    }

    /** Encodes a one-slice mask as a COCO RLE. */
    public static Rle encode(Mask mask) {
        if (mask.geometry().slices() != 1) {
            throw new IllegalArgumentException("mask has " + mask.geometry().slices()
                    + " slices; use encodeSlice for one slice of a 3D mask");
        }
        return encodeSlice(mask, 0);
    }

    /**
     * Decodes an RLE into a new one-slice mask on {@code sliceGeometry}.
     *
     * @throws IllegalArgumentException when the RLE size is not [rows, columns] of the geometry
     */
    public static Mask decode(Rle rle, Geometry sliceGeometry) {
        if (sliceGeometry.slices() != 1) {
            throw new IllegalArgumentException("sliceGeometry must have one slice, found " + sliceGeometry.slices());
        }
        Mask mask = new Mask(sliceGeometry);
        decodeInto(rle, mask, 0);
        return mask;
    }

    /**
     * Sets the foreground pixels of {@code rle} in slice {@code k} of {@code target}; other voxels
     * are left as they are.
     *
     * @throws IllegalArgumentException when the RLE size is not [rows, columns] of the target
     */
    public static void decodeInto(Rle rle, Mask target, int k) {
        Geometry geometry = target.geometry();
        checkSlice(geometry, k);
        int columns = geometry.columns();
        int rows = geometry.rows();
        if (rle.height() != rows || rle.width() != columns) {
            throw new IllegalArgumentException("RLE size [" + rle.height() + ", " + rle.width()
                    + "] differs from the slice's [rows, columns] [" + rows + ", " + columns + "]");
        }
        int sliceStart = k * geometry.sliceSize();
        long position = 0;
        for (int run = 0; run < rle.runCount(); run++) {
            int length = rle.run(run);
            if (run % 2 == 1) {
                for (long p = position; p < position + length; p++) {
                    int x = (int) (p / rows);
                    int y = (int) (p % rows);
                    target.set(sliceStart + y * columns + x, true);
                }
            }
            position += length;
        }
    }

    /** Returns COCO's {@code [x, y, width, height]} of the box's extent in one slice. */
    public static double[] toCocoBbox(BoundingBox box) {
        return new double[] {box.minX(), box.minY(), box.width(), box.height()};
    }

    /**
     * Returns the smallest voxel box on slice {@code k} that contains the COCO box
     * {@code [x, y, width, height]}: columns floor(x) to ceil(x + width) exclusive, rows likewise.
     * Integral boxes convert exactly.
     */
    public static BoundingBox fromCocoBbox(double[] bbox, int k) {
        if (bbox.length != 4) {
            throw new IllegalArgumentException("bbox must have 4 numbers [x, y, width, height], found " + bbox.length);
        }
        int minX = (int) Math.floor(bbox[0]);
        int minY = (int) Math.floor(bbox[1]);
        int maxX = (int) Math.ceil(bbox[0] + bbox[2]);
        int maxY = (int) Math.ceil(bbox[1] + bbox[3]);
        return new BoundingBox(minX, minY, k, maxX, maxY, k + 1);
    }

    /**
     * Traces slice {@code k} of {@code mask} into COCO polygons: one per 4-connected component,
     * with integer vertices on pixel edges and holes joined to the outer ring by a segment walked
     * there and back. Rasterizing them with {@link CocoPolygons#rasterizeAll} gives back exactly
     * the slice's pixels. Pixels that touch only at a corner go to separate polygons.
     */
    public static List<double[]> tracePolygons(Mask mask, int k) {
        Geometry geometry = mask.geometry();
        checkSlice(geometry, k);
        int sliceStart = k * geometry.sliceSize();
        boolean[] pixels = new boolean[geometry.sliceSize()];
        for (int n = 0; n < pixels.length; n++) {
            pixels[n] = mask.get(sliceStart + n);
        }
        return MaskContours.polygons(pixels, geometry.columns(), geometry.rows());
    }

    /**
     * Converts an annotation-core polygon to one COCO polygon with the same coordinates; holes are
     * joined to the exterior by a segment walked there and back (see the class notes on the
     * pixel rule).
     */
    public static double[] toCocoPolygon(Polygon polygon) {
        double[] exterior = polygon.exterior();
        List<double[]> holes = polygon.holes();
        if (holes.isEmpty()) {
            return exterior;
        }
        List<Double> values = new ArrayList<>();
        for (double value : exterior) {
            values.add(value);
        }
        for (double[] hole : holes) {
            values.add(exterior[0]);
            values.add(exterior[1]);
            for (double value : hole) {
                values.add(value);
            }
            values.add(hole[0]);
            values.add(hole[1]);
        }
        values.add(exterior[0]);
        values.add(exterior[1]);
        double[] result = new double[values.size()];
        for (int n = 0; n < result.length; n++) {
            result[n] = values.get(n);
        }
        return result;
    }

    /** Returns COCO's polygon extent {@code [x, y, width, height]} of the given polygons. */
    public static double[] polygonBbox(List<double[]> polygons) {
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (double[] polygon : polygons) {
            for (int n = 0; n + 1 < polygon.length; n += 2) {
                minX = Math.min(minX, polygon[n]);
                maxX = Math.max(maxX, polygon[n]);
                minY = Math.min(minY, polygon[n + 1]);
                maxY = Math.max(maxY, polygon[n + 1]);
            }
        }
        if (minX > maxX) {
            return new double[] {0, 0, 0, 0};
        }
        return new double[] {minX, minY, maxX - minX, maxY - minY};
    }

    private static void checkSlice(Geometry geometry, int k) {
        if (k < 0 || k >= geometry.slices()) {
            throw new IllegalArgumentException("slice index " + k + " is outside [0, " + geometry.slices() + ")");
        }
    }
}
