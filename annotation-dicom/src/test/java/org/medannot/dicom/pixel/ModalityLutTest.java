package org.medannot.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.medannot.core.testing.SharedData;
import org.medannot.dicom.DicomFile;

/**
 * Per-frame Rescale Slope and Intercept of the multi-frame files against pydicom's reading of
 * the functional groups (reference/modality.tsv, made by tools/reference/dicom_pixel_reference.py).
 */
class ModalityLutTest {

    @TestFactory
    Stream<DynamicTest> perFrameRescaleMatchesPydicom() throws IOException {
        Path root = SharedData.require("dicom/multiframe").getParent().getParent();
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = ModalityLutTest.class.getResourceAsStream("/org/medannot/dicom/reference/modality.tsv")) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.startsWith("#") && !line.startsWith("path\t") && !line.isBlank()) {
                    rows.add(line.split("\t"));
                }
            }
        }
        assertThat(rows).isNotEmpty();
        return rows.stream().map(row -> DynamicTest.dynamicTest(row[0] + " frame " + row[1], () -> {
            DicomFile file = DicomFile.open(root.resolve(row[0]));
            ModalityLut lut = ModalityLut.forFrame(file.dataSet(), Integer.parseInt(row[1]));
            assertThat(lut.slope()).as("slope").isEqualTo(Double.parseDouble(row[2]));
            assertThat(lut.intercept()).as("intercept").isEqualTo(Double.parseDouble(row[3]));
        }));
    }

    @Test
    void applyIsLinear() {
        ModalityLut lut = new ModalityLut(2.5, -1024);
        assertThat(lut.apply(1000)).isEqualTo(1476.0);
        assertThat(ModalityLut.IDENTITY.isIdentity()).isTrue();
    }

    @Test
    void monochrome1InvertedOnlyOnRequest() {
        ImagePixelModule mono1 = new ImagePixelModule(1, 3, 1, 16, 12, 11, 0, 0, "MONOCHROME1", 1);
        int[] stored = {0, 100, 4095};
        int[] display = Display.monochrome1ToMonochrome2(stored, mono1);
        assertThat(display).containsExactly(4095, 3995, 0);
        assertThat(stored).as("stored values unchanged").containsExactly(0, 100, 4095);
        ImagePixelModule mono2 = new ImagePixelModule(1, 3, 1, 16, 12, 11, 0, 0, "MONOCHROME2", 1);
        assertThat(Display.monochrome1ToMonochrome2(stored, mono2)).isSameAs(stored);
    }
}
