package org.medannot.inference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.medannot.core.geometry.Geometry;
import org.medannot.inference.internal.PlaneOrientation;

class PlaneOrientationTest {

    private static Geometry geometry(double[] direction) {
        return Geometry.of(3, 2, 1, new double[] {0.5, 0.7, 2}, new double[3], direction);
    }

    @Test
    void lpsAxesUnchanged() {
        PlaneOrientation orientation = PlaneOrientation.display(geometry(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}));
        assertThat(orientation.storedOffset(0, 0)).isEqualTo(0);
        assertThat(orientation.storedOffset(2, 1)).isEqualTo(5);
    }

    @Test
    void anteriorRowsFlipped() {
        // Rows run towards anterior (-y), as in a NIfTI volume stored LAS.
        PlaneOrientation orientation = PlaneOrientation.display(geometry(new double[] {1, 0, 0, 0, -1, 0, 0, 0, 1}));
        assertThat(orientation.storedOffset(0, 0)).isEqualTo(3);
        assertThat(orientation.storedOffset(2, 1)).isEqualTo(2);
    }

    @Test
    void swappedAxesTransposed() {
        // Stored columns run towards posterior, stored rows towards the right.
        PlaneOrientation orientation = PlaneOrientation.display(geometry(new double[] {0, 1, 0, -1, 0, 0, 0, 0, 1}));
        assertThat(orientation.displayColumns()).isEqualTo(2);
        assertThat(orientation.displayRows()).isEqualTo(3);
        assertThat(orientation.displaySpacing()).containsExactly(0.7, 0.5, 2.0);
        // Display (0, 0) is the right-most, anterior-most pixel: stored column 0, stored row 1.
        assertThat(orientation.storedOffset(0, 0)).isEqualTo(3);
        float[] stored = {0, 1, 2, 3, 4, 5};
        assertThat(orientation.toDisplay(stored)).containsExactly(3, 0, 4, 1, 5, 2);
    }
}
