package org.medannot.core.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.medannot.core.geometry.Geometry;

class LabelMapTest {

    private final Geometry geometry = Geometry.of(4, 3, 2, new double[] {1, 1, 1}, new double[3],
            Geometry.identityDirection());

    @Test
    void labelsAboveShortRangeSurvive() {
        LabelMap map = LabelMap.of(geometry);
        map.set(1, 2, 1, 65535);
        map.set(0, 0, 0, 40000);
        map.set(3, 0, 0, 5);

        assertThat(map.get(1, 2, 1)).isEqualTo(65535);
        assertThat(map.labels()).containsExactly(5, 40000, 65535);
        assertThat(map.counts()).containsEntry(40000, 1L).hasSize(3);
        assertThat(map.mask(40000).count()).isEqualTo(1);
        assertThat(map.mask(40000).get(0, 0, 0)).isTrue();
        assertThat(map.foreground().count()).isEqualTo(3);
    }

    @Test
    void paintOverwritesOnlyMaskVoxels() {
        LabelMap map = LabelMap.of(geometry);
        map.set(0, 0, 0, 7);
        map.set(1, 0, 0, 7);
        Mask mask = new Mask(geometry);
        mask.set(1, 0, 0, true);
        mask.set(2, 2, 1, true);

        map.paint(mask, 3);

        assertThat(map.get(0, 0, 0)).isEqualTo(7);
        assertThat(map.get(1, 0, 0)).isEqualTo(3);
        assertThat(map.get(2, 2, 1)).isEqualTo(3);
        assertThat(map.mask(3)).isEqualTo(mask);
    }

    @Test
    void labelOutsideRangeIsRejected() {
        LabelMap map = LabelMap.of(geometry);

        assertThatThrownBy(() -> map.set(0, 65536)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65536");
        assertThatThrownBy(() -> LabelMap.fromInts(geometry, new int[24 - 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("23");
        int[] values = new int[24];
        values[17] = -1;
        assertThatThrownBy(() -> LabelMap.fromInts(geometry, values)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("values[17]").hasMessageContaining("-1");
        assertThatThrownBy(() -> map.paint(new Mask(Geometry.of2D(4, 3)), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size");
    }
}
