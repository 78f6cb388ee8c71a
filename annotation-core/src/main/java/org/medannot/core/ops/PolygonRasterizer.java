package org.medannot.core.ops;

import java.util.Arrays;
import java.util.List;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.geometry.Polygon;
import org.medannot.core.mask.Mask;

/**
 * Converts polygons to masks by scanline filling under the {@link Polygon} convention: pixel
 * (x, y) is foreground when its centre (x + 0.5, y + 0.5) lies inside by the even-odd rule over
 * all rings of the polygon. Edge crossings are computed with the same formula and half-open
 * rule as {@link Polygon#contains(double, double)}, so both agree pixel for pixel. Parts of a
 * polygon outside the grid are clipped.
 */
public final class PolygonRasterizer {

    private PolygonRasterizer() {
    }

    /**
     * Returns a new mask on {@code geometry} holding the polygon on its slice.
     *
     * @throws IllegalArgumentException when the polygon's slice index is outside the grid
     */
    public static Mask rasterize(Polygon polygon, Geometry geometry) {
        Grids.requireNonNull("geometry", geometry);
        Mask mask = new Mask(geometry);
        rasterizeInto(polygon, mask);
        return mask;
    }

    /** Returns a new mask on {@code geometry} holding the union of the polygons, each on its slice. */
    public static Mask rasterize(List<Polygon> polygons, Geometry geometry) {
        Grids.requireNonNull("polygons", polygons);
        Grids.requireNonNull("geometry", geometry);
        Mask mask = new Mask(geometry);
        for (Polygon polygon : polygons) {
            rasterizeInto(polygon, mask);
        }
        return mask;
    }

    /**
     * Sets the pixels inside {@code polygon} to foreground in {@code target}, on the polygon's
     * slice. Other pixels keep their value.
     *
     * @throws IllegalArgumentException when the polygon's slice index is outside the target's grid
     */
    public static void rasterizeInto(Polygon polygon, Mask target) {
        Grids.requireNonNull("polygon", polygon);
        Grids.requireNonNull("target", target);
        Geometry geometry = target.geometry();
        int width = geometry.columns();
        int height = geometry.rows();
        if (polygon.slice() >= geometry.slices()) {
            throw new IllegalArgumentException("polygon slice " + polygon.slice() + " is outside the target's "
                    + geometry.slices() + " slices");
        }

        // Crossings of each pixel row's centre line, collected edge by edge.
        double[][] crossings = new double[height][];
        int[] crossingCount = new int[height];
        for (double[] ring : polygon.rings()) {
            int points = ring.length / 2;
            for (int n = 0, previous = points - 1; n < points; previous = n++) {
                double xa = ring[2 * n];
                double ya = ring[2 * n + 1];
                double xb = ring[2 * previous];
                double yb = ring[2 * previous + 1];
                if (ya == yb) {
                    continue;
                }
                // Rows whose centre yc satisfies min(ya, yb) <= yc < max(ya, yb).
                double low = Math.min(ya, yb);
                double high = Math.max(ya, yb);
                int firstRow = (int) Math.max(0, Math.ceil(low - 0.5));
                int lastRow = (int) Math.min(height - 1, Math.ceil(high - 0.5) - 1);
                for (int y = firstRow; y <= lastRow; y++) {
                    double center = y + 0.5;
                    if ((ya > center) == (yb > center)) {
                        continue;
                    }
                    double crossX = xa + (center - ya) * (xb - xa) / (yb - ya);
                    if (crossings[y] == null) {
                        crossings[y] = new double[8];
                    } else if (crossingCount[y] == crossings[y].length) {
                        crossings[y] = Arrays.copyOf(crossings[y], crossings[y].length * 2);
                    }
                    crossings[y][crossingCount[y]++] = crossX;
                }
            }
        }

        // Centres in [c0, c1), [c2, c3), ... are inside: pixel x from ceil(c0 - 0.5) to ceil(c1 - 0.5).
        int sliceStart = polygon.slice() * geometry.sliceSize();
        for (int y = 0; y < height; y++) {
            int count = crossingCount[y];
            if (count == 0) {
                continue;
            }
            double[] row = crossings[y];
            Arrays.sort(row, 0, count);
            int rowStart = sliceStart + y * width;
            for (int n = 0; n + 1 < count; n += 2) {
                double from = Math.max(0, Math.ceil(row[n] - 0.5));
                double to = Math.min(width, Math.ceil(row[n + 1] - 0.5));
                if (from < to) {
                    target.setRange(rowStart + (int) from, rowStart + (int) to);
                }
            }
        }
    }
}
