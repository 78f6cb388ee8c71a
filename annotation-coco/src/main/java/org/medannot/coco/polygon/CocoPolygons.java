package org.medannot.coco.polygon;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.medannot.coco.rle.Rle;

/**
 * Rasterization of COCO polygons and boxes with pycocotools' rule ({@code rleFrPoly} and
 * {@code rleFrBbox} of its {@code maskApi.c}, commit 8c9bcc3), so that the pixels and RLE strings
 * are identical to what {@code frPyObjects} returns.
 *
 * <p>COCO polygon coordinates are pixel coordinates in which pixel (x, y) is the point (x, y), not
 * a unit square: the polygon {@code (0,0)-(9,9)} covers the 9 x 9 pixels 0..8 in each axis, not 10
 * x 10. pycocotools works on a grid upsampled 5 times: each vertex is scaled by 5 and cut to an
 * integer by {@code (int)(5 * v + 0.5)}, which truncates toward zero, so negative fractional
 * coordinates round up rather than down. The edges are walked pixel by pixel on that grid, and
 * wherever an edge crosses the centre line of a pixel column, the first pixel of that column
 * whose centre lies below the crossing toggles between outside and inside. This
 * differs from annotation-core's polygon rule (pixel centres at +0.5, inside by even-odd), and
 * {@code CocoShapes} converts between the two.
 *
 * <p>Thread-safe; all methods are static.
 */
public final class CocoPolygons {

    private static final double SCALE = 5;

    /**
     * Largest coordinate magnitude accepted. pycocotools converts upsampled coordinates to a C
     * {@code int}, so larger values have no defined result there; the limit also bounds the walk.
     */
    public static final double MAX_COORDINATE = 1e8;

    /** Largest number of upsampled boundary points walked for one polygon. */
    private static final long MAX_BOUNDARY_POINTS = Integer.MAX_VALUE;

    private CocoPolygons() {
    }

    /**
     * Rasterizes one polygon {@code [x0, y0, x1, y1, ...]} on an image of {@code height} rows and
     * {@code width} columns. An odd trailing coordinate is ignored, as pycocotools does; validate
     * the polygon first (see {@code CocoValidator}) to reject it instead. Parts outside the image
     * are clipped.
     *
     * @throws IllegalArgumentException when a coordinate is not finite or the image size is invalid
     */
    public static Rle rasterize(double[] polygon, int height, int width) {
        checkImageSize(height, width);
        int vertices = polygon.length / 2;
        for (int i = 0; i < vertices * 2; i++) {
            if (!Double.isFinite(polygon[i]) || Math.abs(polygon[i]) > MAX_COORDINATE) {
                throw new IllegalArgumentException("polygon coordinate " + i + " is " + polygon[i]
                        + ", expected a finite value of magnitude at most " + MAX_COORDINATE);
            }
        }
        long[] boundary = columnCrossings(polygon, vertices, height, width);
        return toRle(boundary, height, width);
    }

    /**
     * Rasterizes the parts of one COCO polygon segmentation and returns their union, as
     * pycocotools' {@code COCO.annToRLE} does.
     */
    public static Rle rasterizeAll(List<double[]> polygons, int height, int width) {
        if (polygons.isEmpty()) {
            return rasterize(new double[0], height, width);
        }
        List<Rle> parts = new ArrayList<>(polygons.size());
        for (double[] polygon : polygons) {
            parts.add(rasterize(polygon, height, width));
        }
        return parts.size() == 1 ? parts.get(0) : Rle.merge(parts, false);
    }

    /**
     * Rasterizes a COCO box {@code [x, y, width, height]} as the polygon through its four corners,
     * as pycocotools' {@code frBbox} does.
     */
    public static Rle rasterizeBox(double[] box, int height, int width) {
        if (box.length != 4) {
            throw new IllegalArgumentException("box must have 4 numbers [x, y, width, height], found " + box.length);
        }
        double xs = box[0];
        double ys = box[1];
        double xe = xs + box[2];
        double ye = ys + box[3];
        return rasterize(new double[] {xs, ys, xs, ye, xe, ye, xe, ys}, height, width);
    }

    /**
     * Returns, for each place where an edge crosses a pixel column's centre line, the column-major
     * index {@code x * height + y} of the first pixel below the crossing. The list is unsorted and
     * may hold repeats.
     */
    private static long[] columnCrossings(double[] polygon, int vertices, int height, int width) {
        if (vertices == 0) {
            return new long[0];
        }

        // Vertices on the upsampled grid; (int) casts truncate toward zero, as in C.
        long[] x = new long[vertices + 1];
        long[] y = new long[vertices + 1];
        for (int j = 0; j < vertices; j++) {
            x[j] = (long) (SCALE * polygon[2 * j] + 0.5);
            y[j] = (long) (SCALE * polygon[2 * j + 1] + 0.5);
        }
        x[vertices] = x[0];
        y[vertices] = y[0];

        long points = 0;
        for (int j = 0; j < vertices; j++) {
            points += Math.max(Math.abs(x[j + 1] - x[j]), Math.abs(y[j + 1] - y[j])) + 1;
        }
        if (points > MAX_BOUNDARY_POINTS) {
            throw new IllegalArgumentException("polygon boundary has " + points
                    + " points on the 5x upsampled grid, more than the supported " + MAX_BOUNDARY_POINTS);
        }

        LongList crossings = new LongList(16);
        long previousU = 0;
        long previousV = 0;
        boolean havePrevious = false;
        for (int j = 0; j < vertices; j++) {
            long xs = x[j];
            long xe = x[j + 1];
            long ys = y[j];
            long ye = y[j + 1];
            long dx = Math.abs(xe - xs);
            long dy = Math.abs(ys - ye);
            boolean flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
            if (flip) {
                long t = xs;
                xs = xe;
                xe = t;
                t = ys;
                ys = ye;
                ye = t;
            }
            double slope = dx >= dy ? (double) (ye - ys) / dx : (double) (xe - xs) / dy;
            long steps = Math.max(dx, dy);
            // Walk the edge point by point, in its original direction, on the upsampled grid.
            for (long d = 0; d <= steps; d++) {
                long t = flip ? steps - d : d;
                long u;
                long v;
                if (dx >= dy) {
                    u = t + xs;
                    v = (long) (ys + slope * t + 0.5);
                } else {
                    v = t + ys;
                    u = (long) (xs + slope * t + 0.5);
                }
                if (havePrevious && u != previousU) {
                    addCrossing(crossings, u, v, previousU, previousV, height, width);
                }
                previousU = u;
                previousV = v;
                havePrevious = true;
            }
        }
        return crossings.toArray();
    }

    /**
     * Records the crossing between consecutive boundary points when it is on a column centre.
     * pycocotools computes this in floating point as x = (u' + 0.5) / 5 - 0.5 (with u' the left
     * point of the step) and y = ceil((v + 0.5) / 5 - 0.5) clamped to [0, height] (with v the upper
     * point). Both are exact in integers: x is whole exactly when u' = 5x + 2, and
     * y = ceil((v - 2) / 5).
     */
    private static void addCrossing(LongList crossings, long u, long v, long previousU, long previousV,
                                    int height, int width) {
        long left = u < previousU ? u : u - 1;
        if (Math.floorMod(left, 5) != 2) {
            return;
        }
        long x = Math.floorDiv(left - 2, 5);
        if (x < 0 || x > width - 1) {
            return;
        }
        long y = -Math.floorDiv(-(Math.min(v, previousV) - 2), 5);
        y = Math.max(0, Math.min(height, y));
        crossings.add(x * height + y);
    }

    /**
     * Turns crossing positions into runs: positions are sorted, and each one toggles the value from
     * there on. Two crossings at one position cancel.
     */
    private static Rle toRle(long[] crossings, int height, int width) {
        long pixels = (long) height * width;
        long[] positions = Arrays.copyOf(crossings, crossings.length + 1);
        positions[crossings.length] = pixels;
        Arrays.sort(positions);

        long[] deltas = new long[positions.length];
        long previous = 0;
        for (int j = 0; j < positions.length; j++) {
            deltas[j] = positions[j] - previous;
            previous = positions[j];
        }

        // A zero delta means a second crossing at the same position: it cancels the toggle, so
        // the run after it joins the run before it.
        int[] runs = new int[deltas.length];
        int count = 0;
        int j = 0;
        runs[count++] = (int) deltas[j++];
        while (j < deltas.length) {
            if (deltas[j] > 0) {
                runs[count++] = (int) deltas[j++];
            } else {
                j++;
                if (j < deltas.length) {
                    runs[count - 1] += (int) deltas[j++];
                }
            }
        }
        try {
            return Rle.ofCounts(height, width, Arrays.copyOf(runs, count));
        } catch (org.medannot.coco.CocoFormatException e) {
            throw new IllegalStateException("rasterized runs do not cover the image", e);
        }
    }

    private static void checkImageSize(int height, int width) {
        if (height < 0 || width < 0 || (long) height * width > Rle.MAX_PIXELS) {
            throw new IllegalArgumentException("image size [" + height + ", " + width
                    + "] must have height, width >= 0 and at most " + Rle.MAX_PIXELS + " pixels");
        }
    }

    /** A growable list of {@code long}. */
    private static final class LongList {
        private long[] values;
        private int size;

        LongList(int capacity) {
            values = new long[capacity];
        }

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
