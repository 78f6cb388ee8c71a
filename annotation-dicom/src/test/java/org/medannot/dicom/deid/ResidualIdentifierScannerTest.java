package org.medannot.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.testing.SharedData;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.Tag;
import org.medannot.dicom.VR;

/**
 * Residual scans of de-identified copies of a real CT file whose Device Serial Number is, by
 * construction, a run of digits of the new SOP Instance UID: the coincidence that a new UID
 * contains an original number.
 */
class ResidualIdentifierScannerTest {

    private static final int DEVICE_SERIAL_NUMBER = 0x00181000;
    private static final int STUDY_DESCRIPTION = 0x00081030;

    @TempDir
    Path temp;

    private static Path ctFile() {
        return SharedData.require("dicom/rtstruct/dicompyler-breast/ct.0.dcm");
    }

    /** Returns the seven digits after "2.25." of the UID that {@code SECRET} gives the file's SOP Instance UID. */
    private static String serialInsideNewUid(Path input) {
        String newUid = DeidTestSupport.SECRET.uid(DicomFile.open(input).sopInstanceUid());
        return newUid.substring("2.25.".length(), "2.25.".length() + 7);
    }

    @Test
    void numberInsideNewUidIsWritten() throws IOException {
        Path source = ctFile();
        String serial = serialInsideNewUid(source);
        Path input = DeidTestSupport.modifiedCopy(source, temp.resolve("in.dcm"),
                dataSet -> dataSet.setString(DEVICE_SERIAL_NUMBER, VR.LO, serial));
        DicomDeidentifier deidentifier = DeidTestSupport.basic(DeidTestSupport.SECRET);
        Path output = temp.resolve(deidentifier.outputName(input));

        DeidentificationReport report = deidentifier.deidentifyFile(input, output);

        assertThat(report.rejected()).as(report.reason()).isFalse();
        assertThat(report.residualFindings()).isEmpty();
        DicomFile result = DicomFile.open(output);
        assertThat(result.dataSet().getString(Tag.SOP_INSTANCE_UID)).contains(serial);
        assertThat(result.dataSet().getString(DEVICE_SERIAL_NUMBER, "")).isNotEqualTo(serial);
    }

    @Test
    void numberOutsideWrittenValuesIsFound() throws IOException {
        Path source = ctFile();
        String serial = serialInsideNewUid(source);
        String newUid = DeidTestSupport.SECRET.uid(DicomFile.open(source).sopInstanceUid());
        Path copy = DeidTestSupport.modifiedCopy(source, temp.resolve("copy.dcm"),
                dataSet -> dataSet.setString(Tag.SOP_INSTANCE_UID, VR.UI, newUid));
        Path leaking = DeidTestSupport.modifiedCopy(copy, temp.resolve("leaking.dcm"),
                dataSet -> dataSet.setString(STUDY_DESCRIPTION, VR.LO, "Scanner " + serial));
        Map<String, String> originals = Map.of(serial, "(0018,1000)");

        List<String> unfiltered = ResidualIdentifierScanner.scan(copy, Files.readAllBytes(copy), originals, Set.of());
        List<String> filtered = ResidualIdentifierScanner.scan(copy, Files.readAllBytes(copy), originals, Set.of(newUid));
        List<String> leaked = ResidualIdentifierScanner.scan(leaking, Files.readAllBytes(leaking), originals, Set.of(newUid));

        assertThat(unfiltered).anyMatch(finding -> finding.contains("found in (0008,0018)"));
        assertThat(filtered).isEmpty();
        assertThat(leaked).contains("original value of (0018,1000) found in (0008,1030)");
        assertThat(leaked).anyMatch(finding -> finding.startsWith("original value of (0018,1000) found at byte offset "));
        assertThat(leaked).noneMatch(finding -> finding.contains("(0008,0018)"));
    }
}
