package org.medannot.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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

import picocli.CommandLine;

class InfoConvertCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path temp;

    private int run(String... args) {
        CommandLine commandLine = AnnotateCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

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
