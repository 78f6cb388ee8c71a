package org.medannot.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.testing.SharedData;
import org.medannot.dicom.Attributes;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.Tag;
import org.medannot.dicom.VR;
import org.medannot.dicom.pixel.PixelData;

/**
 * Behaviour of {@link DicomDeidentifier} on real files of the test data set. Expected values
 * come from PS3.15 Table E.1-1 (through the generated profile table), PS3.3 and the derivations
 * that {@link ProjectSecret} documents.
 */
class DicomDeidentifierTest {

    private static final int STUDY_DATE = 0x00080020;
    private static final int INSTITUTION_NAME = 0x00080080;
    private static final int OVERLAY_ROWS = 0x60000010;
    private static final int OVERLAY_DATA = 0x60003000;

    @TempDir
    Path temp;

    /** A CT image in Implicit VR Little Endian with patient, study and institution identifiers. */
    private static Path ctFile() {
        return SharedData.require("dicom/rtstruct/dicompyler-breast/ct.0.dcm");
    }

    @Test
    void basicProfileReplacesIdentifiers() throws IOException {
        Path input = ctFile();
        DicomFile original = DicomFile.open(input);
        DicomDeidentifier deidentifier = DeidTestSupport.basic(DeidTestSupport.SECRET);
        Path output = temp.resolve(deidentifier.outputName(input));

        DeidentificationReport report = deidentifier.deidentifyFile(input, output);

        assertThat(report.rejected()).as(report.reason()).isFalse();
        DicomFile result = DicomFile.open(output);
        Attributes data = result.dataSet();
        String originalId = original.dataSet().getString(0x00100020, "");
        assertThat(data.getString(0x00100020)).isEqualTo(DeidTestSupport.SECRET.patientPseudonym(originalId));
        assertThat(data.getString(Tag.PATIENT_NAME)).isEqualTo(DeidTestSupport.SECRET.patientPseudonym(originalId));
        String series = original.dataSet().getString(Tag.SERIES_INSTANCE_UID);
        assertThat(data.getString(Tag.SERIES_INSTANCE_UID)).isEqualTo(DeidTestSupport.SECRET.uid(series));
        assertThat(result.fileMeta().getString(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID))
                .isEqualTo(DeidTestSupport.SECRET.uid(original.sopInstanceUid()));
        assertThat(output.getFileName().toString()).isEqualTo(DeidTestSupport.SECRET.uid(original.sopInstanceUid()) + ".dcm");
        assertThat(result.fileMeta().getString(0x00020016)).as("Source AE Title is not copied").isNull();
        assertThat(data.getString(Tag.SOP_CLASS_UID, "")).isEqualTo(original.dataSet().getString(Tag.SOP_CLASS_UID, ""));
        assertThat(data.getString(STUDY_DATE)).as("Study Date is Z").isNull();
        assertThat(data.contains(STUDY_DATE)).isTrue();
        assertThat(data.getString(0x00120062)).isEqualTo("YES");
        assertThat(data.getString(0x00280303)).isEqualTo("REMOVED");
        assertThat(data.getSequence(0x00120064)).hasSize(1);
        assertThat(data.getSequence(0x00120064).get(0).getString(0x00080100)).isEqualTo("113100");
        assertThat(data.getSequence(0x00120064).get(0).getString(0x00080102)).isEqualTo("DCM");
        assertThat(data.elements()).as("no private attributes").noneMatch(e -> Tag.isPrivate(e.tag()));
        assertThat(PixelData.of(result).decodeFrame(0).values()).isEqualTo(PixelData.of(original).decodeFrame(0).values());
    }

    @Test
    void modifiedDatesShiftDatesAndKeepTimes() throws IOException {
        Path input = ctFile();
        DicomFile original = DicomFile.open(input);
        DicomDeidentifier deidentifier = DeidTestSupport.withOptions(DeidTestSupport.SECRET,
                ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES);
        Path output = temp.resolve("out.dcm");

        DeidentificationReport checked = deidentifier.deidentifyFile(input, output);
        assertThat(checked.rejected()).as(checked.reason() + checked.residualFindings()).isFalse();

        Attributes data = DicomFile.open(output).dataSet();
        int offset = DeidTestSupport.SECRET.dateOffsetDays(original.dataSet().getString(0x00100020, ""));
        java.time.LocalDate studyDate = java.time.LocalDate.parse(original.dataSet().getString(STUDY_DATE),
                java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        assertThat(data.getString(STUDY_DATE)).isEqualTo(studyDate.plusDays(offset).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE));
        assertThat(data.getString(0x00080023)).as("Content Date").isEqualTo(data.getString(STUDY_DATE));
        assertThat(data.getString(0x00080033)).as("Content Time").isEqualTo(original.dataSet().getString(0x00080033));
        assertThat(data.getString(0x00280303)).isEqualTo("MODIFIED");
        assertThat(data.getSequence(0x00120064)).extracting(item -> item.getString(0x00080100)).containsExactly("113100", "113107");
        assertThat(deidentifier.pseudonymMap().entries()).anyMatch(e -> e.kind().equals("DateOffsetDays"));
    }

    @Test
    void fullDatesKeepDates() throws IOException {
        Path input = ctFile();
        DicomDeidentifier deidentifier = DeidTestSupport.withOptions(DeidTestSupport.SECRET, ProfileOption.RETAIN_LONGITUDINAL_FULL_DATES);
        Path output = temp.resolve("out.dcm");
        DeidentificationReport checked = deidentifier.deidentifyFile(input, output);
        assertThat(checked.rejected()).as(checked.reason() + checked.residualFindings()).isFalse();

        Attributes data = DicomFile.open(output).dataSet();
        assertThat(data.getString(STUDY_DATE)).isEqualTo(DicomFile.open(input).dataSet().getString(STUDY_DATE));
        assertThat(data.getString(0x00280303)).isEqualTo("UNMODIFIED");
    }

    @Test
    void retainUidsKeepsUids() throws IOException {
        Path input = ctFile();
        DicomDeidentifier deidentifier = DeidTestSupport.withOptions(DeidTestSupport.SECRET, ProfileOption.RETAIN_UIDS);
        Path output = temp.resolve("out.dcm");
        DeidentificationReport checked = deidentifier.deidentifyFile(input, output);
        assertThat(checked.rejected()).as(checked.reason() + checked.residualFindings()).isFalse();

        DicomFile original = DicomFile.open(input);
        DicomFile result = DicomFile.open(output);
        assertThat(result.dataSet().getString(Tag.SERIES_INSTANCE_UID)).isEqualTo(original.dataSet().getString(Tag.SERIES_INSTANCE_UID));
        assertThat(result.fileMeta().getString(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID)).isEqualTo(original.sopInstanceUid());
    }

    @Test
    void safePrivateListKeepsListedOnly() throws IOException {
        Path input = DeidTestSupport.modifiedCopy(ctFile(), temp.resolve("private.dcm"), data -> {
            data.setString(0x00190010, VR.LO, "SAFE CREATOR");
            data.setString(0x00191001, VR.LO, "keep me");
            data.setString(0x00191002, VR.LO, "drop me");
            data.setString(0x00190011, VR.LO, "OTHER CREATOR");
            data.setString(0x00191101, VR.LO, "drop me too");
        });
        DicomDeidentifier deidentifier = DicomDeidentifier.builder(DeidTestSupport.SECRET)
                .profile(ConfidentialityProfile.of(Set.of(ProfileOption.RETAIN_SAFE_PRIVATE)))
                .safePrivate(Set.of(new PrivateAttributeKey(0x0019, "SAFE CREATOR", 0x01)))
                .build();
        Path output = temp.resolve("out.dcm");
        DeidentificationReport checked = deidentifier.deidentifyFile(input, output);
        assertThat(checked.rejected()).as(checked.reason() + checked.residualFindings()).isFalse();

        Attributes data = DicomFile.open(output).dataSet();
        assertThat(data.getString(0x00190010)).isEqualTo("SAFE CREATOR");
        // The input is in Implicit VR, so the private value reads back as UN bytes.
        assertThat(new String(data.getBytes(0x00191001), java.nio.charset.StandardCharsets.US_ASCII).strip()).isEqualTo("keep me");
        assertThat(data.contains(0x00191002)).isFalse();
        assertThat(data.contains(0x00190011)).isFalse();
        assertThat(data.contains(0x00191101)).isFalse();
        assertThat(data.elements()).filteredOn(e -> Tag.isPrivate(e.tag())).hasSize(2);
    }

    @Test
    void overlayGroupsAreRemoved() throws IOException {
        Path input = DeidTestSupport.modifiedCopy(ctFile(), temp.resolve("overlay.dcm"), data -> {
            data.setUnsignedShorts(OVERLAY_ROWS, 4);
            data.setUnsignedShorts(0x60000011, 4);
            data.setBytes(OVERLAY_DATA, VR.OW, new byte[] {1, 0});
            data.setUnsignedShorts(0x60020010, 4);
        });
        for (ProfileOption[] options : List.of(new ProfileOption[0], new ProfileOption[] {ProfileOption.CLEAN_GRAPHICS})) {
            Path output = temp.resolve("out.dcm");
            DeidentificationReport report = DeidTestSupport.withOptions(DeidTestSupport.SECRET, options).deidentifyFile(input, output);
            assertThat(report.rejected()).as(report.reason() + report.residualFindings()).isFalse();
            Attributes data = DicomFile.open(output).dataSet();
            assertThat(data.elements()).noneMatch(e -> FileDeidentification.isOverlayOrCurve(Tag.group(e.tag())));
            assertThat(report.actions()).anyMatch(a -> a.path().equals("(6000,3000)") && a.action().equals("removed"));
        }
    }

    @Test
    void burnedInAnnotationIsRejected() throws IOException {
        Path input = DeidTestSupport.modifiedCopy(ctFile(), temp.resolve("burned.dcm"),
                data -> data.setString(0x00280301, VR.CS, "YES"));
        Path output = temp.resolve("out.dcm");

        DeidentificationReport report = DeidTestSupport.basic(DeidTestSupport.SECRET).deidentifyFile(input, output);

        assertThat(report.rejected()).isTrue();
        assertThat(report.reason()).contains("Burned In Annotation (0028,0301) is YES");
        assertThat(output).doesNotExist();
    }

    @Test
    void burnedInRegionsAreBlankedAndRecorded() throws IOException {
        Path input = DeidTestSupport.modifiedCopy(ctFile(), temp.resolve("burned.dcm"),
                data -> data.setString(0x00280301, VR.CS, "YES"));
        BlankRegion region = new BlankRegion(10, 20, 30, 5);
        DicomDeidentifier deidentifier = DicomDeidentifier.builder(DeidTestSupport.SECRET).blankRegions(List.of(region)).build();
        Path output = temp.resolve("out.dcm");

        DeidentificationReport report = deidentifier.deidentifyFile(input, output);

        assertThat(report.rejected()).as(report.reason()).isFalse();
        assertThat(report.blankedRegions()).containsExactly(region);
        DicomFile before = DicomFile.open(input);
        DicomFile after = DicomFile.open(output);
        int[] original = PixelData.of(before).decodeFrame(0).values();
        int[] blanked = PixelData.of(after).decodeFrame(0).values();
        int columns = before.dataSet().getInt(Tag.COLUMNS, 0);
        for (int y = 0; y < before.dataSet().getInt(Tag.ROWS, 0); y++) {
            for (int x = 0; x < columns; x++) {
                boolean inside = x >= 10 && x < 40 && y >= 20 && y < 25;
                int index = y * columns + x;
                if (inside) {
                    assertThat(blanked[index]).as("stored value 0 at %d,%d", x, y).isEqualTo(0);
                } else {
                    assertThat(blanked[index]).isEqualTo(original[index]);
                }
            }
        }
        assertThat(after.dataSet().getStrings(0x00120063)).contains("Pixels blanked: x,y,w,h = 10,20,30,5");
        assertThat(after.dataSet().getString(0x00280301)).isEqualTo("NO");
    }

    @Test
    void regionOutsideImageRejected() throws IOException {
        Path input = DeidTestSupport.modifiedCopy(ctFile(), temp.resolve("burned.dcm"),
                data -> data.setString(0x00280301, VR.CS, "YES"));
        int columns = DicomFile.open(input).dataSet().getInt(Tag.COLUMNS, 0);
        BlankRegion outside = new BlankRegion(columns, 0, 5, 5);
        DicomDeidentifier deidentifier = DicomDeidentifier.builder(DeidTestSupport.SECRET).blankRegions(List.of(outside)).build();
        Path output = temp.resolve("out.dcm");

        DeidentificationReport report = deidentifier.deidentifyFile(input, output);

        assertThat(report.rejected()).isTrue();
        assertThat(report.reason()).contains("blank region " + columns + ",0,5,5 lies outside the image");
        assertThat(output).doesNotExist();
    }

    @Test
    void reportHoldsNoOriginalValues() throws IOException {
        Path input = ctFile();
        DicomFile original = DicomFile.open(input);
        DeidentificationReport report = DeidTestSupport.basic(DeidTestSupport.SECRET).deidentifyFile(input, temp.resolve("out.dcm"));

        String json = report.toJson();
        assertThat(json).doesNotContain(original.sopInstanceUid());
        assertThat(json).doesNotContain(original.dataSet().getString(Tag.SERIES_INSTANCE_UID));
        String institution = original.dataSet().getString(INSTITUTION_NAME);
        if (institution != null) {
            assertThat(json).doesNotContain(institution);
        }
        assertThat(json).contains("\"status\": \"WRITTEN\"");
        assertThat(json).doesNotContain(input.getFileName().toString());
        assertThat(json).contains(OutputReferenceSha.sha256(input));
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("actions").size()).isEqualTo(report.actions().size());
    }

    @Test
    void outputOverInputIsRefused() {
        Path input = ctFile();
        assertThatThrownBy(() -> DeidTestSupport.basic(DeidTestSupport.SECRET).deidentifyFile(input, input))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is the input file");
    }

    @Test
    void invalidInputIsRejected() throws IOException {
        Path input = Files.write(temp.resolve("not-dicom.dcm"), new byte[] {1, 2, 3});
        DeidentificationReport report = DeidTestSupport.basic(DeidTestSupport.SECRET).deidentifyFile(input, temp.resolve("out.dcm"));
        assertThat(report.rejected()).isTrue();
        assertThat(report.reason()).isNotBlank();
        assertThat(temp.resolve("out.dcm")).doesNotExist();
    }

    @Test
    void sameSecretGivesIdenticalBytes() throws IOException {
        Path input = ctFile();
        Path first = temp.resolve("a/out.dcm");
        Path second = temp.resolve("b/out.dcm");
        DeidTestSupport.basic(DeidTestSupport.SECRET).deidentifyFile(input, first);
        DeidTestSupport.basic(DeidTestSupport.SECRET).deidentifyFile(input, second);
        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
    }

    @Test
    void otherSecretGivesOtherIdentifiers() throws IOException {
        Path input = ctFile();
        Path first = temp.resolve("a/out.dcm");
        Path second = temp.resolve("b/out.dcm");
        DeidTestSupport.basic(DeidTestSupport.SECRET).deidentifyFile(input, first);
        DeidTestSupport.basic(DeidTestSupport.OTHER_SECRET).deidentifyFile(input, second);
        Attributes a = DicomFile.open(first).dataSet();
        Attributes b = DicomFile.open(second).dataSet();
        for (int tag : new int[] {Tag.STUDY_INSTANCE_UID, Tag.SERIES_INSTANCE_UID, Tag.FRAME_OF_REFERENCE_UID, 0x00100020, Tag.PATIENT_NAME}) {
            assertThat(b.getString(tag)).as(Tag.describe(tag)).isNotEqualTo(a.getString(tag));
        }
    }

    @Test
    void keptMapReadsBackWithKey() throws IOException {
        Path input = ctFile();
        DicomDeidentifier deidentifier = DeidTestSupport.basic(DeidTestSupport.SECRET);
        deidentifier.deidentifyFile(input, temp.resolve("out.dcm"));
        byte[] key = new byte[PseudonymMap.KEY_BYTES];
        key[0] = 7;
        Path mapFile = temp.resolve("map.bin");
        deidentifier.pseudonymMap().write(mapFile, key);

        PseudonymMap map = PseudonymMap.read(mapFile, key);
        String originalId = DicomFile.open(input).dataSet().getString(0x00100020, "");
        assertThat(map.entries()).contains(new PseudonymMap.Entry("PatientID", originalId,
                DeidTestSupport.SECRET.patientPseudonym(originalId)));
        assertThat(map.entries()).anyMatch(e -> e.kind().equals("UID") && e.original().equals(DicomFile.open(input).sopInstanceUid()));
    }

    @Test
    void scanSourcesAreDeidentified() throws IOException {
        Path input = ctFile();
        org.medannot.core.spi.Scan scan = new org.medannot.core.spi.Scan("1.2.3.4", new org.medannot.core.volume.UByteVolume(
                org.medannot.core.geometry.Geometry.of2D(2, 2), new byte[4]), java.util.Map.of("Modality", "CT"), List.of(input),
                List.of(), new Object());
        DicomDeidentifier deidentifier = DeidTestSupport.basic(DeidTestSupport.SECRET);

        org.medannot.core.spi.Scan result = deidentifier.deidentify(scan, temp.resolve("scan"));

        assertThat(result.id()).isEqualTo(DeidTestSupport.SECRET.uid("1.2.3.4"));
        assertThat(result.sourceFiles()).containsExactly(temp.resolve("scan").resolve(deidentifier.outputName(input)));
        assertThat(result.source()).isNull();
        assertThat(DicomFile.open(result.sourceFiles().get(0)).dataSet().getString(0x00120062)).isEqualTo("YES");
    }

    @Test
    void scanWithRejectedFileFails() throws IOException {
        Path input = DeidTestSupport.modifiedCopy(ctFile(), temp.resolve("burned.dcm"),
                data -> data.setString(0x00280301, VR.CS, "YES"));
        org.medannot.core.spi.Scan scan = new org.medannot.core.spi.Scan("scan", new org.medannot.core.volume.UByteVolume(
                org.medannot.core.geometry.Geometry.of2D(2, 2), new byte[4]), java.util.Map.of(), List.of(input), List.of(), null);

        assertThatThrownBy(() -> DeidTestSupport.basic(DeidTestSupport.SECRET).deidentify(scan, temp.resolve("scan")))
                .isInstanceOf(IOException.class).hasMessageContaining("Burned In Annotation");
    }
}
