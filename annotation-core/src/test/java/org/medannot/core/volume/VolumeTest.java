package org.medannot.core.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.medannot.core.geometry.Geometry;

class VolumeTest {

    private final Geometry geometry = Geometry.of(3, 2, 4, new double[] {1, 1, 2}, new double[] {0, 0, 10},
            Geometry.identityDirection());

    @Test
    void sliceViewSharesArray() {
        short[] data = new short[geometry.voxelCount()];
        for (int n = 0; n < data.length; n++) {
            data[n] = (short) (n - 10);
        }
        ShortVolume volume = ShortVolume.signed(geometry, data);

        Volume slice = volume.slice(2);

        assertThat(slice.geometry().slices()).isEqualTo(1);
        assertThat(slice.geometry().origin()[2]).isEqualTo(14.0);
        assertThat(slice.offset()).isEqualTo(12);
        assertThat(slice.getDouble(1, 1, 0)).isEqualTo(volume.getDouble(1, 1, 2));
        slice.setDouble(0, 0, 0, 1234);
        assertThat(volume.getDouble(0, 0, 2)).isEqualTo(1234);
        assertThat(slice.array()).isSameAs(data);
    }

    @Test
    void unsignedShortsReadAbove32767() {
        short[] data = new short[geometry.voxelCount()];
        data[5] = (short) 60000;
        ShortVolume volume = ShortVolume.unsigned(geometry, data);

        assertThat(volume.voxelType()).isEqualTo(VoxelType.UINT16);
        assertThat(volume.getDouble(5)).isEqualTo(60000);
        volume.setDouble(6, 70000);
        assertThat(volume.getDouble(6)).isEqualTo(65535);
        assertThat(ShortVolume.signed(geometry, data).getDouble(5)).isEqualTo(60000 - 65536);
    }

    @Test
    void unsignedBytesAndClamping() {
        UByteVolume volume = UByteVolume.zeros(geometry);
        volume.setDouble(0, 200.4);
        volume.setDouble(1, -3);
        volume.setDouble(2, 300);

        assertThat(volume.getDouble(0)).isEqualTo(200);
        assertThat(volume.getDouble(1)).isZero();
        assertThat(volume.getDouble(2)).isEqualTo(255);
        assertThat(volume.range()).containsExactly(0, 255);
        assertThat(volume.toFloat().getDouble(0)).isEqualTo(200);
    }

    @Test
    void arrayTooShortIsRejected() {
        assertThatThrownBy(() -> new FloatVolume(geometry, new float[10]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length 10");
        assertThatThrownBy(() -> new FloatVolume(geometry, new float[24]).getDouble(3, 0, 0))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("(3, 0, 0)");
    }
}
