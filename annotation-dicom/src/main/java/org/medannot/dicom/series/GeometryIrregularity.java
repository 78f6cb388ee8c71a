package org.medannot.dicom.series;

/**
 * A departure of a series from a regular grid of parallel, equally spaced slices.
 *
 * @param kind what is irregular
 * @param message one sentence with the numbers (angle in degrees, distances in mm, slice
 *     indices 0-based in sorted order); never patient data
 */
public record GeometryIrregularity(Kind kind, String message) {

    /** Kinds of irregularity. */
    public enum Kind {
        /** Slice positions step along a direction other than the slice normal (gantry or detector tilt). */
        GANTRY_TILT,
        /** Distances between consecutive slices differ. */
        NON_UNIFORM_SPACING,
        /** A gap between two slices is a multiple of the usual distance. */
        MISSING_SLICES,
        /** Two or more slices share a position. */
        DUPLICATE_POSITIONS,
        /** Slices of the series have different orientations; the series was split. */
        MIXED_ORIENTATIONS,
        /** Slices lack Image Position or Orientation (Patient), so their order and spacing are unknown. */
        MISSING_POSITION
    }

    @Override
    public String toString() {
        return kind + ": " + message;
    }
}
