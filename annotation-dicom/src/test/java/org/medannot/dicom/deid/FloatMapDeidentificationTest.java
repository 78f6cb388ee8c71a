package org.medannot.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.VR;
import org.medannot.dicom.io.MutableElement;
import org.medannot.dicom.pixel.FloatMapFixtures;
import org.medannot.dicom.pixel.Frame;
import org.medannot.dicom.pixel.PixelData;
import org.medannot.dicom.pixel.PixelDataElement;

/**
 * De-identification of Parametric Maps whose samples are Float Pixel Data or Double Float Pixel
 * Data, in every transfer syntax of {@link FloatMapFixtures}. The copy keeps the float element and
 * every sample that pydicom reads from the original.
 */
class FloatMapDeidentificationTest {

    private static final int PATIENT_ID = 0x00100020;
    private static final int BURNED_IN_ANNOTATION = 0x00280301;
    private static final int DOUBLE_FLOAT_PIXEL_DATA = 0x7FE00009;

    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicTest> copyKeepsFloatSamples() {
        return FloatMapFixtures.all().stream().map(fixture -> DynamicTest.dynamicTest(fixture.name(), () -> {
            // The fixtures' Patient ID also labels the map (Content Label, LUT Label), so a copy
            // with another Patient ID is de-identified.
            Path input = DeidTestSupport.modifiedCopy(fixture.path(), temp.resolve("in-" + fixture.name()),
                    dataSet -> dataSet.setString(PATIENT_ID, VR.LO, "PM-40917"));
            Path output = temp.resolve("out-" + fixture.name());

            DeidentificationReport report = DeidTestSupport.basic(DeidTestSupport.SECRET).deidentifyFile(input, output);

            assertThat(report.rejected()).as("rejected: %s %s", report.reason(), report.residualFindings()).isFalse();
            DicomFile copy = DicomFile.open(output);
            assertThat(copy.dataSet().getString(PATIENT_ID, "")).as("Patient ID").isNotEqualTo("PM-40917");
            PixelData pixels = PixelData.of(copy);
            assertThat(pixels.module().pixelDataElement()).as("element").isEqualTo(fixture.element());
            assertThat(pixels.frameCount()).as("frames").isEqualTo(fixture.frames());
            for (int f = 0; f < fixture.frames(); f++) {
                Frame frame = pixels.decodeFrame(f);
                int mismatches = 0;
                for (int row = 0; row < fixture.rows(); row++) {
                    for (int column = 0; column < fixture.columns(); column++) {
                        float narrowed = (float) frame.floatValues()[row * fixture.columns() + column];
                        if (Float.floatToIntBits(narrowed) != Float.floatToIntBits(fixture.referenceAt(f, row, column))) {
                            mismatches++;
                        }
                    }
                }
                assertThat(mismatches).as("frame %d samples that differ from pydicom's reading of the original", f).isZero();
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> burnedInRegionBlankedToZero() {
        return Stream.of("pmap-of-explicit-be.dcm", "pmap-od-explicit-le.dcm").map(name -> DynamicTest.dynamicTest(name, () -> {
            FloatMapFixtures.Fixture fixture = FloatMapFixtures.get(name);
            Path input = DeidTestSupport.modifiedCopy(fixture.path(), temp.resolve("burned-" + name), dataSet -> {
                dataSet.setString(PATIENT_ID, VR.LO, "PM-40917");
                dataSet.setString(BURNED_IN_ANNOTATION, VR.CS, "YES");
            });
            BlankRegion region = new BlankRegion(10, 5, 20, 8);
            DicomDeidentifier deidentifier = DicomDeidentifier.builder(DeidTestSupport.SECRET).blankRegions(List.of(region)).build();
            Path output = temp.resolve("blanked-" + name);

            DeidentificationReport report = deidentifier.deidentifyFile(input, output);

            assertThat(report.rejected()).as("rejected: %s", report.reason()).isFalse();
            assertThat(report.blankedRegions()).containsExactly(region);
            String element = fixture.element() == PixelDataElement.FLOAT_PIXEL_DATA ? "(7FE0,0008)" : "(7FE0,0009)";
            assertThat(report.actions()).anyMatch(action -> action.path().equals(element) && action.action().equals("cleaned"));
            PixelData pixels = PixelData.of(DicomFile.open(output));
            for (int f = 0; f < fixture.frames(); f++) {
                double[] samples = pixels.decodeFrame(f).floatValues();
                for (int row = 0; row < fixture.rows(); row++) {
                    for (int column = 0; column < fixture.columns(); column++) {
                        boolean inside = column >= 10 && column < 30 && row >= 5 && row < 13;
                        float expected = inside ? 0.0f : fixture.referenceAt(f, row, column);
                        assertThat((float) samples[row * fixture.columns() + column])
                                .as("frame %d row %d column %d", f, row, column).isEqualTo(expected);
                    }
                }
            }
        }));
    }

    @Test
    void burnedInFloatMapRejectedWithoutRegions() throws IOException {
        FloatMapFixtures.Fixture fixture = FloatMapFixtures.get("pmap-od-explicit-le.dcm");
        Path input = DeidTestSupport.modifiedCopy(fixture.path(), temp.resolve("burned.dcm"), dataSet -> {
            dataSet.setString(PATIENT_ID, VR.LO, "PM-40917");
            dataSet.setString(BURNED_IN_ANNOTATION, VR.CS, "YES");
        });
        Path output = temp.resolve("copy.dcm");

        DeidentificationReport report = DeidTestSupport.basic(DeidTestSupport.SECRET).deidentifyFile(input, output);

        assertThat(report.rejected()).isTrue();
        assertThat(report.reason()).contains("Burned In Annotation");
        assertThat(output).doesNotExist();
    }

    @TestFactory
    Stream<DynamicTest> patientIdInFloatSamplesRejected() {
        // The raw bytes of a deflated file are compressed, so the identifier in its samples must be
        // found in the parsed element.
        return Stream.of("pmap-od-explicit-le.dcm", "pmap-od-deflated.dcm").map(name -> DynamicTest.dynamicTest(name, () -> {
            FloatMapFixtures.Fixture fixture = FloatMapFixtures.get(name);
            Path input = DeidTestSupport.modifiedCopy(fixture.path(), temp.resolve("planted-" + name), dataSet -> {
                dataSet.setString(PATIENT_ID, VR.LO, "PIDX7731Q");
                MutableElement samples = dataSet.get(DOUBLE_FLOAT_PIXEL_DATA);
                byte[] value = samples.isBulkData() ? samples.bulkData().read(name).clone() : samples.bytes().clone();
                System.arraycopy("PIDX7731Q".getBytes(StandardCharsets.US_ASCII), 0, value, 1000, 9);
                dataSet.setBytes(DOUBLE_FLOAT_PIXEL_DATA, samples.vr(), value);
            });
            Path output = temp.resolve("copy-" + name);

            DeidentificationReport report = DeidTestSupport.basic(DeidTestSupport.SECRET).deidentifyFile(input, output);

            assertThat(report.rejected()).as("rejected").isTrue();
            assertThat(report.residualFindings()).anyMatch(finding -> finding.contains("(7FE0,0009)") || finding.contains("byte offset"));
            assertThat(output).doesNotExist();
        }));
    }

    @Test
    void patientIdInContentLabelRejected() throws IOException {
        FloatMapFixtures.Fixture fixture = FloatMapFixtures.get("pmap-of-explicit-le.dcm");
        Path output = temp.resolve("copy.dcm");

        DeidentificationReport report = DeidTestSupport.basic(DeidTestSupport.SECRET).deidentifyFile(fixture.path(), output);

        assertThat(report.rejected()).isTrue();
        assertThat(report.residualFindings()).anyMatch(finding -> finding.contains("(0070,0080)"));
        assertThat(output).doesNotExist();
    }
}
