package org.medannot.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.core.mask.VoxelOrder;
import org.medannot.core.volume.FloatVolume;
import org.medannot.core.volume.ShortVolume;
import org.medannot.core.volume.Volume;
import org.medannot.core.volume.VoxelType;

/** Resampling against scipy.ndimage.map_coordinates values from tools/reference/ops_resample.py. */
class ResamplingTest {

    private static Map<String, Npy> reference;
    private static Geometry geometry;
    private static ShortVolume ct;
    private static LabelMap labels;
    private static Mask organ;

    @BeforeAll
    static void load() {
        reference = Npy.loadArchive("resample");
        double[] frame = Npy.get(reference, "frame").doubles();
        Npy ctArray = Npy.get(reference, "ct");
        geometry = Geometry.of(ctArray.shape[2], ctArray.shape[1], ctArray.shape[0], Arrays.copyOfRange(frame, 0, 3),
                Arrays.copyOfRange(frame, 3, 6), Arrays.copyOfRange(frame, 6, 15));
        ct = ShortVolume.signed(geometry, ctArray.shorts());
        short[] labelValues = Npy.get(reference, "labels").shorts();
        labels = LabelMap.wrap(geometry, labelValues);
        organ = Mask.fromBytes(geometry, Npy.get(reference, "organ").bytes(), VoxelOrder.ROW_MAJOR);
    }

    @Test
    void volumeToSize() {
        for (String name : new String[] {"ct_size_55_21_9", "ct_size_20_16_3"}) {
            int[] size = size(name);
            Volume nearest = Resampling.toSize(ct, size, Interpolation.NEAREST);
            assertThat(nearest.voxelType()).isEqualTo(VoxelType.INT16);
            assertGeometry(nearest.geometry(), name);
            assertValues(nearest, name + "_order0", 0);
            Volume linear = Resampling.toSize(ct, size, Interpolation.LINEAR);
            assertThat(linear).isInstanceOf(FloatVolume.class);
            assertGeometry(linear.geometry(), name);
            assertValues(linear, name + "_order1", 1e-5);
        }
    }

    @Test
    void volumeToSpacing() {
        double[][] spacings = {{2.2, 4.0, 1.7}, {7.0, 0.9, 3.0}};
        String[] names = {"ct_spacing_2.2_4_1.7", "ct_spacing_7_0.9_3"};
        for (int n = 0; n < names.length; n++) {
            Volume nearest = Resampling.toSpacing(ct, spacings[n], Interpolation.NEAREST);
            assertGeometry(nearest.geometry(), names[n]);
            assertValues(nearest, names[n] + "_order0", 0);
            Volume linear = Resampling.toSpacing(ct.toFloat(), spacings[n], Interpolation.LINEAR);
            assertGeometry(linear.geometry(), names[n]);
            assertValues(linear, names[n] + "_order1", 1e-5);
            assertThat(Resampling.geometryForSpacing(geometry, spacings[n])).isEqualTo(linear.geometry());
        }
    }

    @Test
    void labelMapToSpacing() {
        LabelMap resampled = Resampling.toSpacing(labels, new double[] {2.2, 4.0, 1.7});
        assertGeometry(resampled.geometry(), "labels_spacing_2.2_4_1.7");
        double[] expected = Npy.get(reference, "labels_spacing_2.2_4_1.7_order0").doubles();
        for (int n = 0; n < expected.length; n++) {
            assertThat(resampled.get(n)).as("voxel %d", n).isEqualTo((int) expected[n]);
        }
    }

    @Test
    void maskToSize() {
        Mask resampled = Resampling.toSize(organ, new int[] {17, 50, 4});
        assertGeometry(resampled.geometry(), "organ_size_17_50_4");
        double[] expected = Npy.get(reference, "organ_size_17_50_4_order0").doubles();
        assertThat(resampled.count()).isPositive();
        for (int n = 0; n < expected.length; n++) {
            assertThat(resampled.get(n)).as("voxel %d", n).isEqualTo(expected[n] != 0);
        }
        assertThat(Resampling.geometryForSize(geometry, new int[] {17, 50, 4})).isEqualTo(resampled.geometry());
    }

    @Test
    void sizeKeepsFieldOfView() {
        Geometry resampled = Resampling.geometryForSize(geometry, new int[] {80, 16, 12});
        // The outer corner of voxel (0, 0, 0) and of the last voxel stay where they were.
        assertThat(resampled.indexToPatient(-0.5, -0.5, -0.5))
                .containsExactly(geometry.indexToPatient(-0.5, -0.5, -0.5), within(1e-9));
        assertThat(resampled.indexToPatient(79.5, 15.5, 11.5))
                .containsExactly(geometry.indexToPatient(39.5, 31.5, 5.5), within(1e-9));
    }

    @Test
    void sameSizeIsIdentity() {
        Volume copy = Resampling.toSize(ct, new int[] {40, 32, 6}, Interpolation.LINEAR);
        assertThat(copy.geometry().equalsWithin(geometry, 1e-12)).isTrue();
        for (int n = 0; n < geometry.voxelCount(); n++) {
            assertThat(copy.getDouble(n)).isEqualTo(ct.getDouble(n));
        }
    }

    @Test
    void sliceViewReadsFromOffset() {
        Volume view = ct.slices(2, 5);
        Volume copy = view.copy();
        for (Interpolation interpolation : Interpolation.values()) {
            Volume fromView = Resampling.toSize(view, new int[] {23, 41, 7}, interpolation);
            Volume fromCopy = Resampling.toSize(copy, new int[] {23, 41, 7}, interpolation);
            for (int n = 0; n < fromCopy.geometry().voxelCount(); n++) {
                assertThat(fromView.getDouble(n)).as("%s voxel %d", interpolation, n).isEqualTo(fromCopy.getDouble(n));
            }
        }
        Mask organSlice = organ.slice(3);
        assertThat(Resampling.toSize(organSlice, new int[] {50, 20, 1}))
                .isEqualTo(Resampling.toSize(organSlice.copy(), new int[] {50, 20, 1}));
    }

    @Test
    void badArgumentsNameTheValue() {
        assertThatThrownBy(() -> Resampling.toSpacing(ct, new double[] {1, -2, 1}, Interpolation.LINEAR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spacing[1]")
                .hasMessageContaining("-2");
        assertThatThrownBy(() -> Resampling.toSize(organ, new int[] {4, 0, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size[1]");
        assertThatThrownBy(() -> Resampling.toSize(labels, new int[] {4, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size");
        assertThatThrownBy(() -> Resampling.toSpacing(ct, new double[] {1e-9, 1e-9, 1e-9}, Interpolation.NEAREST))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static int[] size(String name) {
        double[] values = Npy.get(reference, name + "_geometry").doubles();
        return new int[] {(int) values[0], (int) values[1], (int) values[2]};
    }

    private static void assertGeometry(Geometry actual, String name) {
        double[] expected = Npy.get(reference, name + "_geometry").doubles();
        assertThat(actual.size()).containsExactly((int) expected[0], (int) expected[1], (int) expected[2]);
        assertThat(actual.spacing()).containsExactly(Arrays.copyOfRange(expected, 3, 6), within(1e-12));
        assertThat(actual.origin()).containsExactly(Arrays.copyOfRange(expected, 6, 9), within(1e-9));
        assertThat(actual.direction()).containsExactly(geometry.direction());
    }

    private static void assertValues(Volume actual, String name, double tolerance) {
        double[] expected = Npy.get(reference, name).doubles();
        assertThat(actual.geometry().voxelCount()).as(name).isEqualTo(expected.length);
        for (int n = 0; n < expected.length; n++) {
            double bound = tolerance * Math.max(1, Math.abs(expected[n]));
            if (Math.abs(actual.getDouble(n) - expected[n]) > bound) {
                assertThat(actual.getDouble(n)).as("%s voxel %d", name, n).isCloseTo(expected[n], within(bound));
            }
        }
    }
}
