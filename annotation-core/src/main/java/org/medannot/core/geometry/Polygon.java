package org.medannot.core.geometry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A 2D region on one slice: an exterior ring and zero or more hole rings, in pixel coordinates.
 *
 * <p>Pixel coordinates: pixel (x, y) covers the square [x, x+1) x [y, y+1), so its centre is at
 * (x + 0.5, y + 0.5); x grows with the column index and y with the row index. A pixel belongs
 * to the region when its centre lies inside by the even-odd rule over all rings, which makes
 * holes work regardless of ring orientation. Polygons traced from a mask along pixel edges
 * therefore rasterize back to exactly that mask.
 *
 * <p>Rings are given as flat coordinate arrays {@code x0, y0, x1, y1, ...} without repeating
 * the first point. Instances are immutable.
 */
public final class Polygon implements Shape {

    private final double[] exterior;
    private final List<double[]> holes;
    private final int slice;

    /**
     * Creates a polygon.
     *
     * @param exterior flat ring coordinates, at least 3 points
     * @param holes    hole rings, each at least 3 points; may be empty
     * @param slice    zero-based slice index the polygon lies on
     * @throws IllegalArgumentException when a ring has an odd number of values, fewer than 3 points
     *                                  or a non-finite coordinate, or the slice index is negative
     */
    public Polygon(double[] exterior, List<double[]> holes, int slice) {
        this.exterior = checkRing("exterior", exterior);
        List<double[]> copies = new ArrayList<>();
        for (int n = 0; n < holes.size(); n++) {
            copies.add(checkRing("holes[" + n + "]", holes.get(n)));
        }
        this.holes = List.copyOf(copies);
        if (slice < 0) {
            throw new IllegalArgumentException("slice must be >= 0, but was " + slice);
        }
        this.slice = slice;
    }

    /** Creates a polygon without holes on slice 0. */
    public static Polygon of(double... exterior) {
        return new Polygon(exterior, List.of(), 0);
    }

    /** Returns a copy of the exterior ring. */
    public double[] exterior() {
        return exterior.clone();
    }

    /** Returns copies of the hole rings. */
    public List<double[]> holes() {
        List<double[]> copies = new ArrayList<>(holes.size());
        for (double[] hole : holes) {
            copies.add(hole.clone());
        }
        return copies;
    }

    /** Returns all rings, exterior first, as copies. */
    public List<double[]> rings() {
        List<double[]> rings = new ArrayList<>();
        rings.add(exterior.clone());
        rings.addAll(holes());
        return rings;
    }

    /** Zero-based slice index. */
    public int slice() {
        return slice;
    }

    /** Returns the same rings on another slice. */
    public Polygon onSlice(int newSlice) {
        return new Polygon(exterior, holes, newSlice);
    }

    /** Returns the enclosed area in pixel units: exterior area minus hole areas (shoelace formula). */
    public double area() {
        double area = Math.abs(signedArea(exterior));
        for (double[] hole : holes) {
            area -= Math.abs(signedArea(hole));
        }
        return area;
    }

    /**
     * Returns true when the point (x, y) in pixel coordinates lies inside by the even-odd rule
     * over all rings. Points exactly on an edge follow the half-open crossing rule (an edge counts
     * when one endpoint is strictly above the point and the other on or below it).
     */
    public boolean contains(double x, double y) {
        boolean inside = crossesOdd(exterior, x, y);
        for (double[] hole : holes) {
            if (crossesOdd(hole, x, y)) {
                inside = !inside;
            }
        }
        return inside;
    }

    /**
     * Returns the pixels whose centres lie inside: x from floor(min x) to ceil(max x) exclusive,
     * and likewise for y, on this polygon's slice.
     */
    @Override
    public BoundingBox bounds() {
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int n = 0; n < exterior.length; n += 2) {
            minX = Math.min(minX, exterior[n]);
            maxX = Math.max(maxX, exterior[n]);
            minY = Math.min(minY, exterior[n + 1]);
            maxY = Math.max(maxY, exterior[n + 1]);
        }
        // Pixel x is inside only if x + 0.5 lies in [minX, maxX].
        int x0 = (int) Math.ceil(minX - 0.5);
        int x1 = (int) Math.floor(maxX - 0.5) + 1;
        int y0 = (int) Math.ceil(minY - 0.5);
        int y1 = (int) Math.floor(maxY - 0.5) + 1;
        if (x1 <= x0 || y1 <= y0) {
            return new BoundingBox(x0, y0, slice, x0, y0, slice + 1);
        }
        return new BoundingBox(x0, y0, slice, x1, y1, slice + 1);
    }

    /** Signed area of a ring by the shoelace formula: positive when the ring runs counter-clockwise in x-right, y-up axes. */
    public static double signedArea(double[] ring) {
        double sum = 0;
        int points = ring.length / 2;
        for (int n = 0; n < points; n++) {
            int next = (n + 1) % points;
            sum += ring[2 * n] * ring[2 * next + 1] - ring[2 * next] * ring[2 * n + 1];
        }
        return sum / 2;
    }

    private static boolean crossesOdd(double[] ring, double x, double y) {
        boolean odd = false;
        int points = ring.length / 2;
        for (int n = 0, previous = points - 1; n < points; previous = n++) {
            double xa = ring[2 * n];
            double ya = ring[2 * n + 1];
            double xb = ring[2 * previous];
            double yb = ring[2 * previous + 1];
            if ((ya > y) != (yb > y)) {
                double crossX = xa + (y - ya) * (xb - xa) / (yb - ya);
                if (x < crossX) {
                    odd = !odd;
                }
            }
        }
        return odd;
    }

    private static double[] checkRing(String name, double[] ring) {
        if (ring == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (ring.length % 2 != 0) {
            throw new IllegalArgumentException(name + " must hold x,y pairs, but has an odd number of values: " + ring.length);
        }
        if (ring.length < 6) {
            throw new IllegalArgumentException(name + " must have at least 3 points, but has " + ring.length / 2);
        }
        for (int n = 0; n < ring.length; n++) {
            if (!Double.isFinite(ring[n])) {
                throw new IllegalArgumentException(name + "[" + n + "] must be finite, but was " + ring[n]);
            }
        }
        return ring.clone();
    }

    @Override
    public boolean equals(Object object) {
        if (!(object instanceof Polygon other)) {
            return false;
        }
        if (slice != other.slice || !Arrays.equals(exterior, other.exterior) || holes.size() != other.holes.size()) {
            return false;
        }
        for (int n = 0; n < holes.size(); n++) {
            if (!Arrays.equals(holes.get(n), other.holes.get(n))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int result = 31 * slice + Arrays.hashCode(exterior);
        for (double[] hole : holes) {
            result = 31 * result + Arrays.hashCode(hole);
        }
        return result;
    }

    @Override
    public String toString() {
        return "Polygon[slice=" + slice + ", points=" + exterior.length / 2 + ", holes=" + holes.size() + "]";
    }
}
