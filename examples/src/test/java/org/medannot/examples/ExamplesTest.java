package org.medannot.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.coco.json.CocoValidator;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.spi.SegmentationResult;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.nifti.NiftiReader;
import org.medannot.dicom.seg.SegReader;
import org.medannot.dicom.seg.Segmentation;
import org.medannot.metrics.SegmentationScores;

/** Runs each example program on the bundled sample series, as a user would. */
class ExamplesTest {

    static final Path SAMPLE = Path.of("data", "ct-abdomen-siemens-20sl", "dicom");
    static final Path REFERENCE = Path.of("data", "ct-abdomen-siemens-20sl", "labels", "example_seg_dicom.nii.gz");
    static final Path MODEL = Path.of("models", "liver-spleen-unet2d.onnx");

    @TempDir
    Path folder;

    @Test
    void anonymizeWritesOneCopyPerFileWithNewUids() throws Exception {
        Path secret = Files.write(folder.resolve("secret"), "an example project secret, 16+ bytes".getBytes(StandardCharsets.US_ASCII));
        AnonymizeSeriesExample.main(new String[] {SAMPLE.toString(), secret.toString(), folder.resolve("anon").toString()});

        List<Path> copies;
        try (var files = Files.list(folder.resolve("anon"))) {
            copies = files.toList();
        }
        assertThat(copies).hasSize(20);
        String original = DicomFile.open(Files.list(SAMPLE).findFirst().orElseThrow()).fileMeta().getString(0x00020003);
        for (Path copy : copies) {
            assertThat(DicomFile.open(copy).fileMeta().getString(0x00020003)).startsWith("2.25.").isNotEqualTo(original);
        }
    }

    @Test
    void segmentWithOnnxWritesLiverAndSpleen() throws Exception {
        SegmentationResult result = SegmentWithOnnxExample.run(SAMPLE, MODEL, folder.resolve("seg"));
        LabelMap written = new NiftiReader().readLabelMap(folder.resolve("seg").resolve("labels.nii.gz"));
        assertThat(written.labels()).containsExactly(1, 5);
        assertThat(written.array()).isEqualTo(result.labels().array());
    }

    @Test
    void exportWritesValidCocoAndAReadableSeg() throws Exception {
        ExportCocoAndSegExample.Exported exported = ExportCocoAndSegExample.run(SAMPLE, folder.resolve("export"));
        assertThat(CocoValidator.validate(exported.coco())).isEmpty();
        Segmentation seg = new SegReader().read(exported.seg(), ExampleSeries.read(SAMPLE).volume().geometry());
        assertThat(seg.segments()).isNotEmpty();
        assertThat(seg.mask(1).count()).isPositive();
    }

    @Test
    void evaluateScoresTheModelAgainstTheReference() throws Exception {
        SegmentWithOnnxExample.run(SAMPLE, MODEL, folder.resolve("seg"));
        Map<Integer, SegmentationScores> scores = EvaluateExample.run(folder.resolve("seg").resolve("labels.nii.gz"),
                REFERENCE, folder.resolve("report"), List.of(5, 1));
        // The same bound as the pipeline's end-to-end test, measured with nibabel.
        assertThat(scores.get(5).dice()).isGreaterThanOrEqualTo(0.80);
        assertThat(folder.resolve("report").resolve("report.json")).isRegularFile();
        assertThat(folder.resolve("report").resolve("report.html")).isRegularFile();
    }

    @Test
    void reviewRoundKeepsTheLargestSuggestionAndLogsEveryStep() throws Exception {
        ReviewRoundExample.Reviewed reviewed = ReviewRoundExample.run(SAMPLE, MODEL, folder.resolve("review"));
        assertThat(reviewed.reviewed().round()).isEqualTo(2);
        assertThat(reviewed.reviewed().annotations()).hasSize(1);
        assertThat(reviewed.reviewed().annotations().get(0).category().name()).isEqualTo("liver");
        assertThat(reviewed.audit().isValid()).isTrue();
        // model round, one action per suggestion, closing the round
        assertThat(reviewed.audit().entries()).isEqualTo(2 + reviewed.suggested().annotations().size());
    }
}
