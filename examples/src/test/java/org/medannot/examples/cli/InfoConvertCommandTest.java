package org.medannot.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.testing.SharedData;
import org.medannot.dicom.nifti.NiftiDataType;
import org.medannot.dicom.nifti.NiftiImage;
import org.medannot.dicom.nifti.NiftiReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class InfoConvertCommandTest extends CommandTestSupport {

    @TempDir
    Path temp;

    @Test
    void infoListsSeriesAndSkippedFiles() throws IOException {
        Path series = SharedData.require("dicom/series/ct-abdomen-siemens-20sl");
        assertThat(run("info", series.resolve("dicom-uncompressed").toString(), series.resolve("labels").toString()))
                .isEqualTo(AnnotateCommand.EXIT_OK);
        JsonNode document = new ObjectMapper().readTree(out.toString());
        JsonNode dicom = null;
        for (JsonNode entry : document.get("series")) {
            if (entry.get("format").asText().equals("dicom")) {
                dicom = entry;
            }
        }
        assertThat(dicom).as("DICOM entry").isNotNull();
        assertThat(dicom.get("modality").asText()).isEqualTo("CT");
        assertThat(dicom.get("fileCount").asInt()).isEqualTo(20);
        assertThat(dicom.get("size").toString()).isEqualTo("[512,512,20]");
        assertThat(dicom.get("direction")).hasSize(9);
        assertThat(dicom.get("warnings").toString()).contains("Series Instance UID is empty");
        assertThat(document.get("series").toString()).contains("\"format\":\"nifti\"");
    }

    @Test
    void infoReportsNonImageFilesAsSkipped() throws IOException {
        Path text = temp.resolve("notes.txt");
        Files.writeString(text, "not an image");
        assertThat(run("info", text.toString())).isEqualTo(AnnotateCommand.EXIT_OK);
        JsonNode skipped = new ObjectMapper().readTree(out.toString()).get("skipped");
        assertThat(skipped).hasSize(1);
        assertThat(skipped.get(0).get("reason").asText()).contains("not a DICOM, NIfTI, JPEG or PNG file");
    }

    @Test
    void infoOnMissingPathFails() {
        assertThat(run("info", temp.resolve("absent").toString())).isEqualTo(AnnotateCommand.EXIT_FAILURE);
        assertThat(err.toString()).contains("not found");
    }

    /**
     * Copies the first {@code length} bytes of a real MR file, so that the copy ends inside its
     * header, before Pixel Data.
     */
    private Path truncatedHeader(int length) throws IOException {
        byte[] bytes = Files.readAllBytes(SharedData.require("dicom/edge-cases/MR_small_padded.dcm"));
        return Files.write(temp.resolve("truncated.dcm"), java.util.Arrays.copyOf(bytes, length));
    }

    private Path copyOfDicomSlice() throws IOException {
        return Files.copy(SharedData.require("dicom/rtstruct/dicompyler-breast/ct.0.dcm"), temp.resolve("ct.0.dcm"));
    }

    @Test
    void infoMixedFolderExitsZero() throws IOException {
        copyOfDicomSlice();
        Files.copy(SharedData.require("dicom/rtstruct/dicompyler-breast/rtss.dcm"), temp.resolve("rtss.dcm"));
        Files.writeString(temp.resolve("notes.txt"), "not an image");

        assertThat(run("info", temp.toString())).as(err.toString()).isEqualTo(AnnotateCommand.EXIT_OK);

        JsonNode document = new ObjectMapper().readTree(out.toString());
        assertThat(document.get("series")).hasSize(1);
        JsonNode skipped = document.get("skipped");
        assertThat(skipped).hasSize(2);
        assertThat(skipped.toString()).contains("not a DICOM, NIfTI, JPEG or PNG file");
        // rtss.dcm is an RT Structure Set, a DICOM object without Pixel Data.
        assertThat(skipped.toString()).contains("no Pixel Data (SOP Class UID 1.2.840.10008.5.1.4.1.1.481.3)");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void infoMissingPathStillPrintsJson() throws IOException {
        Path slice = copyOfDicomSlice();
        Path absent = temp.resolve("absent");

        assertThat(run("info", slice.toString(), absent.toString())).isEqualTo(AnnotateCommand.EXIT_FAILURE);

        JsonNode document = new ObjectMapper().readTree(out.toString());
        assertThat(document.get("series")).hasSize(1);
        assertThat(document.get("series").get(0).get("modality").asText()).isEqualTo("CT");
        JsonNode skipped = document.get("skipped");
        assertThat(skipped).hasSize(1);
        assertThat(skipped.get(0).get("path").asText()).isEqualTo(absent.toString());
        assertThat(skipped.get(0).get("reason").asText()).isEqualTo("file or folder not found");
        assertThat(err.toString()).isEqualToIgnoringNewLines("annotate: " + absent + ": file or folder not found");
    }

    @Test
    void infoTruncatedPixelDataFails() throws IOException {
        Path truncated = SharedData.require("dicom/edge-cases/MR_truncated.dcm");

        assertThat(run("info", truncated.toString())).isEqualTo(AnnotateCommand.EXIT_FAILURE);

        JsonNode skipped = new ObjectMapper().readTree(out.toString()).get("skipped");
        assertThat(skipped).hasSize(1);
        assertThat(skipped.get(0).get("reason").asText()).contains("bytes for (7FE0,0010) PixelData");
    }

    @Test
    void infoTruncatedDicomFails() throws IOException {
        Path slice = copyOfDicomSlice();
        Path truncated = truncatedHeader(700);

        assertThat(run("info", slice.toString(), truncated.toString())).isEqualTo(AnnotateCommand.EXIT_FAILURE);

        JsonNode document = new ObjectMapper().readTree(out.toString());
        assertThat(document.get("series")).hasSize(1);
        JsonNode skipped = document.get("skipped");
        assertThat(skipped).hasSize(1);
        assertThat(skipped.get(0).get("path").asText()).isEqualTo(truncated.toString());
        // dcmdump (dcmtk) on the same bytes: ManufacturerModelName (0008,1090) larger (8) than remaining bytes (2).
        assertThat(skipped.get(0).get("reason").asText()).contains("(0008,1090)");
        assertThat(skipped.get(0).get("reason").asText()).contains("of 8 bytes, found 2 bytes");
        String line = err.toString().strip();
        assertThat(line).startsWith("annotate: " + truncated + " at offset");
        assertThat(line.split(java.util.regex.Pattern.quote(truncated.toString()), -1)).hasSize(2);
    }

    @Test
    void infoKeepsJsonKeys() throws IOException {
        assertThat(run("info", copyOfDicomSlice().toString(), temp.resolve("absent").toString()))
                .isEqualTo(AnnotateCommand.EXIT_FAILURE);

        JsonNode document = new ObjectMapper().readTree(out.toString());
        java.util.List<String> keys = new java.util.ArrayList<>();
        document.get("series").get(0).fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("format", "id", "seriesInstanceUid", "modality", "transferSyntaxUids", "fileCount",
                "size", "spacing", "origin", "direction", "warnings");
        java.util.List<String> skippedKeys = new java.util.ArrayList<>();
        document.get("skipped").get(0).fieldNames().forEachRemaining(skippedKeys::add);
        assertThat(skippedKeys).containsExactly("path", "reason");
    }

    @Test
    void infoHelpStatesExitStatus() {
        assertThat(run("info", "--help")).isEqualTo(AnnotateCommand.EXIT_OK);

        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help).contains("0 on success, also when other files were skipped");
        assertThat(help).contains("1 when a path is missing or cannot be read, or a DICOM, NIfTI, JPEG or PNG file is invalid");
    }

    @Test
    void convertNamesTruncatedFileOnce() throws IOException {
        Path truncated = truncatedHeader(700);

        assertThat(run("convert", truncated.toString(), "--out", temp.resolve("x.nii").toString()))
                .isEqualTo(AnnotateCommand.EXIT_FAILURE);

        String line = err.toString().strip();
        assertThat(line).startsWith("annotate: " + truncated + " at offset");
        assertThat(line.split(java.util.regex.Pattern.quote(truncated.toString()), -1)).hasSize(2);
        assertThat(temp.resolve("x.nii")).doesNotExist();
    }

    @Test
    void convertOutputFolderProblemsAreUsageErrors() throws IOException {
        Path series = SharedData.require("dicom/series/ct-abdomen-siemens-20sl/dicom-uncompressed");
        Path folderNamedLikeFile = Files.createDirectories(temp.resolve("existing.nii.gz"));
        Path inMissingFolder = temp.resolve("absent").resolve("ct.nii.gz");

        int onFolder = run("convert", series.toString(), "--out", folderNamedLikeFile.toString());
        int missingFolder = run("convert", series.toString(), "--out", inMissingFolder.toString());

        assertThat(onFolder).isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(missingFolder).isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("--out " + folderNamedLikeFile + " is a folder; expected the path of a file to write");
        assertThat(err.toString()).contains("the folder " + temp.resolve("absent").toAbsolutePath() + " does not exist");
        assertThat(err.toString()).doesNotContain(".tmp");
    }

    @Test
    void convertWritesNiftiWithSeriesGeometry() throws IOException {
        Path series = SharedData.require("dicom/series/ct-abdomen-siemens-20sl/dicom-uncompressed");
        Path output = temp.resolve("ct.nii.gz");
        assertThat(run("convert", series.toString(), "--out", output.toString())).isEqualTo(AnnotateCommand.EXIT_OK);
        NiftiImage image = new NiftiReader().read(output);
        Geometry geometry = image.volume().geometry();
        assertThat(new int[] {geometry.columns(), geometry.rows(), geometry.slices()}).containsExactly(512, 512, 20);
        assertThat(geometry.spacing()[2]).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void convertTimePointOfFourDimensionalSeries() throws IOException {
        Path series = SharedData.require("dicom/series/mr-philips-epi-9sl-3vol/dicom");
        Path output = temp.resolve("epi.nii");
        assertThat(run("convert", series.toString(), "--out", output.toString())).isEqualTo(AnnotateCommand.EXIT_FAILURE);
        assertThat(err.toString()).contains("DUPLICATE_POSITIONS");
        String uid = "1.3.46.670589.11.38317.5.0.4496.2014021409060423022";
        assertThat(run("convert", series.toString(), "--out", output.toString(), "--series", uid + "@2")).isEqualTo(AnnotateCommand.EXIT_OK);
        assertThat(new NiftiReader().read(output).volume().geometry().slices()).isEqualTo(9);
        assertThat(run("convert", series.toString(), "--out", output.toString(), "--series", uid + "@4")).isEqualTo(AnnotateCommand.EXIT_USAGE);
    }

    /**
     * Copies into the temporary folder a Parametric Map with Double Float Pixel Data in Deflated
     * Explicit VR Little Endian, 64 x 64 pixels and 6 frames. The file is a copy of one in
     * annotation-dicom's test resources, made by tools/reference/float_pixel_fixtures.py from a
     * real enhanced MR of github.com/neurolabusc/dcm_qa_enh (BSD-2-Clause).
     */
    private Path doubleFloatMap() throws IOException {
        Path file = temp.resolve("pmap-od-deflated.dcm");
        try (var in = InfoConvertCommandTest.class.getResourceAsStream("pmap-od-deflated.dcm")) {
            assertThat(in).as("test resource pmap-od-deflated.dcm").isNotNull();
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void infoDescribesDoubleFloatMap() throws IOException {
        assertThat(run("info", doubleFloatMap().toString())).isEqualTo(AnnotateCommand.EXIT_OK);

        JsonNode entry = new ObjectMapper().readTree(out.toString()).get("series").get(0);
        assertThat(entry.get("size").toString()).isEqualTo("[64,64,6]");
        assertThat(entry.get("transferSyntaxUids").toString()).isEqualTo("[\"1.2.840.10008.1.2.1.99\"]");
    }

    @Test
    void convertWritesFloat32NiftiOfDoubleFloatMap() throws IOException {
        Path output = temp.resolve("map.nii.gz");

        assertThat(run("convert", doubleFloatMap().toString(), "--out", output.toString())).isEqualTo(AnnotateCommand.EXIT_OK);

        NiftiImage image = new NiftiReader().read(output);
        Geometry geometry = image.volume().geometry();
        assertThat(image.header().dataType()).isEqualTo(NiftiDataType.FLOAT32);
        assertThat(new int[] {geometry.columns(), geometry.rows(), geometry.slices()}).containsExactly(64, 64, 6);
        assertThat(err.toString()).contains("narrowed from float64 to the nearest float32");
        // pydicom 2.3.1's pixel_array[k, j, i] of the file, narrowed with numpy's float32().
        assertThat((float) image.volume().getDouble(geometry.index(10, 20, 0))).isEqualTo(0.5090000033378601f);
        assertThat((float) image.volume().getDouble(geometry.index(32, 32, 3))).isEqualTo(1.0740000009536743f);
        assertThat((float) image.volume().getDouble(geometry.index(63, 0, 5))).isEqualTo(0.5099999904632568f);
    }

    @Test
    void convertWithoutOutIsUsageError() {
        assertThat(run("convert", temp.toString())).isEqualTo(AnnotateCommand.EXIT_USAGE);
    }

    @Test
    void convertOfFolderWithoutImagesFails() throws IOException {
        Files.writeString(temp.resolve("notes.txt"), "not an image");
        assertThat(run("convert", temp.toString(), "--out", temp.resolve("x.nii").toString())).isEqualTo(AnnotateCommand.EXIT_FAILURE);
        assertThat(err.toString()).contains("no image series found");
    }
}
