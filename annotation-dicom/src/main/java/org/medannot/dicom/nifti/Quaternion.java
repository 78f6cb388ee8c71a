package org.medannot.dicom.nifti;

/**
 * The NIfTI-1 qform parameters of a rotation: unit quaternion (a, b, c, d) with a >= 0, plus
 * qfac (1, or -1 when the axes form a left-handed system and the third column was negated).
 */
record Quaternion(double a, double b, double c, double d, double qfac) {

    /**
     * Extracts the quaternion from the 3x3 part of a row-major 4x4 affine whose column
     * {@code axis} has length {@code spacing[axis]}. The columns must be orthogonal, which the
     * core geometry guarantees.
     */
    static Quaternion fromAffine(double[] affine, double[] spacing) {
        double[] r = new double[9];
        for (int row = 0; row < 3; row++) {
            for (int column = 0; column < 3; column++) {
                r[3 * row + column] = affine[4 * row + column] / spacing[column];
            }
        }
        double determinant = r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6])
                + r[2] * (r[3] * r[7] - r[4] * r[6]);
        double qfac = 1;
        if (determinant < 0) {
            qfac = -1;
            r[2] = -r[2];
            r[5] = -r[5];
            r[8] = -r[8];
        }

        // Choose the largest of the four diagonal combinations to divide by, for stability.
        double trace = r[0] + r[4] + r[8] + 1;
        double a;
        double b;
        double c;
        double d;
        if (trace > 0.5) {
            a = 0.5 * Math.sqrt(trace);
            b = 0.25 * (r[7] - r[5]) / a;
            c = 0.25 * (r[2] - r[6]) / a;
            d = 0.25 * (r[3] - r[1]) / a;
        } else {
            double xd = 1 + r[0] - (r[4] + r[8]);
            double yd = 1 + r[4] - (r[0] + r[8]);
            double zd = 1 + r[8] - (r[0] + r[4]);
            if (xd > 1) {
                b = 0.5 * Math.sqrt(xd);
                c = 0.25 * (r[1] + r[3]) / b;
                d = 0.25 * (r[2] + r[6]) / b;
                a = 0.25 * (r[7] - r[5]) / b;
            } else if (yd > 1) {
                c = 0.5 * Math.sqrt(yd);
                b = 0.25 * (r[1] + r[3]) / c;
                d = 0.25 * (r[5] + r[7]) / c;
                a = 0.25 * (r[2] - r[6]) / c;
            } else {
                d = 0.5 * Math.sqrt(zd);
                b = 0.25 * (r[2] + r[6]) / d;
                c = 0.25 * (r[5] + r[7]) / d;
                a = 0.25 * (r[3] - r[1]) / d;
            }
            if (a < 0) {
                a = -a;
                b = -b;
                c = -c;
                d = -d;
            }
        }
        return new Quaternion(a, b, c, d, qfac);
    }
}
