package org.medannot.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.spi.SegmentationRequest;
import org.medannot.core.testing.SharedData;
import org.medannot.core.volume.FloatVolume;
import org.medannot.core.volume.Volume;
import org.medannot.dicom.nifti.NiftiReader;
import org.medannot.dicom.nifti.NiftiWriter;
import org.medannot.examples.review.RoundDirectory;
import org.medannot.inference.classical.ClassicalPreset;
import org.medannot.inference.classical.ClassicalSegmentationBackend;

class SegmentCommandTest extends CommandTestSupport {

    private static final Path UNET = Path.of("models", "liver-spleen-unet2d.onnx");
    private static final Path TINY_SAM = Path.of("..", "annotation-inference", "src", "test", "resources", "models");

    @TempDir
    Path folder;

    private Path ctSeries() {
        return SharedData.require("dicom/series/ct-abdomen-siemens-20sl/dcm2niix/ct_abdomen_20sl.nii.gz");
    }

    /** Writes a 300 x 200 x 2 volume of random values in [-200, 300] as NIfTI. */
    private Path smallVolume() throws Exception {
        Random random = new Random(41);
        float[] values = new float[300 * 200 * 2];
        for (int n = 0; n < values.length; n++) {
            values[n] = -200 + 500 * random.nextFloat();
        }
        Path file = folder.resolve("small.nii.gz");
        new NiftiWriter().write(new FloatVolume(Geometry.of(300, 200, 2, new double[] {0.8, 0.8, 3}, new double[3],
                Geometry.identityDirection()), values), file);
        return file;
    }

    @Test
    void classicalBoneWritesLabelsAndMasks() throws Exception {
        Path input = ctSeries();
        Path output = folder.resolve("bone");
        assertThat(run("segment", input.toString(), "--out", output.toString(), "--backend", "classical:bone"))
                .as(err.toString()).isEqualTo(AnnotateCommand.EXIT_OK);

        LabelMap written = new NiftiReader().readLabelMap(output.resolve("labels.nii.gz"));
        Volume ct = new NiftiReader().readVolume(input);
        LabelMap direct = ClassicalSegmentationBackend.of(ClassicalPreset.BONE).segment(ct,
                SegmentationRequest.automatic()).labels();
        assertThat(written.array()).isEqualTo(direct.array());

        JsonNode masks = new ObjectMapper().readTree(output.resolve("masks.json").toFile());
        JsonNode bone = masks.get("labels").get(0);
        assertThat(bone.get("name").asText()).isEqualTo("bone");
        assertThat(bone.get("value").asInt()).isEqualTo(1);
        // The scipy replay of the preset (tools/reference/classical_bone_reference.py) finds 163855 voxels.
        assertThat(bone.get("voxelCount").asLong()).isEqualTo(163855);
        assertThat(bone.get("boundingBox").get("maxZ").asInt()).isEqualTo(20);
        assertThat(out.toString()).contains("bone 163855 voxels").contains("labels.nii.gz").contains("masks.json");
    }

    @Test
    void roundOneStartsReview() throws Exception {
        Path output = folder.resolve("bone");
        Path roundOne = folder.resolve("round-1");
        assertThat(run("segment", ctSeries().toString(), "--out", output.toString(), "--backend", "classical:bone",
                "--round", roundOne.toString())).as(err.toString()).isEqualTo(AnnotateCommand.EXIT_OK);

        AnnotationSet round = RoundDirectory.read(roundOne);
        LabelMap written = new NiftiReader().readLabelMap(output.resolve("labels.nii.gz"));
        assertThat(round.round()).isEqualTo(1);
        assertThat(round.annotations()).hasSize(written.labels().length);
        assertThat(out.toString()).contains(roundOne + ": round 1 of scan ");

        Path edits = Files.writeString(folder.resolve("edits.json"), "{\"actions\": []}");
        assertThat(run("review", "apply", "--round", roundOne.toString(), "--edits", edits.toString(), "--reviewer", "dr-a",
                "--out", folder.resolve("round-2").toString())).as(err.toString()).isEqualTo(AnnotateCommand.EXIT_OK);
        assertThat(run("segment", ctSeries().toString(), "--out", folder.resolve("again").toString(), "--round",
                roundOne.toString())).isEqualTo(AnnotateCommand.EXIT_FAILURE);
        assertThat(err.toString()).contains(roundOne + " already exists");
    }

    @Test
    void cutSliceIsNamedAndLeftOut() throws Exception {
        Path series = SharedData.require("dicom/series/ct-abdomen-siemens-20sl/dicom");
        Path copy = Files.createDirectories(folder.resolve("series"));
        List<Path> files;
        try (var listing = Files.list(series)) {
            files = listing.sorted().toList();
        }
        for (Path file : files) {
            Files.copy(file, copy.resolve(file.getFileName()));
        }
        // An end slice by position, so the rest of the series stays regular.
        Path last = copy.resolve(lastSliceName(files));
        Files.write(last, java.util.Arrays.copyOf(Files.readAllBytes(last), 20000));

        int status = run("segment", copy.toString(), "--out", folder.resolve("out").toString());

        assertThat(status).isEqualTo(AnnotateCommand.EXIT_FAILURE);
        assertThat(err.toString()).contains("annotate: skipped " + last + " at offset");
        LabelMap labels = new NiftiReader().readLabelMap(folder.resolve("out").resolve("labels.nii.gz"));
        assertThat(labels.geometry().slices()).isEqualTo(files.size() - 1);
    }

    /** Returns the file name of the slice with the highest Image Position (Patient) z, read with this project's reader. */
    private static String lastSliceName(List<Path> files) {
        Path last = null;
        double highest = Double.NEGATIVE_INFINITY;
        for (Path file : files) {
            double z = org.medannot.dicom.DicomFile.open(file, org.medannot.dicom.ReadOptions.HEADER_ONLY).dataSet()
                    .getDoubles(0x00200032)[2];
            if (z > highest) {
                highest = z;
                last = file;
            }
        }
        return last.getFileName().toString();
    }

    @Test
    void roundInsideOutIsUsageError() throws Exception {
        Path output = folder.resolve("seg");

        int same = run("segment", ctSeries().toString(), "--out", output.toString(), "--round", output.toString());
        int inside = run("segment", ctSeries().toString(), "--out", output.toString(), "--round", output.resolve("r").toString());

        assertThat(same).isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(inside).isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("--round " + output + " and --out " + output + " overlap");
        assertThat(output).doesNotExist();
    }

    @Test
    void onnxModelLabelsLiverAndSpleen() throws Exception {
        Path output = folder.resolve("onnx");
        assertThat(run("segment", ctSeries().toString(), "--out", output.toString(), "--backend", "onnx", "--model",
                UNET.toString())).as(err.toString()).isEqualTo(AnnotateCommand.EXIT_OK);

        JsonNode labels = new ObjectMapper().readTree(output.resolve("masks.json").toFile()).get("labels");
        assertThat(labels).hasSize(2);
        assertThat(labels.get(0).get("name").asText()).isEqualTo("spleen");
        assertThat(labels.get(1).get("name").asText()).isEqualTo("liver");
        assertThat(labels.get(1).get("voxelCount").asLong()).isGreaterThan(100_000);
        assertThat(Files.exists(output.resolve("labels.nii.gz"))).isTrue();
    }

    @Test
    void samPromptsSegmentSlice() throws Exception {
        Path output = folder.resolve("sam");
        int status = run("segment", smallVolume().toString(), "--out", output.toString(), "--backend", "sam",
                "--encoder", TINY_SAM.resolve("tiny-sam-encoder.onnx").toString(), "--decoder",
                TINY_SAM.resolve("tiny-sam-decoder.onnx").toString(), "--prompt", "point:150,100,1,+", "--prompt",
                "box:40,30,120,90,0");
        assertThat(status).as(err.toString()).isEqualTo(AnnotateCommand.EXIT_OK);

        LabelMap written = new NiftiReader().readLabelMap(output.resolve("labels.nii.gz"));
        assertThat(written.get(150, 100, 1)).isEqualTo(1);
        assertThat(written.get(60, 50, 0)).isEqualTo(1);
        assertThat(written.get(250, 20, 0)).isEqualTo(0);
    }

    @Test
    void promptOutsideImageFails() throws Exception {
        int status = run("segment", smallVolume().toString(), "--out", folder.resolve("x").toString(), "--backend",
                "sam", "--encoder", TINY_SAM.resolve("tiny-sam-encoder.onnx").toString(), "--decoder",
                TINY_SAM.resolve("tiny-sam-decoder.onnx").toString(), "--prompt", "point:400,10,0,+");
        assertThat(status).isEqualTo(AnnotateCommand.EXIT_FAILURE);
        assertThat(err.toString()).contains("outside the image of 300x200x2 voxels");
    }

    @Test
    void malformedPromptIsUsageError() throws Exception {
        assertThat(run("segment", smallVolume().toString(), "--out", folder.toString(), "--backend", "sam",
                "--encoder", "e.onnx", "--decoder", "d.onnx", "--prompt", "point:1,2")).isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("invalid prompt 'point:1,2'");
    }

    @Test
    void unknownDeviceIsUsageError() throws Exception {
        assertThat(run("segment", smallVolume().toString(), "--out", folder.toString(), "--device", "npu"))
                .isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("unknown execution provider 'npu'");
    }

    @Test
    void unknownPresetIsUsageError() throws Exception {
        assertThat(run("segment", smallVolume().toString(), "--out", folder.toString(), "--backend", "classical:liver"))
                .isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("unknown classical preset 'liver'");
    }

    @Test
    void onnxWithoutModelIsUsageError() throws Exception {
        assertThat(run("segment", smallVolume().toString(), "--out", folder.toString(), "--backend", "onnx"))
                .isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("--backend onnx needs --model FILE");
    }

    @Test
    void fileWithoutImageNamesReason() {
        Path structureSet = SharedData.require("dicom/rtstruct/pydicom/rtstruct.dcm");

        assertThat(run("segment", structureSet.toString(), "--out", folder.toString())).isEqualTo(AnnotateCommand.EXIT_FAILURE);

        assertThat(err.toString()).contains("rtstruct.dcm: no Pixel Data");
        assertThat(err.toString()).doesNotContain("no scan reader");
    }

    @Test
    void missingInputFails() {
        assertThat(run("segment", folder.resolve("absent.nii.gz").toString(), "--out", folder.toString()))
                .isEqualTo(AnnotateCommand.EXIT_FAILURE);
        assertThat(err.toString()).contains("absent.nii.gz was not found");
    }
}
