package org.medannot.metrics.bias;

/**
 * The outcome of a chi-square test of independence, with the counts it was computed from.
 *
 * @param statistic      Pearson's chi-square statistic
 * @param degreesOfFreedom (rows - 1) (columns - 1)
 * @param pValue         probability of a statistic at least this large under independence
 * @param observed       the observed counts [row][column]
 * @param expected       the expected counts under independence [row][column]
 * @param yatesCorrected whether Yates' continuity correction was applied
 */
public record ChiSquareResult(double statistic, int degreesOfFreedom, double pValue, long[][] observed,
        double[][] expected, boolean yatesCorrected) {
}
