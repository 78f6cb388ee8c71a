package org.medannot.dicom.series;

import org.medannot.dicom.DicomException;

/** Vector helpers for Image Orientation (Patient) (PS3.3 section C.7.6.2.1.1). */
final class Orientation {

    private Orientation() {
    }

    /**
     * Returns the row direction, column direction and slice normal as nine numbers, made exactly
     * orthonormal (Gram-Schmidt on the column direction), because writers round the cosines.
     */
    static double[] directions(double[] orientation) {
        double[] row = normalize(new double[] {orientation[0], orientation[1], orientation[2]});
        double[] column = {orientation[3], orientation[4], orientation[5]};
        double dot = dot(row, column);
        for (int axis = 0; axis < 3; axis++) {
            column[axis] -= dot * row[axis];
        }
        column = normalize(column);
        double[] normal = cross(row, column);
        return new double[] {row[0], row[1], row[2], column[0], column[1], column[2], normal[0], normal[1], normal[2]};
    }

    /** Returns the unit normal (row direction x column direction) of the image plane. */
    static double[] normal(double[] orientation) {
        double[] directions = directions(orientation);
        return new double[] {directions[6], directions[7], directions[8]};
    }

    static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    static double[] normalize(double[] v) {
        double length = Math.sqrt(dot(v, v));
        if (!(length > 0) || !Double.isFinite(length)) {
            throw new DicomException("Image Orientation (Patient): expected two non-zero direction vectors, found a zero or invalid one");
        }
        return new double[] {v[0] / length, v[1] / length, v[2] / length};
    }
}
