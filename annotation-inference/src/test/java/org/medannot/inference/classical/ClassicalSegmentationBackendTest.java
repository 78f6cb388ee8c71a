package org.medannot.inference.classical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.core.spi.SegmentationRequest;
import org.medannot.core.spi.SegmentationResult;
import org.medannot.core.testing.SharedData;
import org.medannot.core.volume.FloatVolume;
import org.medannot.inference.testing.TestNifti;

class ClassicalSegmentationBackendTest {

    /** Dice of the bone preset on the 20-slice CT, measured with this backend (see docs/benchmarks.md). */
    private static final double MEASURED_BONE_DICE = 0.5781;

    private static final int SIZE = 64;

    /** Builds a body disc (radius 25, 40 HU) in air (-1000 HU), with an air hole and two air "lungs". */
    private static FloatVolume phantom(int slices) {
        float[] values = new float[SIZE * SIZE * slices];
        Random random = new Random(31);
        for (int z = 0; z < slices; z++) {
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    double r = Math.hypot(x - 32, y - 32);
                    float value = -1000 + (float) random.nextGaussian() * 20;
                    if (r < 25) {
                        value = 40 + (float) random.nextGaussian() * 10;
                    }
                    if (Math.hypot(x - 22, y - 30) < 6 || Math.hypot(x - 42, y - 30) < 6) {
                        value = -850;
                    }
                    if (Math.hypot(x - 32, y - 45) < 3) {
                        value = 700;
                    }
                    values[x + SIZE * (y + SIZE * z)] = value;
                }
            }
        }
        return new FloatVolume(Geometry.of(SIZE, SIZE, slices, new double[] {1, 1, 1}, new double[3],
                Geometry.identityDirection()), values);
    }

    private static Mask segment(ClassicalPreset preset, FloatVolume volume) {
        SegmentationResult result = ClassicalSegmentationBackend.of(preset).segment(volume,
                SegmentationRequest.automatic());
        return result.labels().mask(ClassicalSegmentationBackend.LABEL);
    }

    @Test
    void bodyFilledDisc() {
        Mask body = segment(ClassicalPreset.BODY, phantom(3));
        assertThat(body.get(32, 32, 1)).isTrue();
        assertThat(body.get(22, 30, 1)).as("air hole filled").isTrue();
        assertThat(body.get(2, 2, 1)).isFalse();
        assertThat(body.get(32, 58, 1)).isFalse();
    }

    @Test
    void lungsTwoAirRegions() {
        Mask lungs = segment(ClassicalPreset.LUNGS, phantom(3));
        assertThat(lungs.get(22, 30, 1)).isTrue();
        assertThat(lungs.get(42, 30, 1)).isTrue();
        assertThat(lungs.get(32, 30, 1)).isFalse();
        assertThat(lungs.get(2, 2, 1)).as("air outside the body").isFalse();
    }

    @Test
    void boneDenseRegion() {
        Mask bone = segment(ClassicalPreset.BONE, phantom(40));
        assertThat(bone.get(32, 45, 10)).isTrue();
        assertThat(bone.get(32, 32, 10)).isFalse();
        // pi * 3^2 pixels per slice (about 29) over 40 slices: above the 1000 mm^3 minimum.
        assertThat(bone.count()).isBetween(1000L, 1400L);
    }

    @Test
    void smallDenseComponentDropped() {
        Mask bone = segment(ClassicalPreset.BONE, phantom(3));
        // 3 slices of about 29 pixels of 1 mm^3: below 1000 mm^3.
        assertThat(bone.isEmpty()).isTrue();
    }

    @Test
    void otsuForegroundOnMrLikeImage() {
        FloatVolume phantom = phantom(2);
        float[] values = phantom.array();
        for (int n = 0; n < values.length; n++) {
            values[n] = Math.max(0, values[n] + 1000);
        }
        Mask foreground = segment(ClassicalPreset.AUTO, phantom);
        assertThat(foreground.get(32, 32, 0)).isTrue();
        assertThat(foreground.get(2, 2, 0)).isFalse();
    }

    @Test
    void autoChoosesBodyForCt() {
        FloatVolume volume = phantom(2);
        SegmentationResult result = ClassicalSegmentationBackend.builder().build().segment(volume,
                SegmentationRequest.automatic());
        assertThat(result.modelName()).isEqualTo("classical-body");
        assertThat(result.segments().get(0).category().name()).isEqualTo("body");
        assertThat(result.segments().get(0).score()).isEqualTo(1.0);
    }

    @Test
    void unknownPresetRejected() {
        assertThatThrownBy(() -> ClassicalPreset.parse("liver"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown classical preset 'liver'")
                .hasMessageContaining("body, lungs, bone, otsu, auto");
    }

    @Test
    void bonePresetMatchesSkeletonOnRealCt() throws Exception {
        Path series = SharedData.require("dicom/series/ct-abdomen-siemens-20sl");
        FloatVolume ct = TestNifti.read(series.resolve("dcm2niix/ct_abdomen_20sl.nii.gz")).volume();
        LabelMap labels = TestNifti.read(series.resolve("labels/example_seg_dicom.nii.gz")).labels();
        Properties reference = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/reference/classical-bone.properties")) {
            reference.load(in);
        }

        Mask bone = segment(ClassicalPreset.BONE, ct);
        Mask skeleton = new Mask(labels.geometry());
        for (int n = 0; n < labels.geometry().voxelCount(); n++) {
            int label = labels.get(n);
            boolean skeletal = (label >= 25 && label <= 50) || (label >= 69 && label <= 78)
                    || (label >= 91 && label <= 116);
            skeleton.set(n, skeletal);
        }
        double dice = 2.0 * bone.intersectionCount(skeleton) / (bone.count() + skeleton.count());

        assertThat(skeleton.count()).isEqualTo(Long.parseLong(reference.getProperty("skeletonVoxels")));
        assertThat(bone.count()).as("bone voxels, scipy reference").isEqualTo(
                Long.parseLong(reference.getProperty("boneVoxels")));
        assertThat(dice).as("Dice, scipy reference").isCloseTo(Double.parseDouble(reference.getProperty("dice")),
                org.assertj.core.api.Assertions.within(1e-4));
        assertThat(dice).isGreaterThanOrEqualTo(MEASURED_BONE_DICE - 0.005);
    }
}
