package org.medannot.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.Mask;
import org.medannot.core.mask.VoxelOrder;
import org.medannot.core.volume.FloatVolume;
import org.medannot.core.volume.ShortVolume;
import org.medannot.core.volume.UByteVolume;
import org.medannot.core.volume.Volume;

/** Intensity operations against numpy/scikit-image values from tools/reference/ops_intensity.py. */
class IntensityTest {

    private static Map<String, Npy> reference;
    private static ShortVolume ct;
    private static Mask body;
    private static ShortVolume ramp;
    private static FloatVolume noise;
    private static UByteVolume image8;
    private static FloatVolume bimodal;

    @BeforeAll
    static void load() {
        reference = Npy.loadArchive("intensity");
        Npy ctArray = Npy.get(reference, "ct");
        ct = ShortVolume.signed(geometry(ctArray), ctArray.shorts());
        body = Mask.fromBytes(ct.geometry(), Npy.get(reference, "ct_body").bytes(), VoxelOrder.ROW_MAJOR);
        Npy rampArray = Npy.get(reference, "ramp");
        ramp = ShortVolume.signed(geometry(rampArray), rampArray.shorts());
        Npy noiseArray = Npy.get(reference, "noise");
        noise = new FloatVolume(geometry(noiseArray), noiseArray.floats());
        Npy image8Array = Npy.get(reference, "image8");
        image8 = new UByteVolume(geometry(image8Array), image8Array.bytes());
        Npy bimodalArray = Npy.get(reference, "bimodal");
        bimodal = new FloatVolume(geometry(bimodalArray), bimodalArray.floats());
    }

    /** Geometry of an array of shape (slices, rows, columns) with 3 mm spacing. */
    static Geometry geometry(Npy array) {
        int[] shape = array.shape;
        return Geometry.of(shape[2], shape[1], shape[0], new double[] {3, 3, 3}, new double[] {-10, 20, 5},
                Geometry.identityDirection());
    }

    @Test
    void windowLinearOnRamp() {
        assertClose(VoiWindow.of(40, 400, VoiLutFunction.LINEAR).apply(ramp), "window_linear_40_400_ramp", 1e-6);
        assertClose(VoiWindow.of(-600, 1500, VoiLutFunction.LINEAR).withOutputRange(0, 255).apply(ramp),
                "window_linear_m600_1500_ramp", 1e-4);
        assertClose(VoiWindow.of(0, 1, VoiLutFunction.LINEAR).apply(ramp), "window_linear_0_1_ramp", 0);
    }

    @Test
    void windowLinearExactOnRamp() {
        assertClose(VoiWindow.of(40, 400, VoiLutFunction.LINEAR_EXACT).withOutputRange(0, 255).apply(ramp),
                "window_exact_40_400_ramp", 1e-4);
        assertClose(VoiWindow.of(50, 0.5, VoiLutFunction.LINEAR_EXACT).withOutputRange(-1, 1).apply(ramp),
                "window_exact_50_0.5_ramp", 0);
    }

    @Test
    void windowMatchesPydicom() {
        for (VoiLutFunction function : VoiLutFunction.values()) {
            VoiWindow window = VoiWindow.of(-600, 1500, function).withOutputRange(0, 65535);
            assertClose(window.apply(ramp), "window_pydicom_" + function + "_m600_1500_ramp", 1e-6);
        }
    }

    @Test
    void windowOnCtUsesTableSameAsFormula() {
        VoiWindow linear = VoiWindow.of(40, 400, VoiLutFunction.LINEAR);
        assertClose(linear.apply(ct), "window_linear_40_400_ct", 1e-6);
        VoiWindow exact = VoiWindow.of(40, 400, VoiLutFunction.LINEAR_EXACT).withOutputRange(0, 255);
        assertClose(exact.apply(ct), "window_exact_40_400_ct", 1e-4);
        assertClose(exact.apply(ct.toFloat()), "window_exact_40_400_ct", 1e-4);
    }

    @Test
    void windowBoundsFollowStandard() {
        VoiWindow linear = VoiWindow.of(40, 400, VoiLutFunction.LINEAR);
        // PS3.3 C.11.2.1.2.1: x <= c - 0.5 - (w - 1) / 2 = -160 gives ymin, x > c - 0.5 + (w - 1) / 2 = 239 gives ymax.
        assertThat(linear.apply(-160)).isEqualTo(0);
        assertThat(linear.apply(-159.999)).isGreaterThan(0);
        assertThat(linear.apply(238)).isLessThan(1);
        assertThat(linear.apply(239.001)).isEqualTo(1);
    }

    @Test
    void windowOnViewReadsFromOffset() {
        Volume secondSlice = ct.slice(1);
        FloatVolume windowed = VoiWindow.of(40, 400, VoiLutFunction.LINEAR).apply(secondSlice);
        float[] expected = Npy.get(reference, "window_linear_40_400_ct").floats();
        int sliceSize = ct.geometry().sliceSize();
        for (int n = 0; n < sliceSize; n++) {
            assertThat(windowed.array()[n]).as("voxel %d", n).isCloseTo(expected[sliceSize + n], within(1e-6f));
        }
    }

    @Test
    void windowRejectsBadWidth() {
        assertThatThrownBy(() -> VoiWindow.of(40, 0.5, VoiLutFunction.LINEAR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("width").hasMessageContaining("0.5");
        assertThatThrownBy(() -> VoiWindow.of(40, 0, VoiLutFunction.LINEAR_EXACT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("width");
        assertThatThrownBy(() -> VoiWindow.of(Double.NaN, 10, VoiLutFunction.LINEAR_EXACT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("center");
    }

    @Test
    void zScoreWholeVolume() {
        assertClose(ZScore.apply(ct), "zscore_ct", 1e-5);
        assertClose(ZScore.apply(noise), "zscore_noise", 1e-5);
        assertClose(ZScore.apply(image8), "zscore_image8", 1e-5);
    }

    @Test
    void zScoreOfViewMatchesCopy() {
        Volume view = ct.slices(1, 4);
        assertThat(ZScore.apply(view).array()).containsExactly(ZScore.apply(view.copy()).array());
        assertThat(Percentiles.of(view, 5, 50, 95)).containsExactly(Percentiles.of(view.copy(), 5, 50, 95));
        assertThat(OtsuThreshold.compute(view)).isEqualTo(OtsuThreshold.compute(view.copy()));
    }

    @Test
    void zScoreWithinMask() {
        assertClose(ZScore.apply(ct, body), "zscore_ct_body", 1e-5);
    }

    @Test
    void zScoreOfConstantIsZero() {
        FloatVolume constant = new FloatVolume(Geometry.of2D(3, 2), new float[] {7, 7, 7, 7, 7, 7});
        assertThat(ZScore.apply(constant).array()).containsOnly(0f);
    }

    @Test
    void zScoreRejectsMaskOnOtherGrid() {
        Mask other = new Mask(Geometry.of2D(4, 4));
        assertThatThrownBy(() -> ZScore.apply(ct, other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mask").hasMessageContaining("size");
        Mask empty = new Mask(ct.geometry());
        assertThatThrownBy(() -> ZScore.apply(ct, empty)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no foreground");
    }

    @Test
    void percentilesMatchNumpy() {
        double[] percents = Npy.get(reference, "percents").doubles();
        assertThat(Percentiles.of(ct, percents)).containsExactly(Npy.get(reference, "percentiles_ct").doubles(),
                within(1e-9));
        assertThat(Percentiles.of(ct, body, percents))
                .containsExactly(Npy.get(reference, "percentiles_ct_body").doubles(), within(1e-9));
        assertThat(Percentiles.of(ct.toFloat(), percents))
                .containsExactly(Npy.get(reference, "percentiles_ct").doubles(), within(1e-9));
        assertThat(Percentiles.of(noise, percents))
                .containsExactly(Npy.get(reference, "percentiles_noise").doubles(), within(1e-9));
    }

    @Test
    void percentileClip() {
        assertClose(PercentileClip.apply(ct, 0.5, 99.5), "clip_ct_0.5_99.5", 1e-6);
        assertClose(PercentileClip.apply(ct, body, 0.5, 99.5), "clip_ct_body_0.5_99.5", 1e-6);
        assertClose(PercentileClip.apply(noise, 5, 95), "clip_noise_5_95", 1e-6);
        assertClose(PercentileClip.apply(image8, 1, 99), "clip_image8_1_99", 1e-6);
    }

    @Test
    void percentileRejectsOutOfRange() {
        assertThatThrownBy(() -> Percentiles.of(ct, 101)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("percents[0]").hasMessageContaining("101");
        assertThatThrownBy(() -> PercentileClip.apply(ct, 90, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lowPercent");
        FloatVolume withNaN = new FloatVolume(Geometry.of2D(2, 1), new float[] {1, Float.NaN});
        assertThatThrownBy(() -> Percentiles.of(withNaN, 50)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
    }

    @Test
    void minMaxScaling() {
        assertClose(MinMaxScaling.apply(ct), "minmax_ct_0_1", 1e-6);
        assertClose(MinMaxScaling.apply(noise, -1, 1), "minmax_noise_m1_1", 1e-6);
    }

    @Test
    void minMaxOfConstantIsOutputMin() {
        FloatVolume constant = new FloatVolume(Geometry.of2D(2, 2), new float[] {3, 3, 3, 3});
        assertThat(MinMaxScaling.apply(constant, 5, 9).array()).containsOnly(5f);
    }

    @Test
    void otsuMatchesScikitImage() {
        double[] expected = Npy.get(reference, "otsu").doubles();
        assertThat(OtsuThreshold.compute(ct)).isEqualTo(expected[0]);
        assertThat(OtsuThreshold.compute(image8)).isEqualTo(expected[1]);
        assertThat(OtsuThreshold.compute(bimodal)).isCloseTo(expected[2], within(1e-12));
        assertThat(OtsuThreshold.compute(noise, 64)).isCloseTo(expected[3], within(1e-12));
    }

    @Test
    void otsuOfConstantAndBadArguments() {
        FloatVolume constant = new FloatVolume(Geometry.of2D(2, 2), new float[] {3, 3, 3, 3});
        assertThat(OtsuThreshold.compute(constant)).isEqualTo(3);
        assertThatThrownBy(() -> OtsuThreshold.compute(noise, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bins").hasMessageContaining("1");
        assertThatThrownBy(() -> OtsuThreshold.fromHistogram(new double[] {0, 0}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("counts");
        assertThat(OtsuThreshold.fromHistogram(new double[] {0, 5, 0, 0, 5, 0}, new double[] {0, 1, 2, 3, 4, 5}))
                .isEqualTo(1);
    }

    private static void assertClose(FloatVolume actual, String name, double tolerance) {
        double[] expected = Npy.get(reference, name).doubles();
        float[] values = actual.array();
        assertThat(values).as(name).hasSize(expected.length);
        for (int n = 0; n < expected.length; n++) {
            if (Math.abs(values[n] - expected[n]) > tolerance * Math.max(1, Math.abs(expected[n]))) {
                assertThat((double) values[n]).as("%s voxel %d", name, n).isCloseTo(expected[n],
                        within(tolerance * Math.max(1, Math.abs(expected[n]))));
            }
        }
    }
}
