package org.medannot.metrics.distance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Expected values are numpy 1.24.2 {@code np.percentile(values, q)} with the default method. */
class PercentilesTest {

    @Test
    void linearEqualsNumpyBitForBit() {
        assertThat(Percentiles.linear(new double[] {1, 2, 3, 4}, 95)).isEqualTo(3.8499999999999996);
        assertThat(Percentiles.linear(new double[] {0, 3, 3, 4.242640687119285, 6}, 95)).isEqualTo(5.648528137423857);
        assertThat(Percentiles.linear(new double[] {5}, 95)).isEqualTo(5.0);
        assertThat(Percentiles.linear(new double[] {2, 1}, 50)).isEqualTo(1.5);
        assertThat(Percentiles.linear(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 95)).isEqualTo(10.5);
        assertThat(Percentiles.linear(new double[] {0.1, 0.7, 0.2, 0.3}, 0)).isEqualTo(0.1);
        assertThat(Percentiles.linear(new double[] {0.1, 0.7, 0.2, 0.3}, 100)).isEqualTo(0.7);
        assertThat(Percentiles.linear(new double[] {0.1, 0.7, 0.2, 0.3}, 33.3)).isEqualTo(0.1999);
    }

    @Test
    void emptyInputGivesNaN() {
        assertThat(Percentiles.linear(new double[0], 95)).isNaN();
    }

    @Test
    void inputIsNotReordered() {
        double[] values = {3, 1, 2};

        Percentiles.linear(values, 50);

        assertThat(values).containsExactly(3, 1, 2);
    }
}
