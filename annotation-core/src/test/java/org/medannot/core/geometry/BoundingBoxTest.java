package org.medannot.core.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BoundingBoxTest {

    @Test
    void halfOpenExtents() {
        BoundingBox box = BoundingBox.of2D(10, 20, 5, 3, 7);

        assertThat(box.width()).isEqualTo(5);
        assertThat(box.height()).isEqualTo(3);
        assertThat(box.depth()).isEqualTo(1);
        assertThat(box.contains(14, 22, 7)).isTrue();
        assertThat(box.contains(15, 22, 7)).isFalse();
        assertThat(BoundingBox.ofClosed(10, 20, 7, 14, 22, 7)).isEqualTo(box);
    }

    @Test
    void iouOfOverlappingBoxes() {
        BoundingBox a = new BoundingBox(0, 0, 0, 10, 10, 1);
        BoundingBox b = new BoundingBox(5, 0, 0, 15, 10, 1);

        assertThat(a.intersection(b)).isEqualTo(new BoundingBox(5, 0, 0, 10, 10, 1));
        assertThat(a.union(b)).isEqualTo(new BoundingBox(0, 0, 0, 15, 10, 1));
        assertThat(a.iou(b)).isCloseTo(50.0 / 150.0, within(1e-12));
        assertThat(a.iou(new BoundingBox(20, 20, 0, 21, 21, 1))).isZero();
        assertThat(BoundingBox.EMPTY.iou(BoundingBox.EMPTY)).isZero();
    }

    @Test
    void invertedBoxIsRejected() {
        assertThatThrownBy(() -> new BoundingBox(5, 0, 0, 4, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x [5, 4)");
        assertThatThrownBy(() -> BoundingBox.of2D(0, 0, -1, 2, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
