package org.medannot.dicom.rtstruct;

import java.util.List;

/**
 * One item of the Contour Sequence (3006,0040) of an ROI (PS3.3 section C.8.8.6).
 *
 * @param geometricType Contour Geometric Type (3006,0042): POINT, OPEN_PLANAR, OPEN_NONPLANAR
 *     or CLOSED_PLANAR
 * @param points Contour Data (3006,0050): x0, y0, z0, x1, ... in LPS patient coordinates (mm);
 *     a CLOSED_PLANAR contour does not repeat its first point, the last connects to the first
 * @param referencedSopInstanceUids the Referenced SOP Instance UIDs of the Contour Image
 *     Sequence (3006,0016), possibly empty
 */
public record RtContour(String geometricType, double[] points, List<String> referencedSopInstanceUids) {

    public RtContour {
        points = points.clone();
        referencedSopInstanceUids = List.copyOf(referencedSopInstanceUids);
    }

    /** Number of points. */
    public int pointCount() {
        return points.length / 3;
    }

    /** Contour Data as a copy. */
    @Override
    public double[] points() {
        return points.clone();
    }
}
