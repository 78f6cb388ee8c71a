package org.medannot.core.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class PolygonTest {

    @Test
    void squareWithHoleContainsPixelCentres() {
        // Outer square covers pixels 0..9, the hole covers pixels 3..5 in both axes.
        Polygon polygon = new Polygon(new double[] {0, 0, 10, 0, 10, 10, 0, 10},
                List.of(new double[] {3, 3, 3, 6, 6, 6, 6, 3}), 2);

        assertThat(polygon.contains(0.5, 0.5)).isTrue();
        assertThat(polygon.contains(9.5, 9.5)).isTrue();
        assertThat(polygon.contains(10.5, 5.5)).isFalse();
        assertThat(polygon.contains(4.5, 4.5)).isFalse();
        assertThat(polygon.contains(2.5, 4.5)).isTrue();
        assertThat(polygon.area()).isEqualTo(100 - 9);
        assertThat(polygon.bounds()).isEqualTo(new BoundingBox(0, 0, 2, 10, 10, 3));
    }

    @Test
    void signedAreaFollowsOrientation() {
        double[] counterClockwise = {0, 0, 4, 0, 4, 2, 0, 2};
        double[] clockwise = {0, 0, 0, 2, 4, 2, 4, 0};

        assertThat(Polygon.signedArea(counterClockwise)).isEqualTo(8);
        assertThat(Polygon.signedArea(clockwise)).isEqualTo(-8);
    }

    @Test
    void malformedRingsAreRejected() {
        assertThatThrownBy(() -> Polygon.of(0, 0, 1, 1, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("odd");
        assertThatThrownBy(() -> Polygon.of(0, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 3 points");
        assertThatThrownBy(() -> Polygon.of(0, 0, 1, Double.NaN, 2, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exterior[3]");
        assertThatThrownBy(() -> new Polygon(new double[] {0, 0, 1, 0, 1, 1}, List.of(), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slice");
    }
}
