package org.medannot.inference.internal;

import org.medannot.core.geometry.Geometry;

/**
 * Maps a volume's stored in-plane axes onto the radiological display orientation, in which
 * display columns run towards the patient's left (+x in LPS) and display rows towards posterior
 * (+y). Each display axis is the nearest stored axis, so the mapping is flips and at most one
 * transposition, without interpolation. The slice axis is unchanged.
 */
public final class PlaneOrientation {

    private final int columns;
    private final int rows;
    private final int slices;
    private final boolean transpose;
    private final boolean flipDisplayColumns;
    private final boolean flipDisplayRows;
    private final double[] spacing;

    private PlaneOrientation(Geometry geometry, boolean toDisplay) {
        this.columns = geometry.columns();
        this.rows = geometry.rows();
        this.slices = geometry.slices();
        double[] direction = geometry.direction();
        double[] stored = geometry.spacing();
        if (!toDisplay) {
            transpose = false;
            flipDisplayColumns = false;
            flipDisplayRows = false;
            spacing = stored;
            return;
        }
        // Does the stored column axis (i) lie closer to x than the stored row axis (j) does?
        transpose = Math.abs(direction[0]) < Math.abs(direction[3]);
        if (!transpose) {
            flipDisplayColumns = direction[0] < 0;
            flipDisplayRows = direction[4] < 0;
            spacing = stored;
        } else {
            flipDisplayColumns = direction[3] < 0;
            flipDisplayRows = direction[1] < 0;
            spacing = new double[] {stored[1], stored[0], stored[2]};
        }
    }

    /** Returns the display orientation of {@code geometry}'s slices. */
    public static PlaneOrientation display(Geometry geometry) {
        return new PlaneOrientation(geometry, true);
    }

    /** Returns the identity mapping: the stored array order. */
    public static PlaneOrientation stored(Geometry geometry) {
        return new PlaneOrientation(geometry, false);
    }

    /** Display columns. */
    public int displayColumns() {
        return transpose ? rows : columns;
    }

    /** Display rows. */
    public int displayRows() {
        return transpose ? columns : rows;
    }

    /** Spacing in mm along display columns, rows and slices. */
    public double[] displaySpacing() {
        return spacing.clone();
    }

    /** Returns true when display order is stored order (no transposition and no flip). */
    public boolean isIdentity() {
        return !transpose && !flipDisplayColumns && !flipDisplayRows;
    }

    /** Returns the stored in-slice offset (i + columns * j) of display pixel (column, row). */
    public int storedOffset(int displayColumn, int displayRow) {
        int c = flipDisplayColumns ? displayColumns() - 1 - displayColumn : displayColumn;
        int r = flipDisplayRows ? displayRows() - 1 - displayRow : displayRow;
        return transpose ? r + columns * c : c + columns * r;
    }

    /** Returns a copy of {@code stored} (x fastest, then y, then z) in display order. */
    public float[] toDisplay(float[] stored) {
        int plane = columns * rows;
        float[] result = new float[stored.length];
        for (int k = 0; k < slices; k++) {
            toDisplayPlane(stored, k * plane, result, k * plane);
        }
        return result;
    }

    /**
     * Writes the slice that starts at {@code stored[storedBase]} in display order into
     * {@code display}, starting at {@code displayBase}.
     */
    public void toDisplayPlane(float[] stored, int storedBase, float[] display, int displayBase) {
        int displayColumns = displayColumns();
        int displayRows = displayRows();
        for (int r = 0; r < displayRows; r++) {
            for (int c = 0; c < displayColumns; c++) {
                display[displayBase + c + displayColumns * r] = stored[storedBase + storedOffset(c, r)];
            }
        }
    }
}
