package org.medannot.inference.classical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.ops.Percentiles;
import org.medannot.core.spi.SegmentationRequest;
import org.medannot.core.spi.SegmentationResult;
import org.medannot.core.testing.SharedData;
import org.medannot.core.volume.FloatVolume;
import org.medannot.core.volume.IntVolume;
import org.medannot.core.volume.ShortVolume;
import org.medannot.core.volume.Volume;
import org.medannot.inference.testing.TestNifti;

/**
 * The classical presets on float volumes with non-finite voxels or extreme finite outliers. The
 * float map is the real Siemens T1 series (256 x 256 x 35) times 0.001 in float32, as a
 * parametric map in seconds would hold it. Reference values come from
 * tools/reference/classical_robust_reference.py (numpy, scikit-image and scipy on the same voxels).
 */
class ClassicalRobustStatisticsTest {

    private static final float MAP_SCALE = 0.001f;

    /** A finite float32 value close to the largest float32, as a corrupt or unscaled map might hold. */
    private static final float OUTLIER = 3.4e38f;

    private static FloatVolume floatMap;
    private static ShortVolume storedMr;
    private static FloatVolume ct;
    private static Properties reference;

    @BeforeAll
    static void readVolumes() throws IOException {
        TestNifti mr = TestNifti.read(SharedData.require(
                "dicom/series/mr-siemens-t1-sag-HFDL/dcm2niix/t1_fl2d_sag_HFDL.nii.gz"));
        float[] stored = mr.volume().array();
        float[] map = new float[stored.length];
        short[] shorts = new short[stored.length];
        for (int n = 0; n < stored.length; n++) {
            map[n] = stored[n] * MAP_SCALE;
            shorts[n] = (short) stored[n];
        }
        floatMap = new FloatVolume(mr.geometry(), map);
        storedMr = ShortVolume.signed(mr.geometry(), shorts);
        ct = TestNifti.read(SharedData.require(
                "dicom/series/ct-abdomen-siemens-20sl/dcm2niix/ct_abdomen_20sl.nii.gz")).volume();

        reference = new Properties();
        try (InputStream in = ClassicalRobustStatisticsTest.class.getResourceAsStream(
                "/reference/classical-robust.properties")) {
            reference.load(in);
        }
    }

    private static double expected(String key) {
        return Double.parseDouble(reference.getProperty(key));
    }

    /** Returns the voxel indices that the reference script replaces with outliers. */
    private static int[] outlierIndices(int count) {
        return new int[] {count / 7, count / 3, count / 2, 2 * count / 3, 5 * count / 6, count - 5};
    }

    /** Returns a copy with -OUTLIER and +OUTLIER in turn at {@link #outlierIndices}. */
    private static FloatVolume withOutliers(FloatVolume volume) {
        FloatVolume copy = volume.copy();
        int[] indices = outlierIndices(copy.geometry().voxelCount());
        for (int n = 0; n < indices.length; n++) {
            copy.array()[indices[n]] = n % 2 == 0 ? -OUTLIER : OUTLIER;
        }
        return copy;
    }

    private static SegmentationResult segment(ClassicalPreset preset, Volume volume) {
        return ClassicalSegmentationBackend.of(preset).segment(volume, SegmentationRequest.automatic());
    }

    private static long labelled(SegmentationResult result) {
        return result.labels().mask(ClassicalSegmentationBackend.LABEL).count();
    }

    @Test
    void nonFiniteVoxelRejectedByEveryPreset() {
        int index = 1_572_864;
        int columns = floatMap.geometry().columns();
        int rows = floatMap.geometry().rows();
        String position = "(column " + index % columns + ", row " + (index / columns) % rows + ", slice "
                + index / (columns * rows) + ")";
        for (float bad : new float[] {Float.NEGATIVE_INFINITY, Float.NaN, Float.POSITIVE_INFINITY}) {
            FloatVolume volume = floatMap.copy();
            volume.array()[index] = bad;
            for (ClassicalPreset preset : ClassicalPreset.values()) {
                assertThatThrownBy(() -> segment(preset, volume))
                        .as("preset %s, voxel value %s", preset, bad)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("volume voxel " + index + " " + position + " is " + (double) bad + " (")
                        .hasMessageContaining("(1 of 2293760 voxels is NaN or infinite)")
                        .hasMessageContaining("replace those voxels with a finite value");
            }
        }
    }

    @Test
    void firstOfSeveralNonFiniteVoxelsNamed() {
        FloatVolume volume = floatMap.copy();
        volume.array()[900_000] = Float.POSITIVE_INFINITY;
        volume.array()[70_000] = Float.NaN;
        volume.array()[1_000_000] = Float.NEGATIVE_INFINITY;

        assertThatThrownBy(() -> segment(ClassicalPreset.AUTO, volume))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("volume voxel 70000 (column 112, row 17, slice 1) is NaN (")
                .hasMessageContaining("(3 of 2293760 voxels are NaN or infinite)");
    }

    @Test
    void nonFiniteVoxelInSliceView() {
        FloatVolume volume = floatMap.copy();
        int sliceSize = volume.geometry().sliceSize();
        volume.array()[10 * sliceSize + 5] = Float.NEGATIVE_INFINITY;

        assertThatThrownBy(() -> segment(ClassicalPreset.BODY, volume.slices(10, 12)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("volume voxel 5 (column 5, row 0, slice 0) is -Infinity (")
                .hasMessageContaining("(1 of " + 2 * sliceSize + " voxels is NaN or infinite)");
    }

    @Test
    void percentilesMatchNumpy() {
        double[] map = VoxelPercentiles.of(floatMap, 0.5, 99.5);
        assertThat(map[0]).isEqualTo(expected("floatMap.p0_5"));
        assertThat(map[1]).isEqualTo(expected("floatMap.p99_5"));

        double[] outliers = VoxelPercentiles.of(withOutliers(floatMap), 0.5, 99.5);
        assertThat(outliers[0]).isEqualTo(expected("floatMapWithOutliers.p0_5"));
        assertThat(outliers[1]).isEqualTo(expected("floatMapWithOutliers.p99_5"));

        double[] stored = VoxelPercentiles.of(storedMr, 0.5, 99.5);
        assertThat(stored[0]).isEqualTo(expected("storedMr.p0_5"));
        assertThat(stored[1]).isEqualTo(expected("storedMr.p99_5"));

        assertThat(VoxelPercentiles.of(ct, 0.5)[0]).isEqualTo(expected("ct.p0_5"));
    }

    @Test
    void percentilesAgreeWithSortedCopy() {
        // Signed floats around zero (both zeros included), wide integers and repeated values,
        // against the sort-based percentiles of annotation-core.
        Random random = new Random(7);
        Geometry geometry = Geometry.of(37, 11, 5, new double[] {1, 1, 1}, new double[3], Geometry.identityDirection());
        int count = geometry.voxelCount();
        float[] floats = new float[count];
        int[] ints = new int[count];
        for (int n = 0; n < count; n++) {
            floats[n] = switch (n % 5) {
                case 0 -> (float) random.nextGaussian() * 1e-3f;
                case 1 -> -0.0f;
                case 2 -> 0.0f;
                case 3 -> (float) (random.nextGaussian() * 1e30);
                default -> random.nextInt(9) - 4;
            };
            ints[n] = n % 3 == 0 ? random.nextInt() : random.nextInt(21) - 10;
        }
        floats[3] = -OUTLIER;
        floats[4] = OUTLIER;
        double[] percents = {0, 0.5, 1, 13.7, 50, 99.5, 100};

        List<Volume> volumes = List.of(new FloatVolume(geometry, floats), new IntVolume(geometry, ints));
        for (Volume volume : volumes) {
            double[] sorted = Percentiles.of(volume, percents);
            double[] selected = VoxelPercentiles.of(volume, percents);
            for (int p = 0; p < percents.length; p++) {
                assertThat(selected[p]).as("%s, percent %s", volume.voxelType(), percents[p]).isEqualTo(sorted[p]);
            }
        }
    }

    @Test
    void robustOtsuMatchesScikitImage() {
        assertThat(RobustOtsu.threshold(floatMap, expected("floatMap.p0_5"), expected("floatMap.p99_5")))
                .isCloseTo(expected("floatMap.otsu"), within(1e-12));
        assertThat(RobustOtsu.threshold(storedMr, expected("storedMr.p0_5"), expected("storedMr.p99_5")))
                .isEqualTo(expected("storedMr.otsu"));
    }

    @Test
    void robustOtsuOfWideIntegerRange() {
        // A robust range wider than 2^24 integers falls back to 256 equal bins. The two clusters
        // lie 2e9 apart, so any threshold between them separates them.
        Geometry geometry = Geometry.of(40, 40, 2, new double[] {1, 1, 1}, new double[3], Geometry.identityDirection());
        int[] values = new int[geometry.voxelCount()];
        Random random = new Random(11);
        for (int n = 0; n < values.length; n++) {
            values[n] = n % 4 == 0 ? 1_000_000_000 + random.nextInt(1000) : -1_000_000_000 + random.nextInt(1000);
        }
        IntVolume volume = new IntVolume(geometry, values);
        double[] range = VoxelPercentiles.of(volume, 0.5, 99.5);

        double threshold = RobustOtsu.threshold(volume, range[0], range[1]);

        assertThat(threshold).isGreaterThan(-999_999_000.0);
        assertThat(threshold).isLessThan(1_000_000_000.0);
    }

    @Test
    void otsuPresetMatchesScipyReplay() {
        assertThat(labelled(segment(ClassicalPreset.OTSU, floatMap)))
                .isEqualTo((long) expected("floatMap.otsuPresetVoxels"));
        assertThat(labelled(segment(ClassicalPreset.OTSU, storedMr)))
                .isEqualTo((long) expected("storedMr.otsuPresetVoxels"));
    }

    @Test
    void autoChoosesOtsuForMapWithNegativeOutliers() {
        SegmentationResult clean = segment(ClassicalPreset.AUTO, floatMap);
        SegmentationResult result = segment(ClassicalPreset.AUTO, withOutliers(floatMap));

        assertThat(clean.modelName()).isEqualTo("classical-otsu");
        assertThat(result.modelName()).as("a minimum of -3.4e38 must not select the CT body rule")
                .isEqualTo("classical-otsu");
        assertThat(labelled(result)).isEqualTo((long) expected("floatMapWithOutliers.otsuPresetVoxels"));
        assertThat(Math.abs(labelled(result) - labelled(clean))).isLessThanOrEqualTo(outlierBound());
    }

    @Test
    void otsuThresholdIgnoresExtremeOutliers() {
        FloatVolume volume = withOutliers(floatMap);
        double[] range = VoxelPercentiles.of(volume, 0.5, 99.5);
        double binWidth = (expected("floatMap.p99_5") - expected("floatMap.p0_5")) / 256;

        assertThat(RobustOtsu.threshold(volume, range[0], range[1]))
                .isCloseTo(expected("floatMap.otsu"), within(binWidth));
        long labelled = labelled(segment(ClassicalPreset.OTSU, volume));
        assertThat(labelled).isEqualTo((long) expected("floatMapWithOutliers.otsuPresetVoxels"));
        assertThat(Math.abs(labelled - (long) expected("floatMap.otsuPresetVoxels")))
                .isLessThanOrEqualTo(outlierBound());
    }

    /**
     * Returns how far the labelled count may move when the outliers are added. Six outliers move
     * each percentile by at most six ranks, and on this map the threshold stays within one bin of
     * the outlier-free one. So only the voxels within one bin of it and the six outlier voxels
     * can cross it: 3187 voxels, 0.14% of the map.
     */
    private static long outlierBound() {
        return (long) expected("floatMap.voxelsWithinOneBinOfOtsu") + outlierIndices(floatMap.geometry().voxelCount()).length;
    }

    @Test
    void autoKeepsBodyForCtWithOutliers() {
        FloatVolume volume = withOutliers(ct);
        SegmentationResult clean = segment(ClassicalPreset.AUTO, ct);
        SegmentationResult result = segment(ClassicalPreset.AUTO, volume);

        assertThat(clean.modelName()).isEqualTo("classical-body");
        assertThat(result.modelName()).isEqualTo("classical-body");
        // The body rule's threshold is fixed at -500 HU, so only the six outlier voxels can cross it.
        assertThat(Math.abs(labelled(result) - labelled(clean))).isLessThanOrEqualTo(6L);
    }

    @Test
    void otsuOfAlmostConstantVolumeIsItsValue() {
        // 99.6% zeros: both percentiles are 0, so every voxel above 0 is foreground.
        Geometry geometry = Geometry.of(50, 50, 1, new double[] {1, 1, 1}, new double[3], Geometry.identityDirection());
        float[] values = new float[geometry.voxelCount()];
        for (int n = 0; n < 10; n++) {
            values[1225 + n] = 5;
        }
        FloatVolume volume = new FloatVolume(geometry, values);

        assertThat(VoxelPercentiles.of(volume, 0.5, 99.5)).containsExactly(0.0, 0.0);
        assertThat(RobustOtsu.threshold(volume, 0, 0)).isEqualTo(0.0);
        assertThat(labelled(segment(ClassicalPreset.OTSU, volume))).isEqualTo(10L);
    }
}
