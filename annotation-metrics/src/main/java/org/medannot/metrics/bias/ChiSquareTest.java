package org.medannot.metrics.bias;

import java.util.Objects;

import org.medannot.metrics.MetricsException;

/**
 * Pearson's chi-square test of independence on a contingency table of counts, as
 * {@code scipy.stats.chi2_contingency} computes it: expected counts from the row and column
 * totals, statistic = sum of (observed - expected)^2 / expected, degrees of freedom
 * (rows - 1) (columns - 1), and the p-value as the upper tail of the chi-square distribution,
 * Q(dof / 2, statistic / 2). With one degree of freedom and {@code yatesCorrection}, each
 * |observed - expected| is first moved 0.5 towards 0 (but not past it), which is scipy's default.
 */
public final class ChiSquareTest {

    private ChiSquareTest() {
    }

    /**
     * Tests whether rows and columns of {@code observed} are independent.
     *
     * @param observed        counts, at least 2x2, rectangular, non-negative, with no row or column
     *                        summing to zero
     * @param yatesCorrection apply Yates' continuity correction when there is one degree of freedom
     * @throws MetricsException when the table is not valid
     */
    public static ChiSquareResult independence(long[][] observed, boolean yatesCorrection) {
        Objects.requireNonNull(observed, "observed");
        int rows = observed.length;
        if (rows < 2 || observed[0].length < 2) {
            throw new MetricsException("a contingency table needs at least 2 rows and 2 columns, but has " + rows
                    + " rows and " + (rows == 0 ? 0 : observed[0].length) + " columns");
        }
        int columns = observed[0].length;
        long[] rowTotals = new long[rows];
        long[] columnTotals = new long[columns];
        long total = 0;
        for (int r = 0; r < rows; r++) {
            if (observed[r].length != columns) {
                throw new MetricsException("contingency table row " + r + " has " + observed[r].length
                        + " columns, but row 0 has " + columns);
            }
            for (int c = 0; c < columns; c++) {
                if (observed[r][c] < 0) {
                    throw new MetricsException("contingency table cell [" + r + "][" + c + "] is negative: "
                            + observed[r][c]);
                }
                rowTotals[r] += observed[r][c];
                columnTotals[c] += observed[r][c];
                total += observed[r][c];
            }
        }
        for (int r = 0; r < rows; r++) {
            if (rowTotals[r] == 0) {
                throw new MetricsException("contingency table row " + r + " sums to 0, so its expected counts are 0");
            }
        }
        for (int c = 0; c < columns; c++) {
            if (columnTotals[c] == 0) {
                throw new MetricsException("contingency table column " + c + " sums to 0, so its expected counts are 0");
            }
        }

        int dof = (rows - 1) * (columns - 1);
        boolean corrected = yatesCorrection && dof == 1;
        double[][] expected = new double[rows][columns];
        double statistic = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                expected[r][c] = (double) rowTotals[r] * columnTotals[c] / total;
                double difference = observed[r][c] - expected[r][c];
                if (corrected) {
                    double magnitude = Math.max(0, Math.abs(difference) - 0.5);
                    difference = Math.copySign(magnitude, difference);
                }
                statistic += difference * difference / expected[r][c];
            }
        }
        double pValue = IncompleteGamma.upper(dof / 2.0, statistic / 2.0);
        return new ChiSquareResult(statistic, dof, pValue, copy(observed), expected, corrected);
    }

    /** Returns the upper tail probability of the chi-square distribution with {@code dof} degrees of freedom at {@code x}. */
    public static double survival(double x, double dof) {
        return IncompleteGamma.upper(dof / 2.0, x / 2.0);
    }

    private static long[][] copy(long[][] table) {
        long[][] result = new long[table.length][];
        for (int r = 0; r < table.length; r++) {
            result[r] = table[r].clone();
        }
        return result;
    }
}
