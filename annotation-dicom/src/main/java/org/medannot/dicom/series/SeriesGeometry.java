package org.medannot.dicom.series;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.medannot.core.geometry.Geometry;
import org.medannot.dicom.Attributes;
import org.medannot.dicom.Tag;

/**
 * The grid of a series: its frames sorted by Image Position (Patient) projected on the slice
 * normal (never by Instance Number), the spacing between slices from those positions (not
 * from Slice Thickness), and every irregularity found.
 *
 * <p>Geometry: column direction i = the row direction cosines of Image Orientation (Patient)
 * (first three values), row direction j = the column direction cosines, slice direction k = their
 * cross product; spacing [Pixel Spacing[1], Pixel Spacing[0], median slice distance], because
 * Pixel Spacing is [distance between rows, distance between columns]; origin = Image Position
 * (Patient) of the first sorted frame. A single frame without position is a 2D image at the
 * origin with identity directions.
 *
 * <p>Tolerances: positions closer than 0.01 mm are duplicates; a slice distance differing from
 * the median by more than max(0.01 mm, 1 %) is non-uniform (a missing slice when the gap is 1.5 or
 * more times the median); slice steps more than 0.01 degrees off the normal are a gantry tilt.
 *
 * @param slices the frames in slice order
 * @param geometry the grid, in LPS
 * @param irregularities every irregularity found; empty for a regular series
 */
public record SeriesGeometry(List<SliceSource> slices, Geometry geometry, List<GeometryIrregularity> irregularities) {

    private static final double DUPLICATE_MM = 0.01;
    private static final double SPACING_TOLERANCE_MM = 0.01;
    private static final double SPACING_TOLERANCE_RELATIVE = 0.01;
    private static final double TILT_TOLERANCE_DEGREES = 0.01;

    public SeriesGeometry {
        slices = List.copyOf(slices);
        irregularities = List.copyOf(irregularities);
    }

    /** Whether the series forms a regular grid. */
    public boolean regular() {
        return irregularities.isEmpty();
    }

    /** Sorts the frames of a series and checks their geometry. */
    public static SeriesGeometry of(DicomSeries series) {
        List<SliceSource> slices = new ArrayList<>(series.slices());
        List<GeometryIrregularity> irregularities = new ArrayList<>();
        SliceSource first = slices.get(0);
        int columns = first.columns();
        int rows = first.rows();
        double[] pixelSpacing = first.pixelSpacing() != null ? first.pixelSpacing() : new double[] {1, 1};
        double[] inPlane = {pixelSpacing[1], pixelSpacing[0]};

        boolean positioned = slices.stream().allMatch(s -> s.position() != null && s.orientation() != null);
        if (!positioned) {
            if (slices.size() > 1) {
                irregularities.add(new GeometryIrregularity(GeometryIrregularity.Kind.MISSING_POSITION,
                        "frames lack Image Position or Orientation (Patient); kept in file order with 1 mm slice spacing"));
            }
            double[] direction = first.orientation() != null ? Orientation.directions(first.orientation()) : Geometry.identityDirection();
            double[] origin = first.position() != null ? first.position().clone() : new double[3];
            Geometry geometry = Geometry.of(columns, rows, slices.size(), new double[] {inPlane[0], inPlane[1], 1}, origin, direction);
            return new SeriesGeometry(slices, geometry, irregularities);
        }

        double[] direction = Orientation.directions(first.orientation());
        double[] normal = {direction[6], direction[7], direction[8]};
        slices.sort(Comparator.comparingDouble((SliceSource s) -> Orientation.dot(s.position(), normal))
                .thenComparingInt(SliceSource::instanceNumber)
                .thenComparingInt(SliceSource::frame));

        double sliceSpacing = 1;
        if (slices.size() > 1) {
            double[] distances = new double[slices.size() - 1];
            int duplicates = 0;
            for (int k = 1; k < slices.size(); k++) {
                distances[k - 1] = Orientation.dot(slices.get(k).position(), normal) - Orientation.dot(slices.get(k - 1).position(), normal);
                if (Math.abs(distances[k - 1]) < DUPLICATE_MM) {
                    duplicates++;
                }
            }
            if (duplicates > 0) {
                irregularities.add(new GeometryIrregularity(GeometryIrregularity.Kind.DUPLICATE_POSITIONS,
                        duplicates + " of " + slices.size() + " frames repeat the position of the previous frame"
                                + " (several volumes or echoes in one series?)"));
            }
            double[] positive = Arrays.stream(distances).filter(d -> d >= DUPLICATE_MM).sorted().toArray();
            if (positive.length > 0) {
                sliceSpacing = positive[positive.length / 2];
                checkSpacing(positive, distances, sliceSpacing, irregularities);
            }
            checkTilt(slices, normal, irregularities);
        } else {
            double fallback = declaredSliceSpacing(first);
            sliceSpacing = fallback > 0 ? fallback : 1;
        }

        Geometry geometry = Geometry.of(columns, rows, slices.size(), new double[] {inPlane[0], inPlane[1], sliceSpacing},
                slices.get(0).position().clone(), direction);
        return new SeriesGeometry(slices, geometry, irregularities);
    }

    /**
     * Returns the slice spacing that a single slice declares, or 0 when it declares none. That is
     * Spacing Between Slices, else Slice Thickness, looked up at the top level of the data set,
     * then in the Pixel Measures of the per-frame and the shared functional groups (enhanced
     * objects).
     */
    private static double declaredSliceSpacing(SliceSource slice) {
        List<Attributes> candidates = new ArrayList<>();
        candidates.add(slice.dataSet());
        Attributes shared = slice.dataSet().getItem(Tag.SHARED_FUNCTIONAL_GROUPS_SEQUENCE);
        for (Attributes groups : new Attributes[] {slice.frameAttributes(), shared}) {
            Attributes measures = groups == null ? null : groups.getItem(Tag.PIXEL_MEASURES_SEQUENCE);
            if (measures != null) {
                candidates.add(measures);
            }
        }
        for (Attributes attributes : candidates) {
            for (int tag : new int[] {Tag.SPACING_BETWEEN_SLICES, Tag.SLICE_THICKNESS}) {
                if (attributes.contains(tag)) {
                    return attributes.getDouble(tag, 0);
                }
            }
        }
        return 0;
    }

    private static void checkSpacing(double[] sortedPositive, double[] distances, double median, List<GeometryIrregularity> irregularities) {
        double tolerance = Math.max(SPACING_TOLERANCE_MM, SPACING_TOLERANCE_RELATIVE * median);
        int gaps = 0;
        int uneven = 0;
        for (double distance : distances) {
            if (distance < DUPLICATE_MM) {
                continue;
            }
            if (distance >= 1.5 * median) {
                gaps++;
            } else if (Math.abs(distance - median) > tolerance) {
                uneven++;
            }
        }
        if (gaps > 0) {
            irregularities.add(new GeometryIrregularity(GeometryIrregularity.Kind.MISSING_SLICES, String.format(Locale.ROOT,
                    "%d %s of 1.5 or more times the median slice distance %.4f mm (largest %.4f mm)",
                    gaps, gaps == 1 ? "gap" : "gaps", median, sortedPositive[sortedPositive.length - 1])));
        }
        if (uneven > 0) {
            irregularities.add(new GeometryIrregularity(GeometryIrregularity.Kind.NON_UNIFORM_SPACING, String.format(Locale.ROOT,
                    "%d slice distances differ from the median %.4f mm by more than %.4f mm (range %.4f to %.4f mm)",
                    uneven, median, tolerance, sortedPositive[0], sortedPositive[sortedPositive.length - 1])));
        }
    }

    private static void checkTilt(List<SliceSource> slices, double[] normal, List<GeometryIrregularity> irregularities) {
        double[] firstPosition = slices.get(0).position();
        double[] lastPosition = slices.get(slices.size() - 1).position();
        double[] step = {lastPosition[0] - firstPosition[0], lastPosition[1] - firstPosition[1], lastPosition[2] - firstPosition[2]};
        double length = Math.sqrt(Orientation.dot(step, step));
        if (length < DUPLICATE_MM) {
            return;
        }
        double cosine = Math.min(1, Math.abs(Orientation.dot(step, normal)) / length);
        double degrees = Math.toDegrees(Math.acos(cosine));
        if (degrees > TILT_TOLERANCE_DEGREES) {
            irregularities.add(new GeometryIrregularity(GeometryIrregularity.Kind.GANTRY_TILT, String.format(Locale.ROOT,
                    "slice positions step %.3f degrees off the slice normal (gantry or detector tilt)", degrees)));
        }
    }
}
