package org.medannot.metrics.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.metrics.MetricsException;

/**
 * A PNG image of one slice with the outlines of the reference (green) and of the prediction
 * (magenta) drawn over their filled regions (dim green, dim magenta, grey where both agree).
 * White marks pixels on both outlines. Column index increases to the right and row index
 * downwards, as stored. Pixels are enlarged up to 8 times so that the image is at least 256
 * pixels wide.
 *
 * @param caseId              the case the slice belongs to
 * @param slice               the slice index (0-based)
 * @param disagreementVoxels  voxels of the slice whose label differs between the maps, among the compared labels
 * @param png                 the encoded image
 */
public record Overlay(String caseId, int slice, long disagreementVoxels, byte[] png) {

    private static final int MIN_WIDTH = 256;
    private static final int MAX_SCALE = 8;

    /**
     * Renders the {@code count} slices with the most disagreeing voxels (ties: lower slice first);
     * slices where the maps agree are left out.
     *
     * @param labels the labels to compare; other labels count as background
     * @throws MetricsException when the maps lie on different grids
     */
    public static List<Overlay> worstSlices(String caseId, LabelMap reference, LabelMap prediction, Set<Integer> labels,
            int count) {
        Objects.requireNonNull(labels, "labels");
        Geometry geometry = reference.geometry();
        if (!geometry.sameGrid(prediction.geometry(), org.medannot.core.mask.Mask.GRID_TOLERANCE_MM)) {
            throw new MetricsException("overlays need both label maps on one grid: "
                    + geometry.describeDifference(prediction.geometry(), org.medannot.core.mask.Mask.GRID_TOLERANCE_MM));
        }
        boolean[] selected = new boolean[65536];
        labels.forEach(label -> selected[label] = true);
        short[] a = reference.array();
        short[] b = prediction.array();
        int sliceSize = geometry.sliceSize();
        List<long[]> slices = new ArrayList<>();
        for (int k = 0; k < geometry.slices(); k++) {
            long differing = 0;
            for (int n = k * sliceSize; n < (k + 1) * sliceSize; n++) {
                if (shown(a[n], selected) != shown(b[n], selected)) {
                    differing++;
                }
            }
            if (differing > 0) {
                slices.add(new long[] {k, differing});
            }
        }
        slices.sort(Comparator.comparingLong((long[] s) -> -s[1]).thenComparingLong(s -> s[0]));
        List<Overlay> overlays = new ArrayList<>();
        for (long[] s : slices.subList(0, Math.min(count, slices.size()))) {
            int k = (int) s[0];
            overlays.add(new Overlay(caseId, k, s[1], render(geometry, a, b, selected, k)));
        }
        return overlays;
    }

    private static int shown(short value, boolean[] selected) {
        int label = value & 0xFFFF;
        return selected[label] ? label : 0;
    }

    private static byte[] render(Geometry geometry, short[] a, short[] b, boolean[] selected, int k) {
        int columns = geometry.columns();
        int rows = geometry.rows();
        int scale = Math.max(1, Math.min(MAX_SCALE, (MIN_WIDTH + columns - 1) / columns));
        int width = columns * scale;
        int height = rows * scale;
        byte[] rgb = new byte[width * height * 3];
        int base = k * geometry.sliceSize();
        for (int j = 0; j < rows; j++) {
            for (int i = 0; i < columns; i++) {
                int n = base + j * columns + i;
                int referenceLabel = shown(a[n], selected);
                int predictionLabel = shown(b[n], selected);
                boolean referenceEdge = referenceLabel != 0 && onOutline(a, selected, base, columns, rows, i, j);
                boolean predictionEdge = predictionLabel != 0 && onOutline(b, selected, base, columns, rows, i, j);
                int red = 0;
                int green = 0;
                int blue = 0;
                if (referenceLabel != 0) {
                    green += 70;
                }
                if (predictionLabel != 0) {
                    red += 70;
                    blue += 70;
                }
                if (referenceEdge && predictionEdge) {
                    red = 255;
                    green = 255;
                    blue = 255;
                } else if (referenceEdge) {
                    red = 0;
                    green = 255;
                    blue = 0;
                } else if (predictionEdge) {
                    red = 255;
                    green = 0;
                    blue = 255;
                }
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        int p = 3 * ((j * scale + dy) * width + i * scale + dx);
                        rgb[p] = (byte) red;
                        rgb[p + 1] = (byte) green;
                        rgb[p + 2] = (byte) blue;
                    }
                }
            }
        }
        return PngEncoder.encodeRgb(width, height, rgb);
    }

    /** True when a 4-neighbour lies outside the slice or carries another label. */
    private static boolean onOutline(short[] labels, boolean[] selected, int base, int columns, int rows, int i, int j) {
        int value = shown(labels[base + j * columns + i], selected);
        return i == 0 || j == 0 || i == columns - 1 || j == rows - 1
                || shown(labels[base + j * columns + i - 1], selected) != value
                || shown(labels[base + j * columns + i + 1], selected) != value
                || shown(labels[base + (j - 1) * columns + i], selected) != value
                || shown(labels[base + (j + 1) * columns + i], selected) != value;
    }
}
