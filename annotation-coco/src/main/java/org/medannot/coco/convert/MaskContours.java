package org.medannot.coco.convert;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Traces the boundaries of a 2D binary image along pixel edges and joins them into COCO polygons.
 *
 * <p>Pixel (x, y) is the unit square [x, x+1) x [y, y+1), so every vertex has integer coordinates.
 * Foreground is 4-connected: pixels that touch only at a corner belong to different polygons.
 * Each 4-connected component becomes one polygon: its outer ring, followed by each hole ring
 * reached by a jump from the outer ring's first vertex and back. Each jump is walked once in each
 * direction, so its crossings cancel in pycocotools' even-odd rasterization, and the union of the
 * polygons rasterizes back to exactly the traced pixels.
 */
final class MaskContours {

    // Edge directions; a pixel's boundary is walked clockwise on screen (x right, y down).
    private static final int EAST = 1;
    private static final int SOUTH = 2;
    private static final int WEST = 4;
    private static final int NORTH = 8;

    private MaskContours() {
    }

    /**
     * Returns one polygon {@code [x0, y0, x1, y1, ...]} per 4-connected component of the
     * foreground.
     *
     * @param pixels {@code width * height} values in row-major order ({@code y * width + x}),
     *     {@code true} for foreground
     */
    static List<double[]> polygons(boolean[] pixels, int width, int height) {
        int[] labels = new int[pixels.length];
        int components = label(pixels, width, height, labels);
        if (components == 0) {
            return List.of();
        }

        byte[] outgoing = boundaryEdges(pixels, width, height);
        int[][] outerRings = new int[components][];
        List<List<int[]>> holes = new ArrayList<>(components);
        for (int c = 0; c < components; c++) {
            holes.add(new ArrayList<>());
        }

        // Start rings in row-major vertex order so the output is deterministic.
        int vertexColumns = width + 1;
        for (int vertex = 0; vertex < outgoing.length; vertex++) {
            while (outgoing[vertex] != 0) {
                int[] ring = traceRing(outgoing, vertex, vertexColumns);
                int component = labels[firstEdgePixel(ring, width)] - 1;
                if (signedAreaTwice(ring) > 0) {
                    outerRings[component] = ring;
                } else {
                    holes.get(component).add(ring);
                }
            }
        }

        List<double[]> polygons = new ArrayList<>(components);
        for (int c = 0; c < components; c++) {
            polygons.add(join(outerRings[c], holes.get(c)));
        }
        return polygons;
    }

    /** Labels 4-connected foreground components 1..n in row-major order of their first pixel. */
    private static int label(boolean[] pixels, int width, int height, int[] labels) {
        int next = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int start = 0; start < pixels.length; start++) {
            if (!pixels[start] || labels[start] != 0) {
                continue;
            }
            next++;
            labels[start] = next;
            queue.add(start);
            while (!queue.isEmpty()) {
                int index = queue.poll();
                int x = index % width;
                int y = index / width;
                if (x > 0) {
                    visit(pixels, labels, index - 1, next, queue);
                }
                if (x < width - 1) {
                    visit(pixels, labels, index + 1, next, queue);
                }
                if (y > 0) {
                    visit(pixels, labels, index - width, next, queue);
                }
                if (y < height - 1) {
                    visit(pixels, labels, index + width, next, queue);
                }
            }
        }
        return next;
    }

    private static void visit(boolean[] pixels, int[] labels, int index, int label, ArrayDeque<Integer> queue) {
        if (pixels[index] && labels[index] == 0) {
            labels[index] = label;
            queue.add(index);
        }
    }

    /**
     * Returns, per vertex {@code y * (width + 1) + x}, the set of directions of boundary edges that
     * start there. An edge separates a foreground pixel from background or the image border, with
     * the foreground on its right-hand side on screen.
     */
    private static byte[] boundaryEdges(boolean[] pixels, int width, int height) {
        int vertexColumns = width + 1;
        byte[] outgoing = new byte[vertexColumns * (height + 1)];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (!pixels[y * width + x]) {
                    continue;
                }
                if (y == 0 || !pixels[(y - 1) * width + x]) {
                    outgoing[y * vertexColumns + x] |= EAST;
                }
                if (x == width - 1 || !pixels[y * width + x + 1]) {
                    outgoing[y * vertexColumns + x + 1] |= SOUTH;
                }
                if (y == height - 1 || !pixels[(y + 1) * width + x]) {
                    outgoing[(y + 1) * vertexColumns + x + 1] |= WEST;
                }
                if (x == 0 || !pixels[y * width + x - 1]) {
                    outgoing[(y + 1) * vertexColumns + x] |= NORTH;
                }
            }
        }
        return outgoing;
    }

    /**
     * Walks one ring from {@code start}, removing its edges, and returns its corner vertices as
     * {@code [x0, y0, x1, y1, ...]}. Where two edges leave a vertex (two pixels touching at a
     * corner), the walk turns right, which keeps to the pixel it came along.
     */
    private static int[] traceRing(byte[] outgoing, int start, int vertexColumns) {
        IntList corners = new IntList();
        int startDirection = Integer.lowestOneBit(outgoing[start]);
        int vertex = start;
        int direction = startDirection;
        int previous = 0;
        while (true) {
            if (direction != previous) {
                corners.add(vertex % vertexColumns);
                corners.add(vertex / vertexColumns);
            }
            outgoing[vertex] &= (byte) ~direction;
            vertex = step(vertex, direction, vertexColumns);
            previous = direction;
            // Back at the start, the ring is closed when the walk would leave along its first edge.
            if (vertex == start && nextDirection(outgoing[vertex] | startDirection, previous) == startDirection) {
                return corners.toArray();
            }
            if (outgoing[vertex] == 0) {
                throw new IllegalStateException("boundary ring is not closed at vertex " + vertex);
            }
            direction = nextDirection(outgoing[vertex], previous);
        }
    }

    /** Returns the right turn when it is available, else straight on, else the left turn. */
    private static int nextDirection(int choices, int previous) {
        int right = rightOf(previous);
        if ((choices & right) != 0) {
            return right;
        }
        if ((choices & previous) != 0) {
            return previous;
        }
        return leftOf(previous);
    }

    private static int rightOf(int direction) {
        return switch (direction) {
            case EAST -> SOUTH;
            case SOUTH -> WEST;
            case WEST -> NORTH;
            default -> EAST;
        };
    }

    private static int leftOf(int direction) {
        return switch (direction) {
            case EAST -> NORTH;
            case NORTH -> WEST;
            case WEST -> SOUTH;
            default -> EAST;
        };
    }

    private static int step(int vertex, int direction, int vertexColumns) {
        return switch (direction) {
            case EAST -> vertex + 1;
            case SOUTH -> vertex + vertexColumns;
            case WEST -> vertex - 1;
            default -> vertex - vertexColumns;
        };
    }

    /** Returns the row-major index of the pixel on the right of the ring's first edge. */
    private static int firstEdgePixel(int[] ring, int width) {
        int x0 = ring[0];
        int y0 = ring[1];
        int x1 = ring[2];
        int y1 = ring[3];
        int px;
        int py;
        if (y1 == y0) {
            // Horizontal edge: eastwards has its pixel below, westwards above.
            px = x1 > x0 ? x0 : x0 - 1;
            py = x1 > x0 ? y0 : y0 - 1;
        } else {
            // Vertical edge: southwards has its pixel on the left, northwards on the right.
            px = y1 > y0 ? x0 - 1 : x0;
            py = y1 > y0 ? y0 : y0 - 1;
        }
        return py * width + px;
    }

    /** Returns twice the shoelace area; positive for rings clockwise on screen (outer rings). */
    private static long signedAreaTwice(int[] ring) {
        long sum = 0;
        int points = ring.length / 2;
        for (int n = 0; n < points; n++) {
            int next = (n + 1) % points;
            sum += (long) ring[2 * n] * ring[2 * next + 1] - (long) ring[2 * next] * ring[2 * n + 1];
        }
        return sum;
    }

    /** Joins an outer ring and its holes into one polygon, with each hole reached by a jump there and back. */
    private static double[] join(int[] outer, List<int[]> holes) {
        int length = outer.length;
        for (int[] hole : holes) {
            // Closing vertex of the outer ring, the hole, the hole's closing vertex.
            length += 2 + hole.length + 2;
        }
        if (!holes.isEmpty()) {
            length += 2;
        }
        double[] polygon = new double[length];
        int n = 0;
        for (int value : outer) {
            polygon[n++] = value;
        }
        for (int[] hole : holes) {
            polygon[n++] = outer[0];
            polygon[n++] = outer[1];
            for (int value : hole) {
                polygon[n++] = value;
            }
            polygon[n++] = hole[0];
            polygon[n++] = hole[1];
        }
        if (!holes.isEmpty()) {
            polygon[n++] = outer[0];
            polygon[n++] = outer[1];
        }
        return polygon;
    }

    /** A growable list of {@code int}. */
    private static final class IntList {
        private int[] values = new int[16];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
