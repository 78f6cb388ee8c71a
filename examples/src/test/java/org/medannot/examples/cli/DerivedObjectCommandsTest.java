package org.medannot.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.mask.LabelMap;
import org.medannot.dicom.nifti.NiftiReader;
import org.medannot.dicom.seg.SegReader;
import org.medannot.dicom.seg.Segmentation;

/** {@code annotate segment} writing seg.dcm, and {@code annotate evaluate} reading it back. */
class DerivedObjectCommandsTest extends CommandTestSupport {

    /** The bundled 20-slice CT series, relative to the examples module. */
    private static final Path SERIES = Path.of("data", "ct-abdomen-siemens-20sl", "dicom");

    @TempDir
    Path folder;

    @Test
    void segmentWritesSegOfDicomSeries() throws Exception {
        Path result = folder.resolve("segment");

        assertThat(run("segment", SERIES.toString(), "--out", result.toString(), "--backend", "classical:body"))
                .as(err.toString()).isEqualTo(AnnotateCommand.EXIT_OK);

        Path seg = result.resolve("seg.dcm");
        assertThat(seg).isRegularFile();
        LabelMap labels = new NiftiReader().readLabelMap(result.resolve("labels.nii.gz"));
        Segmentation segmentation = new SegReader().read(seg, labels.geometry());
        assertThat(segmentation.segments()).hasSize(1);
        assertThat(segmentation.mask(1).count()).isEqualTo(labels.mask(1).count());
        assertThat(segmentation.mask(1).count()).isPositive();
    }

    @Test
    void segmentOfNiftiWritesNoSeg() throws Exception {
        Path nifti = folder.resolve("volume.nii.gz");
        assertThat(run("convert", SERIES.toString(), "--out", nifti.toString())).isEqualTo(AnnotateCommand.EXIT_OK);
        Path result = folder.resolve("segment");

        assertThat(run("segment", nifti.toString(), "--out", result.toString(), "--backend", "classical:body"))
                .isEqualTo(AnnotateCommand.EXIT_OK);

        assertThat(result.resolve("labels.nii.gz")).isRegularFile();
        assertThat(result.resolve("seg.dcm")).doesNotExist();
    }

    @Test
    void evaluateReadsSegOntoItsSeries() throws Exception {
        Path result = folder.resolve("segment");
        assertThat(run("segment", SERIES.toString(), "--out", result.toString(), "--backend", "classical:body"))
                .isEqualTo(AnnotateCommand.EXIT_OK);
        Path report = folder.resolve("report");

        int status = run("evaluate", "--reference", result.resolve("seg.dcm").toString(), "--reference-images",
                SERIES.toString(), "--prediction", result.resolve("labels.nii.gz").toString(), "--labels", "1", "--out",
                report.toString());

        assertThat(status).as(err.toString()).isEqualTo(AnnotateCommand.EXIT_OK);
        JsonNode label = new ObjectMapper().readTree(report.resolve("report.json").toFile()).get("labels").get("1");
        assertThat(label.get("dice").asDouble()).isEqualTo(1.0);
        assertThat(label.get("hd_mm").asDouble()).isZero();
    }

    @Test
    void evaluateSegWithoutImagesIsRejected() throws Exception {
        Path result = folder.resolve("segment");
        assertThat(run("segment", SERIES.toString(), "--out", result.toString(), "--backend", "classical:body"))
                .isEqualTo(AnnotateCommand.EXIT_OK);

        int status = run("evaluate", "--reference", result.resolve("seg.dcm").toString(), "--prediction",
                result.resolve("labels.nii.gz").toString(), "--out", folder.resolve("report").toString());

        assertThat(status).isEqualTo(AnnotateCommand.EXIT_FAILURE);
        assertThat(err.toString()).contains("DICOM SEG").contains("--reference-images");
        assertThat(Files.exists(folder.resolve("report/report.json"))).isFalse();
    }

    @Test
    void evaluateReordersSameVoxelCentres() throws Exception {
        // labels.nii.gz follows the DICOM series' index order; the bundled reference is stored in
        // RAS order, so the same voxel centres come in another index order.
        Path result = folder.resolve("segment");
        assertThat(run("segment", SERIES.toString(), "--out", result.toString(), "--backend", "classical:body"))
                .isEqualTo(AnnotateCommand.EXIT_OK);
        Path reference = Path.of("data", "ct-abdomen-siemens-20sl", "labels", "example_seg_dicom.nii.gz");
        Path report = folder.resolve("report");

        int status = run("evaluate", "--reference", reference.toString(), "--prediction",
                result.resolve("labels.nii.gz").toString(), "--labels", "1", "--out", report.toString());

        assertThat(status).as(err.toString()).isEqualTo(AnnotateCommand.EXIT_OK);
        JsonNode root = new ObjectMapper().readTree(report.resolve("report.json").toFile());
        assertThat(root.toString()).contains("reordered onto the reference grid");
        assertThat(root.get("labels").get("1").get("volume_ml_prediction").asDouble()).isPositive();
    }

    @Test
    void pipelineMissingInputIsReadFailure() {
        int status = run("pipeline", folder.resolve("absent").toString(), "--out", folder.resolve("out").toString());

        assertThat(status).isEqualTo(AnnotateCommand.EXIT_FAILURE);
        assertThat(err.toString()).contains("absent").contains("was not found");
    }
}
