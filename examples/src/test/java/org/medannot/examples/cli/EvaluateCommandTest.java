package org.medannot.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.testing.SharedData;

class EvaluateCommandTest extends CommandTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Geometry GRID = Geometry.of(12, 10, 8, new double[] {1.0, 1.5, 2.0}, new double[3],
            Geometry.identityDirection());

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bbox", "segm"})
    void cocoPrintsPycocotoolsSummary(String iouType) throws IOException {
        Path golden = SharedData.require("coco-golden");
        Path reportFolder = folder.resolve("coco");

        int status = run("evaluate", "--coco-gt", golden.resolve("cocoeval_gt.json").toString(),
                "--coco-dt", golden.resolve("cocoeval_results_" + iouType + ".json").toString(), "--iou-type", iouType,
                "--out", reportFolder.toString());

        assertThat(status).as(err.toString()).isEqualTo(AnnotateCommand.EXIT_OK);
        JsonNode expected = JSON.readTree(golden.resolve("cocoeval_expected.json").toFile()).get(iouType);
        List<String> lines = out.toString().lines().toList();
        for (int n = 0; n < 12; n++) {
            assertThat(lines.get(n)).isEqualTo(expected.get("summary_lines").get(n).asText());
        }
        JsonNode report = JSON.readTree(reportFolder.resolve("report.json").toFile());
        for (int n = 0; n < 12; n++) {
            assertThat(report.get("stats").get(n).asDouble()).as("stats[%d]", n)
                    .isCloseTo(expected.get("stats").get(n).asDouble(), within(1e-9));
        }
        for (int k = 0; k < 3; k++) {
            JsonNode want = expected.get("per_category").get(k);
            JsonNode got = report.get("per_category").get(k);
            for (String field : List.of("ap", "ap50", "ap75", "ap_small", "ap_medium", "ap_large", "ar1", "ar10", "ar100")) {
                assertThat(got.get(field).asDouble()).as("category %d %s", k, field)
                        .isCloseTo(want.get(field).asDouble(), within(1e-9));
            }
        }
        assertThat(reportFolder.resolve("report.html")).exists();
    }

    @Test
    void unknownIouTypeIsUsageError() {
        int status = run("evaluate", "--coco-gt", "gt.json", "--coco-dt", "dt.json", "--iou-type", "keypoints",
                "--out", folder.toString());

        assertThat(status).isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("bbox or segm");
    }

    @Test
    void reportOverInputIsUsageError() throws IOException {
        Path golden = SharedData.require("coco-golden");
        Path gt = Files.copy(golden.resolve("cocoeval_gt.json"), folder.resolve("report.json"));
        byte[] before = Files.readAllBytes(gt);

        int status = run("evaluate", "--coco-gt", gt.toString(), "--coco-dt",
                golden.resolve("cocoeval_results_bbox.json").toString(), "--out", folder.toString());

        assertThat(status).isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("is the same file as the input " + gt);
        assertThat(Files.readAllBytes(gt)).isEqualTo(before);
    }

    @Test
    void malformedCocoFileNamesFileAndField() throws IOException {
        Path gt = Files.writeString(folder.resolve("gt.json"), "{\"images\": [], \"categories\": []}");
        Path dt = Files.writeString(folder.resolve("dt.json"), "[]");

        int status = run("evaluate", "--coco-gt", gt.toString(), "--coco-dt", dt.toString(), "--out",
                folder.resolve("out").toString());

        assertThat(status).isEqualTo(AnnotateCommand.EXIT_FAILURE);
        assertThat(err.toString()).contains("gt.json");
    }

    @Test
    void labelMapsGiveMetricsAndReport() throws IOException {
        Path reference = writeBoxes("reference.rawlabels", GRID, 2);
        Path prediction = writeBoxes("prediction.rawlabels", GRID, 3);
        Path reportFolder = folder.resolve("labels");

        int status = run("evaluate", "--reference", reference.toString(), "--prediction", prediction.toString(),
                "--labels", "1,2", "--tolerance-mm", "1.5", "--empty-policy", "inf", "--out", reportFolder.toString());

        assertThat(status).as(err.toString()).isEqualTo(AnnotateCommand.EXIT_OK);
        JsonNode report = JSON.readTree(reportFolder.resolve("report.json").toFile());
        JsonNode label1 = report.get("labels").get("1");
        // A 4x4x4 box shifted by one column keeps 48 of 64 voxels: Dice 96 / 128, IoU 48 / 80.
        assertThat(label1.get("dice").asDouble()).isEqualTo(0.75);
        assertThat(label1.get("iou").asDouble()).isEqualTo(0.6);
        assertThat(label1.get("hd_mm").asDouble()).isEqualTo(1.0);
        assertThat(label1.get("volume_ml_reference").asDouble()).isCloseTo(64 * 3.0 / 1000, within(1e-15));
        assertThat(report.get("labels").get("2").get("hd_mm").asText()).isEqualTo("Infinity");
        assertThat(report.get("parameters").get("empty_mask_policy").asText()).isEqualTo("INFINITY");
        assertThat(report.get("parameters").get("tolerance_mm").asDouble()).isEqualTo(1.5);
        assertThat(out.toString()).contains("0.7500");
        assertThat(Files.readString(reportFolder.resolve("report.html"))).contains("data:image/png;base64,");
    }

    @Test
    void niftiPairMatchesScipy() throws IOException {
        Path pair = SharedData.require("nifti/pairs/totalseg-ct-small");
        Path reportFolder = folder.resolve("nifti");

        int status = run("evaluate", "--reference", pair.resolve("example_seg.nii.gz").toString(),
                "--prediction", pair.resolve("example_seg_fast.nii.gz").toString(), "--labels", "1,13,79",
                "--tolerance-mm", "2", "--empty-policy", "nan", "--out", reportFolder.toString());

        assertThat(status).as(err.toString()).isEqualTo(AnnotateCommand.EXIT_OK);
        // Expected values: tools/reference/surface_metrics_reference.py, case "totalseg-small"
        // (scipy distance_transform_edt with sampling=(3, 3, 3) on the nibabel arrays).
        JsonNode labels = JSON.readTree(reportFolder.resolve("report.json").toFile()).get("labels");
        assertThat(labels.get("1").get("dice").asDouble()).isCloseTo(0.9773608636411277, within(1e-12));
        assertThat(labels.get("1").get("hd_mm").asDouble()).isCloseTo(4.242640687119285, within(1e-6));
        assertThat(labels.get("1").get("hd95_mm").asDouble()).isCloseTo(3.0, within(1e-6));
        assertThat(labels.get("1").get("assd_mm").asDouble()).isCloseTo(0.48266238103692155, within(1e-6));
        assertThat(labels.get("1").get("nsd").asDouble()).isCloseTo(0.8392785571142285, within(1e-12));
        assertThat(labels.get("1").get("volume_ml_reference").asDouble()).isCloseTo(255.204, within(1e-9));
        assertThat(labels.get("79").get("assd_mm").asDouble()).isCloseTo(1.3171693057314429, within(1e-6));
        assertThat(labels.get("79").get("volume_ml_prediction").asDouble()).isCloseTo(18.981, within(1e-9));
        assertThat(labels.get("13").get("empty_case").asText()).isEqualTo("PREDICTION_EMPTY");
        assertThat(labels.get("13").get("hd_mm").asText()).isEqualTo("NaN");
    }

    @Test
    void differentGridsNeedResample() throws IOException {
        Geometry shifted = Geometry.of(12, 10, 8, new double[] {1.0, 1.5, 2.0}, new double[] {1.0, 0, 0},
                Geometry.identityDirection());
        Path reference = writeBoxes("reference.rawlabels", GRID, 2);
        Path prediction = writeBoxes("prediction.rawlabels", shifted, 1);

        int rejected = run("evaluate", "--reference", reference.toString(), "--prediction", prediction.toString(),
                "--out", folder.resolve("a").toString());
        int resampled = run("evaluate", "--reference", reference.toString(), "--prediction", prediction.toString(),
                "--resample", "--out", folder.resolve("b").toString());

        assertThat(rejected).isEqualTo(AnnotateCommand.EXIT_FAILURE);
        assertThat(err.toString()).contains("--resample").contains("origin");
        assertThat(resampled).isEqualTo(AnnotateCommand.EXIT_OK);
        // The prediction box starts one column later on a grid shifted 1 mm to the left, so it lands on the reference box.
        JsonNode report = JSON.readTree(folder.resolve("b/report.json").toFile());
        assertThat(report.get("labels").get("1").get("dice").asDouble()).isEqualTo(1.0);
        assertThat(report.get("labels").get("1").get("prediction_resampled").asBoolean()).isTrue();
    }

    @Test
    void folderWithoutLabelMapIsRejected() throws IOException {
        Path reference = writeBoxes("reference.rawlabels", GRID, 2);
        Path segmentFolder = Files.createDirectory(folder.resolve("segment-output"));

        int status = run("evaluate", "--reference", reference.toString(), "--prediction", segmentFolder.toString(),
                "--out", folder.resolve("out").toString());

        assertThat(status).isEqualTo(AnnotateCommand.EXIT_FAILURE);
        assertThat(err.toString()).contains("exactly one .nii or .nii.gz");
    }

    @Test
    void bothModesAreUsageError() {
        int status = run("evaluate", "--reference", "a", "--prediction", "b", "--coco-gt", "c", "--coco-dt", "d",
                "--out", folder.toString());

        assertThat(status).isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("either");
    }

    @Test
    void unknownEmptyPolicyIsUsageError() throws IOException {
        Path reference = writeBoxes("reference.rawlabels", GRID, 2);

        int status = run("evaluate", "--reference", reference.toString(), "--prediction", reference.toString(),
                "--empty-policy", "zero", "--out", folder.toString());

        assertThat(status).isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("nan, inf or diagonal");
    }

    @Test
    void missingLabelMapIsFailure() {
        int status = run("evaluate", "--reference", folder.resolve("absent.rawlabels").toString(), "--prediction",
                folder.resolve("absent.rawlabels").toString(), "--out", folder.resolve("out").toString());

        assertThat(status).isEqualTo(AnnotateCommand.EXIT_FAILURE);
        assertThat(err.toString()).contains("label map not found");
    }

    /**
     * Writes label 1 as the 4x4x4 box starting at column {@code x}, row 3, slice 2; reference
     * files also get one voxel of label 2, which predictions miss.
     */
    private Path writeBoxes(String name, Geometry geometry, int x) throws IOException {
        byte[] labels = new byte[geometry.voxelCount()];
        for (int k = 2; k < 6; k++) {
            for (int j = 3; j < 7; j++) {
                for (int i = x; i < x + 4; i++) {
                    labels[geometry.index(i, j, k)] = 1;
                }
            }
        }
        if (name.startsWith("reference")) {
            labels[geometry.index(11, 9, 7)] = 2;
        }
        Path file = folder.resolve(name);
        RawLabelScanReader.write(file, geometry, labels);
        return file;
    }
}
