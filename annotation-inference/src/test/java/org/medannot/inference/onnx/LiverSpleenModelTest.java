package org.medannot.inference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.core.spi.SegmentationRequest;
import org.medannot.core.spi.SegmentationResult;
import org.medannot.core.testing.SharedData;
import org.medannot.inference.testing.TestModels;
import org.medannot.inference.testing.TestNifti;

/**
 * Runs the committed liver and spleen U-Net on its held-out series (the 20-slice abdominal CT of
 * the test data set, read from its dcm2niix volume) and checks the Dice that its model card states.
 * The card's numbers come from the training script, which evaluates the PyTorch network with
 * scipy resampling, independently of this backend.
 */
class LiverSpleenModelTest {

    /** Allowed difference from the card: float rounding moves a few boundary voxels. */
    private static final double MARGIN = 0.002;

    private static double cardDice(String card, String label) {
        Matcher matcher = Pattern.compile("\\| " + label + " \\| ([0-9.]+) \\|").matcher(card);
        assertThat(matcher.find()).as("model card row for %s", label).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private static double dice(Mask a, Mask b) {
        return 2.0 * a.intersectionCount(b) / (a.count() + b.count());
    }

    @Test
    void heldOutDiceMatchesModelCard() throws Exception {
        Path series = SharedData.require("dicom/series/ct-abdomen-siemens-20sl");
        TestNifti ct = TestNifti.read(series.resolve("dcm2niix/ct_abdomen_20sl.nii.gz"));
        LabelMap reference = TestNifti.read(series.resolve("labels/example_seg_dicom.nii.gz")).labels();
        String card = Files.readString(TestModels.UNET.resolveSibling("liver-spleen-unet2d.card.md"));

        SegmentationResult result;
        try (OnnxSegmentationBackend backend = OnnxSegmentationBackend.builder(TestModels.UNET).build()) {
            result = backend.segment(ct.volume(), SegmentationRequest.automatic());
        }
        assertThat(result.labels().geometry().sameGrid(reference.geometry(), 1e-3)).isTrue();

        double liver = dice(result.labels().mask(5), reference.mask(5));
        double spleen = dice(result.labels().mask(1), reference.mask(1));
        assertThat(liver).as("liver Dice").isCloseTo(cardDice(card, "liver"), within(MARGIN));
        assertThat(spleen).as("spleen Dice").isCloseTo(cardDice(card, "spleen"), within(MARGIN));
    }
}
