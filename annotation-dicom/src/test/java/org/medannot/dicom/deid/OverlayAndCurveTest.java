package org.medannot.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.testing.SharedData;
import org.medannot.dicom.Attributes;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.Tag;
import org.medannot.dicom.VR;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Overlay (60xx) and curve (50xx) groups. The standard's table removes Overlay Data, Overlay
 * Comments and Curve Data, and Clean Graphics may keep them cleaned. The de-identifier cannot
 * clean them, so it removes the whole groups with and without the option.
 */
class OverlayAndCurveTest {

    private static final String OVERLAY_TEXT = "OVERLAY DESCRIPTION MARKER";
    private static final String CURVE_TEXT = "CURVE DESCRIPTION MARKER";

    /** Overlay group 6002 and curve group 5000 elements added to the input, with their VRs. */
    private static final Map<Integer, VR> ADDED = Map.of(
            0x60020010, VR.US, 0x60020011, VR.US, 0x60020040, VR.CS, 0x60020100, VR.US, 0x60020102, VR.US,
            0x60020022, VR.LO, 0x60023000, VR.OW, 0x60024000, VR.LT,
            0x50000022, VR.LO, 0x50003000, VR.OW);

    @TempDir
    Path temp;

    @Test
    void standardTableRowsForGraphics() throws IOException {
        JsonNode table = new ObjectMapper().readTree(SharedData.require("dicom-standard/confidentiality_profile_attributes.json").toFile());
        Map<String, JsonNode> rows = new HashMap<>();
        for (JsonNode row : table) {
            rows.put(row.get("tag").asText(), row);
        }

        for (String tag : List.of("(60XX,3000)", "(60XX,4000)", "(50XX,XXXX)")) {
            assertThat(rows.get(tag).get("basicProfile").asText()).as(tag + " basic profile").isEqualTo("X");
            assertThat(rows.get(tag).get("cleanGraphOpt").asText()).as(tag + " Clean Graphics").isEqualTo("C");
        }
        assertThat(rows.get("(0010,0010)").get("basicProfile").asText()).as("Patient's Name basic profile").isEqualTo("Z");
        List<String> optionColumns = new java.util.ArrayList<>();
        rows.get("(0010,0010)").fieldNames().forEachRemaining(name -> {
            if (name.endsWith("Opt")) {
                optionColumns.add(name);
            }
        });
        assertThat(optionColumns).as("options that change Patient's Name").isEmpty();
    }

    @Test
    void groupsRemovedWithoutCleanGraphics() throws IOException {
        checkGroupsRemoved(new ProfileOption[0]);
    }

    @Test
    void groupsRemovedWithCleanGraphics() throws IOException {
        Attributes data = checkGroupsRemoved(new ProfileOption[] {ProfileOption.CLEAN_GRAPHICS});

        // The option is still recorded: it also cleans Graphic Annotation Sequence, and removing is stricter than cleaning.
        assertThat(data.getSequence(FileDeidentification.DEIDENTIFICATION_METHOD_CODE_SEQUENCE))
                .anyMatch(item -> ProfileOption.CLEAN_GRAPHICS.code().equals(item.getString(0x00080100)));
    }

    private Attributes checkGroupsRemoved(ProfileOption[] options) throws IOException {
        Path input = DeidTestSupport.modifiedCopy(SharedData.require("dicom/rtstruct/dicompyler-breast/ct.0.dcm"),
                temp.resolve("graphics.dcm"), data -> {
                    for (Map.Entry<Integer, VR> added : ADDED.entrySet()) {
                        int tag = added.getKey();
                        if (tag == 0x60020022) {
                            data.setString(tag, VR.LO, OVERLAY_TEXT);
                        } else if (tag == 0x50000022) {
                            data.setString(tag, VR.LO, CURVE_TEXT);
                        } else if (added.getValue() == VR.LT) {
                            data.setString(tag, VR.LT, "overlay comment");
                        } else if (added.getValue() == VR.CS) {
                            data.setString(tag, VR.CS, "G");
                        } else {
                            data.setBytes(tag, added.getValue(), new byte[] {1, 0});
                        }
                    }
                });
        Path output = temp.resolve("out-" + options.length + ".dcm");

        DeidentificationReport report = DeidTestSupport.withOptions(DeidTestSupport.SECRET, options).deidentifyFile(input, output);

        assertThat(report.rejected()).as(report.reason() + report.residualFindings()).isFalse();
        Attributes data = DicomFile.open(output).dataSet();
        assertThat(data.elements()).noneMatch(e -> FileDeidentification.isOverlayOrCurve(Tag.group(e.tag())));
        for (int tag : ADDED.keySet()) {
            assertThat(report.actions()).as(Tag.toString(tag))
                    .anyMatch(a -> a.path().equals(Tag.toString(tag)) && a.action().equals("removed"));
        }
        assertThat(report.actions()).noneMatch(a -> a.path().startsWith("(60") && !a.action().equals("removed"));
        assertThat(report.actions()).noneMatch(a -> a.path().startsWith("(50") && !a.action().equals("removed"));
        String bytes = new String(Files.readAllBytes(output), StandardCharsets.ISO_8859_1);
        assertThat(bytes).doesNotContain(OVERLAY_TEXT).doesNotContain(CURVE_TEXT);
        return data;
    }
}
