package org.medannot.core.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.geometry.Polygon;
import org.medannot.core.mask.Mask;
import org.medannot.core.mask.VoxelOrder;

/**
 * Converts one slice of a mask to polygons with holes by crack following: the rings run along
 * the pixel edges that separate foreground from background, so under the {@link Polygon}
 * convention (a pixel is inside when its centre is inside by the even-odd rule) the polygons
 * rasterize back to exactly the slice's foreground.
 *
 * <p>Each 8-connected foreground component becomes one polygon, in raster order of the
 * component's first pixel (the numbering of {@link ConnectedComponents} with connectivity 8).
 * Its exterior is the outer boundary and its holes are the boundaries of the 4-connected
 * background regions it encloses. Where two foreground pixels touch only at a corner the
 * boundary passes through that corner twice, so a ring may touch itself at a vertex but never
 * crosses itself.
 *
 * <p>Coordinates are pixel-edge coordinates (integers): pixel (x, y) spans [x, x+1) x [y, y+1),
 * x along columns and y along rows. Exteriors run clockwise as seen on screen (positive
 * {@link Polygon#signedArea}), holes counter-clockwise, and only the corners where the direction
 * changes are kept. Each exterior starts at the top-left corner of its component's first pixel.
 */
public final class ContourTracer {

    // Directions of travel along pixel edges, y growing downwards: east, south, west, north.
    private static final int[] STEP_X = {1, 0, -1, 0};
    private static final int[] STEP_Y = {0, 1, 0, -1};
    private static final int EAST = 0;

    private ContourTracer() {
    }

    /**
     * Traces a single-slice mask.
     *
     * @throws IllegalArgumentException when the mask has more than one slice
     */
    public static List<Polygon> trace(Mask mask) {
        Grids.requireNonNull("mask", mask);
        if (mask.geometry().slices() != 1) {
            throw new IllegalArgumentException("mask has " + mask.geometry().slices()
                    + " slices; pass a slice index to trace one slice");
        }
        return trace(mask, 0);
    }

    /**
     * Traces slice {@code k} of {@code mask}. The polygons carry slice index {@code k}.
     *
     * @throws IllegalArgumentException when {@code k} is outside the mask's slices
     */
    public static List<Polygon> trace(Mask mask, int k) {
        Grids.requireNonNull("mask", mask);
        Geometry geometry = mask.geometry();
        if (k < 0 || k >= geometry.slices()) {
            throw new IllegalArgumentException("slice index k=" + k + " is outside [0, " + geometry.slices() + ")");
        }
        Mask slice = geometry.slices() == 1 ? mask : mask.slice(k);
        int width = geometry.columns();
        int height = geometry.rows();
        byte[] pixels = slice.toBytes(VoxelOrder.ROW_MAJOR);
        int[] labels = ConnectedComponents.label(slice, 8).labelArray();

        int count = 0;
        for (int label : labels) {
            count = Math.max(count, label);
        }
        double[][] exteriors = new double[count + 1][];
        List<List<double[]>> holes = new ArrayList<>();
        for (int label = 0; label <= count; label++) {
            holes.add(new ArrayList<>());
        }

        // Every ring has at least one eastward edge, and eastward edges are the top edges of
        // foreground pixels below background, so scanning those in raster order finds every ring once.
        boolean[] visitedTopEdge = new boolean[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int index = x + width * y;
                if (pixels[index] == 0 || visitedTopEdge[index] || (y > 0 && pixels[index - width] != 0)) {
                    continue;
                }
                double[] ring = traceRing(pixels, width, height, x, y, visitedTopEdge);
                int label = labels[index];
                if (Polygon.signedArea(ring) > 0) {
                    exteriors[label] = ring;
                } else {
                    holes.get(label).add(ring);
                }
            }
        }

        List<Polygon> polygons = new ArrayList<>(count);
        for (int label = 1; label <= count; label++) {
            polygons.add(new Polygon(exteriors[label], holes.get(label), k));
        }
        return polygons;
    }

    /**
     * Traces every slice of {@code mask}, in slice order; each polygon carries its slice index.
     * {@link PolygonRasterizer#rasterize(List, Geometry)} on the result gives the mask back.
     */
    public static List<Polygon> traceAllSlices(Mask mask) {
        Grids.requireNonNull("mask", mask);
        List<Polygon> polygons = new ArrayList<>();
        for (int k = 0; k < mask.geometry().slices(); k++) {
            polygons.addAll(trace(mask, k));
        }
        return polygons;
    }

    /** Follows one ring from the top-left corner of pixel (x0, y0), heading east, until it closes. */
    private static double[] traceRing(byte[] pixels, int width, int height, int x0, int y0, boolean[] visitedTopEdge) {
        double[] corners = new double[16];
        int cornerCount = 0;
        int x = x0;
        int y = y0;
        int direction = EAST;
        do {
            if (direction == EAST) {
                visitedTopEdge[x + width * y] = true;
            }
            x += STEP_X[direction];
            y += STEP_Y[direction];
            int next = nextDirection(pixels, width, height, x, y, direction);
            if (next != direction) {
                if (cornerCount + 2 > corners.length) {
                    corners = Arrays.copyOf(corners, corners.length * 2);
                }
                corners[cornerCount++] = x;
                corners[cornerCount++] = y;
            }
            direction = next;
        } while (x != x0 || y != y0 || direction != EAST);

        // The start vertex, when it is a corner, was recorded last, so it moves to the front.
        double[] ring = new double[cornerCount];
        if (corners[cornerCount - 2] == x0 && corners[cornerCount - 1] == y0) {
            ring[0] = x0;
            ring[1] = y0;
            System.arraycopy(corners, 0, ring, 2, cornerCount - 2);
        } else {
            System.arraycopy(corners, 0, ring, 0, cornerCount);
        }
        return ring;
    }

    /**
     * Chooses the boundary edge leaving vertex (x, y): the left turn, straight on or the right
     * turn, first that exists. Only at a corner where two foreground pixels touch diagonally do
     * two edges leave, and taking the left turn keeps those pixels in one ring (8-connectivity).
     */
    private static int nextDirection(byte[] pixels, int width, int height, int x, int y, int incoming) {
        boolean topLeft = isForeground(pixels, width, height, x - 1, y - 1);
        boolean topRight = isForeground(pixels, width, height, x, y - 1);
        boolean bottomLeft = isForeground(pixels, width, height, x - 1, y);
        boolean bottomRight = isForeground(pixels, width, height, x, y);
        // Foreground lies to the right of travel: e.g. eastward along the top of the bottom-right pixel.
        boolean[] leaves = {
            bottomRight && !topRight,
            bottomLeft && !bottomRight,
            topLeft && !bottomLeft,
            topRight && !topLeft,
        };
        int left = (incoming + 3) & 3;
        int right = (incoming + 1) & 3;
        if (leaves[left]) {
            return left;
        }
        if (leaves[incoming]) {
            return incoming;
        }
        if (leaves[right]) {
            return right;
        }
        throw new IllegalStateException("contour ends at vertex (" + x + ", " + y + ")");
    }

    private static boolean isForeground(byte[] pixels, int width, int height, int x, int y) {
        return x >= 0 && y >= 0 && x < width && y < height && pixels[x + width * y] != 0;
    }
}
