package org.medannot.metrics.bias;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.medannot.metrics.MetricsException;
import org.medannot.metrics.ReferenceFiles;

/** Expected values: scipy.stats.chi2_contingency and chi2.sf, from tools/reference/agreement_reference.py. */
class ChiSquareTestTest {

    private static final JsonNode EXPECTED = ReferenceFiles.json("agreement_expected.json");

    @Test
    void contingencyTablesMatchScipy() {
        for (JsonNode testCase : EXPECTED.get("chi_square")) {
            long[][] observed = table(testCase.get("observed"));
            boolean yates = testCase.get("yates").asBoolean();
            String name = testCase.get("observed") + " yates=" + yates;

            ChiSquareResult result = ChiSquareTest.independence(observed, yates);

            assertThat(result.degreesOfFreedom()).as(name).isEqualTo(testCase.get("dof").asInt());
            assertThat(result.statistic()).as(name)
                    .isCloseTo(testCase.get("statistic").asDouble(), within(1e-9 * testCase.get("statistic").asDouble()));
            assertPValue(result.pValue(), testCase.get("p_value").asDouble(), name);
            for (int r = 0; r < observed.length; r++) {
                for (int c = 0; c < observed[r].length; c++) {
                    assertThat(result.expected()[r][c]).as(name + " expected[%d][%d]", r, c)
                            .isCloseTo(testCase.get("expected").get(r).get(c).asDouble(), within(1e-9));
                }
            }
        }
    }

    @Test
    void survivalMatchesScipy() {
        for (JsonNode point : EXPECTED.get("chi_square_survival")) {
            double x = point.get("x").asDouble();
            double dof = point.get("dof").asDouble();

            assertPValue(ChiSquareTest.survival(x, dof), point.get("p_value").asDouble(), "x=" + x + " dof=" + dof);
        }
    }

    @Test
    void zeroColumnIsRejected() {
        assertThatThrownBy(() -> ChiSquareTest.independence(new long[][] {{3, 0}, {4, 0}}, false))
                .isInstanceOf(MetricsException.class)
                .hasMessageContaining("column 1 sums to 0");
    }

    @Test
    void raggedTableIsRejected() {
        assertThatThrownBy(() -> ChiSquareTest.independence(new long[][] {{3, 1}, {4}}, false))
                .isInstanceOf(MetricsException.class)
                .hasMessageContaining("row 1 has 1 columns");
    }

    @Test
    void logGammaOfIntegersIsLogFactorial() {
        assertThat(IncompleteGamma.logGamma(1)).isCloseTo(0, within(1e-14));
        assertThat(IncompleteGamma.logGamma(11)).isCloseTo(Math.log(3628800), within(1e-12));
        assertThat(IncompleteGamma.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-14));
    }

    private static void assertPValue(double actual, double expected, String name) {
        if (expected == 0) {
            assertThat(actual).as(name).isLessThan(1e-300);
        } else {
            assertThat(actual).as(name).isCloseTo(expected, within(1e-9 * expected));
        }
    }

    private static long[][] table(JsonNode rows) {
        long[][] table = new long[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            table[r] = new long[rows.get(r).size()];
            for (int c = 0; c < table[r].length; c++) {
                table[r][c] = rows.get(r).get(c).asLong();
            }
        }
        return table;
    }
}
