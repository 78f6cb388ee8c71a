package org.medannot.dicom.rtstruct;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.geometry.Polygon;
import org.medannot.core.mask.Mask;
import org.medannot.core.ops.PolygonRasterizer;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.seg.ReferenceGrid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts the CLOSED_PLANAR contours of RT Structure Set ROIs to masks on the grid of the
 * image series they were drawn on.
 *
 * <p>Each contour goes to the slice whose plane is nearest to its first point; every point must
 * lie within the tolerance of that plane. Points are mapped to the slice's pixel grid, and a
 * pixel is inside when its centre is inside by the even-odd rule over all contours of the ROI on
 * that slice. So a contour inside another contour of the same ROI and slice is a hole, and a
 * contour inside a hole is an island again. This is the rule of {@link Polygon} and
 * {@link PolygonRasterizer}, with pixel (i, j) spanning [i - 0.5, i + 0.5) x [j - 0.5, j + 0.5)
 * around its centre. Parts of contours outside the grid are clipped.
 *
 * <p>POINT, OPEN_PLANAR and OPEN_NONPLANAR contours enclose no area and are skipped, as noted in
 * {@link RoiMasks#skipped()}. Instances are immutable and thread-safe.
 */
public final class ContourRasterizer {

    private static final Logger LOG = LoggerFactory.getLogger(ContourRasterizer.class);

    /** Default largest distance in mm between a contour point and its slice plane. */
    public static final double DEFAULT_PLANE_TOLERANCE_MM = 0.1;

    /** The handling of a closed contour that lies on no slice plane of the grid. */
    public enum OffGridContours {
        /** Raise a {@link DicomException} naming the ROI, the contour and its distance to the nearest plane. */
        REJECT,
        /** Leave the contour out and note it in {@link RoiMasks#skipped()}, as when only part of the series is at hand. */
        SKIP
    }

    /**
     * The masks of the ROIs by ROI Number, in Structure Set ROI Sequence order, and what was left
     * out.
     *
     * @param masks one mask per ROI (empty for an ROI without closed contours on the grid)
     * @param skipped one sentence per contour left out
     */
    public record RoiMasks(Map<Integer, Mask> masks, List<String> skipped) {
        public RoiMasks {
            masks = Collections.unmodifiableMap(new LinkedHashMap<>(masks));
            skipped = List.copyOf(skipped);
        }
    }

    private final double toleranceMm;
    private final OffGridContours offGrid;

    /** A rasterizer with {@link #DEFAULT_PLANE_TOLERANCE_MM} that rejects off-grid contours. */
    public ContourRasterizer() {
        this(DEFAULT_PLANE_TOLERANCE_MM, OffGridContours.REJECT);
    }

    /**
     * @param toleranceMm largest distance in mm between a contour point and its slice plane; > 0
     * @param offGrid what to do with contours on no slice plane
     */
    public ContourRasterizer(double toleranceMm, OffGridContours offGrid) {
        if (!(toleranceMm > 0) || !Double.isFinite(toleranceMm)) {
            throw new IllegalArgumentException("toleranceMm must be finite and > 0, but was " + toleranceMm);
        }
        this.toleranceMm = toleranceMm;
        this.offGrid = Objects.requireNonNull(offGrid, "offGrid");
    }

    /**
     * Builds the grid of the series that the structure set's first Frame of Reference refers
     * to, from image files (headers only).
     *
     * @throws DicomException when the structure set names no series or the files do not hold it
     */
    public static ReferenceGrid gridFromFiles(RtStructureSet structureSet, List<Path> images) {
        for (Map.Entry<String, List<String>> frame : structureSet.referencedSeries().entrySet()) {
            if (!frame.getValue().isEmpty()) {
                try {
                    return ReferenceGrid.fromFiles(images, frame.getValue().get(0));
                } catch (DicomException e) {
                    throw new DicomException("structure set " + structureSet.sopInstanceUid() + ", Referenced Frame of Reference UID "
                            + frame.getKey() + ": " + e.getMessage(), e);
                }
            }
        }
        throw new DicomException("structure set " + structureSet.sopInstanceUid()
                + ": Referenced Frame of Reference Sequence (3006,0010) names no series; pass the grid of the images instead");
    }

    /**
     * Rasterizes every ROI of a structure set.
     *
     * @throws DicomException when an ROI refers to another Frame of Reference than the grid's, a
     *     contour is not planar, or (with {@link OffGridContours#REJECT}) a contour lies on no slice plane
     */
    public RoiMasks rasterize(RtStructureSet structureSet, ReferenceGrid grid) {
        Objects.requireNonNull(structureSet, "structureSet");
        Objects.requireNonNull(grid, "grid");
        Map<Integer, Mask> masks = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (RtRoi roi : structureSet.rois()) {
            checkFrameOfReference(structureSet, roi, grid);
            masks.put(roi.number(), rasterize(roi, grid, skipped));
        }
        if (!skipped.isEmpty()) {
            LOG.warn("structure set {}: {} contours left out (not closed or on no slice of the grid)",
                    structureSet.sopInstanceUid(), skipped.size());
        }
        return new RoiMasks(masks, skipped);
    }

    private static void checkFrameOfReference(RtStructureSet structureSet, RtRoi roi, ReferenceGrid grid) {
        String roiFrame = roi.frameOfReferenceUid();
        if (roiFrame.isEmpty() || grid.frameOfReferenceUid().isEmpty() || roiFrame.equals(grid.frameOfReferenceUid())) {
            return;
        }
        List<String> series = structureSet.referencedSeries().getOrDefault(roiFrame, List.of());
        throw new DicomException("structure set " + structureSet.sopInstanceUid() + ": ROI " + roi.number() + " \"" + roi.name()
                + "\" refers to Frame of Reference UID " + roiFrame
                + (series.isEmpty() ? "" : " (series " + String.join(", ", series) + ")")
                + ", but the supplied images have Frame of Reference UID " + grid.frameOfReferenceUid()
                + (grid.seriesInstanceUid().isEmpty() ? "" : " (series " + grid.seriesInstanceUid() + ")")
                + "; supply the images of the referenced series");
    }

    /** Rasterizes one ROI, adding a sentence to {@code skipped} for each contour left out. */
    public Mask rasterize(RtRoi roi, ReferenceGrid grid, List<String> skipped) {
        Geometry geometry = grid.geometry();
        Map<Integer, List<double[]>> ringsBySlice = new TreeMap<>();
        List<RtContour> contours = roi.contours();
        for (int c = 0; c < contours.size(); c++) {
            RtContour contour = contours.get(c);
            String where = "ROI " + roi.number() + " \"" + roi.name() + "\", contour " + (c + 1);
            if (!contour.geometricType().equals("CLOSED_PLANAR")) {
                skipped.add(where + ": Contour Geometric Type " + contour.geometricType() + " encloses no area");
                continue;
            }
            if (contour.pointCount() < 3) {
                skipped.add(where + ": " + contour.pointCount() + " points cannot enclose an area");
                continue;
            }
            double[] points = contour.points();
            ReferenceGrid.SliceMatch first = grid.nearestSlice(new double[] {points[0], points[1], points[2]});
            if (Math.abs(first.normalDistanceMm()) > toleranceMm) {
                String message = String.format(Locale.ROOT, "%s lies on no slice plane of the grid: its first point is %.4f mm from"
                        + " the nearest plane, slice %d (tolerance %s mm)", where, Math.abs(first.normalDistanceMm()), first.slice(),
                        toleranceMm);
                if (offGrid == OffGridContours.REJECT) {
                    throw new DicomException(message + "; supply every image of the series or skip off-grid contours");
                }
                skipped.add(message);
                continue;
            }
            ringsBySlice.computeIfAbsent(first.slice(), key -> new ArrayList<>())
                    .add(toPixelRing(points, first.slice(), grid, geometry, where));
        }

        Mask mask = new Mask(geometry);
        for (Map.Entry<Integer, List<double[]>> entry : ringsBySlice.entrySet()) {
            List<double[]> rings = entry.getValue();
            // The rasterizer applies even-odd over all rings, so listing the rest as holes combines them by even-odd.
            Polygon polygon = new Polygon(rings.get(0), rings.subList(1, rings.size()), entry.getKey());
            PolygonRasterizer.rasterizeInto(polygon, mask);
        }
        return mask;
    }

    /**
     * Maps the LPS points of a contour to pixel-edge coordinates of slice {@code slice}: the
     * centre of pixel (i, j) is at (i + 0.5, j + 0.5), as {@link Polygon} expects.
     */
    private double[] toPixelRing(double[] points, int slice, ReferenceGrid grid, Geometry geometry, String where) {
        int count = points.length / 3;
        double[] ring = new double[2 * count];
        double[] direction = geometry.direction();
        double[] origin = grid.slicePosition(slice);
        for (int p = 0; p < count; p++) {
            double dx = points[3 * p] - origin[0];
            double dy = points[3 * p + 1] - origin[1];
            double dz = points[3 * p + 2] - origin[2];
            double along = dx * direction[6] + dy * direction[7] + dz * direction[8];
            if (Math.abs(along) > toleranceMm) {
                throw new DicomException(String.format(Locale.ROOT, "%s: point %d is %.4f mm off the plane of slice %d, where the"
                        + " contour starts (tolerance %s mm); CLOSED_PLANAR contours must lie in one slice plane", where, p + 1,
                        Math.abs(along), slice, toleranceMm));
            }
            double i = (dx * direction[0] + dy * direction[1] + dz * direction[2]) / geometry.spacing(0);
            double j = (dx * direction[3] + dy * direction[4] + dz * direction[5]) / geometry.spacing(1);
            ring[2 * p] = i + 0.5;
            ring[2 * p + 1] = j + 0.5;
        }
        return ring;
    }
}
