package org.medannot.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.testing.SharedData;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.ElementDictionary;
import org.medannot.dicom.Tag;
import org.medannot.dicom.VR;
import org.medannot.dicom.io.DicomWriter;
import org.medannot.dicom.io.MutableAttributes;
import org.medannot.dicom.io.MutableElement;

/**
 * Builds copies of real files with a distinct marker string in every text-valued attribute that
 * the profile removes or replaces (at every nesting level, in private blocks, overlay and curve
 * groups and the File Meta Information), de-identifies them, and searches the raw output bytes
 * for the markers.
 */
class SeededLeakTest {

    private static final List<String> FILES = List.of(
            "dicom/rtstruct/dicompyler-breast/ct.0.dcm",
            "dicom/rtstruct/dicompyler-breast/rtss.dcm",
            "dicom/seg/highdicom-ct/seg_image_ct_binary.dcm",
            "dicom/seg/highdicom-ct/ct-series/17106",
            "dicom/anonymization/dcm_qa_deident/00001.dcm",
            "dicom/anonymization/dcm_qa_deident/00002.dcm",
            "dicom/transfer-syntaxes/mr_small_family/MR_small.dcm");

    private static final Set<VR> MARKED_VRS = EnumSet.of(VR.AE, VR.CS, VR.LO, VR.LT, VR.PN, VR.SH, VR.ST, VR.UT, VR.UC, VR.UN);

    /** A sequence the profile table does not list, so it is kept and its items are processed. */
    private static final int DERIVATION_CODE_SEQUENCE = 0x00089215;
    private static final int REQUEST_ATTRIBUTES_SEQUENCE = 0x00400275;

    @TempDir
    Path temp;

    @Test
    void basicProfileLeaksNoMarker() throws IOException {
        checkNoLeak(EnumSet.noneOf(ProfileOption.class));
    }

    @Test
    void cleaningOptionsLeakNoMarker() throws IOException {
        checkNoLeak(EnumSet.of(ProfileOption.CLEAN_DESCRIPTORS, ProfileOption.CLEAN_STRUCTURED_CONTENT, ProfileOption.CLEAN_GRAPHICS,
                ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES, ProfileOption.RETAIN_SAFE_PRIVATE));
    }

    private void checkNoLeak(Set<ProfileOption> options) throws IOException {
        ConfidentialityProfile profile = ConfidentialityProfile.of(options);
        assertThat(profile.actionFor(DERIVATION_CODE_SEQUENCE)).isEqualTo(ProfileAction.KEEP);
        assertThat(profile.lists(DERIVATION_CODE_SEQUENCE)).isFalse();
        DicomDeidentifier deidentifier = DicomDeidentifier.builder(DeidTestSupport.SECRET).profile(profile)
                .safePrivate(Set.of(new PrivateAttributeKey(0x0019, "NOT IN THE FILES", 1))).build();
        int checked = 0;
        for (String name : FILES) {
            Path source = SharedData.require(name);
            List<String> markers = new ArrayList<>();
            Path seeded = seededCopy(source, profile, markers);
            assertThat(markers).as(name).hasSizeGreaterThan(20);

            Path output = temp.resolve("out").resolve(seeded.getFileName());
            DeidentificationReport report = deidentifier.deidentifyFile(seeded, output);

            assertThat(report.rejected()).as(name + ": " + report.reason() + report.residualFindings()).isFalse();
            String bytes = new String(Files.readAllBytes(output), StandardCharsets.ISO_8859_1);
            String json = report.toJson();
            for (String marker : markers) {
                assertThat(bytes.indexOf(marker)).as(name + ": byte offset of " + marker + " in the output").isEqualTo(-1);
                assertThat(json.indexOf(marker)).as(name + ": index of " + marker + " in the report").isEqualTo(-1);
            }
            checked++;
        }
        assertThat(checked).isEqualTo(FILES.size());
    }

    /** Writes the copy with markers; {@code markers} receives every marker written. */
    private Path seededCopy(Path source, ConfidentialityProfile profile, List<String> markers) throws IOException {
        DicomFile file = DicomFile.open(source);
        MutableAttributes dataSet = MutableAttributes.copyOf(file.dataSet());
        inject(dataSet, profile, markers);
        addSeededStructures(dataSet, profile, markers);

        String syntax = DicomWriter.transferSyntaxFor(file);
        MutableAttributes meta = DicomWriter.fileMetaFor(dataSet, syntax, MutableAttributes.copyOf(file.fileMeta()));
        meta.setString(0x00020016, VR.AE, marker(markers));
        meta.setString(0x00020017, VR.AE, marker(markers));
        meta.setString(0x00020013, VR.SH, marker(markers));
        Path target = temp.resolve("seeded").resolve(source.getFileName() + ".dcm");
        DicomWriter.write(target, meta, dataSet, syntax);
        return target;
    }

    private static void inject(MutableAttributes dataSet, ConfidentialityProfile profile, List<String> markers) {
        for (int tag : dataSet.tags()) {
            MutableElement element = dataSet.get(tag);
            if (element.isSequence()) {
                for (MutableAttributes item : element.items()) {
                    inject(item, profile, markers);
                }
                continue;
            }
            if (element.isBulkData() || element.isEncapsulated() || !changedByProfile(tag, profile)) {
                continue;
            }
            if (element.vr() == VR.UI) {
                String uid = "1.999.4242." + (markers.size() + 1);
                markers.add(uid);
                dataSet.setString(tag, VR.UI, uid);
            } else if (element.vr() == VR.UN) {
                dataSet.setBytes(tag, VR.UN, marker(markers).getBytes(StandardCharsets.US_ASCII));
            } else if (MARKED_VRS.contains(element.vr())) {
                dataSet.setString(tag, element.vr(), marker(markers));
            }
        }
    }

    private static boolean changedByProfile(int tag, ConfidentialityProfile profile) {
        if (Tag.isPrivate(tag) || FileDeidentification.isOverlayOrCurve(Tag.group(tag))) {
            return true;
        }
        if (tag == FileDeidentification.PATIENT_ID || tag == Tag.PATIENT_NAME) {
            return true;
        }
        ProfileAction action = profile.actionFor(tag);
        return action != ProfileAction.KEEP;
    }

    /** Adds nested sequences, private blocks and overlay and curve groups that hold markers. */
    private static void addSeededStructures(MutableAttributes dataSet, ConfidentialityProfile profile, List<String> markers) {
        MutableAttributes deeper = new MutableAttributes();
        deeper.setString(0x00081010, VR.SH, marker(markers));
        String referenced = "1.999.4242." + (markers.size() + 1);
        markers.add(referenced);
        deeper.setString(0x00081155, VR.UI, referenced);
        MutableAttributes item = new MutableAttributes();
        item.setString(0x00080080, VR.LO, marker(markers));
        item.setString(Tag.PATIENT_NAME, VR.PN, marker(markers));
        item.setString(0x00080090, VR.PN, marker(markers));
        item.setString(0x00090010, VR.LO, marker(markers));
        item.setString(0x00091001, VR.LO, marker(markers));
        item.setSequence(DERIVATION_CODE_SEQUENCE, List.of(deeper));
        dataSet.setSequence(DERIVATION_CODE_SEQUENCE, List.of(item));

        MutableAttributes request = new MutableAttributes();
        request.setString(0x00401001, VR.SH, marker(markers));
        dataSet.setSequence(REQUEST_ATTRIBUTES_SEQUENCE, List.of(request));

        MutableAttributes privateItem = new MutableAttributes();
        privateItem.setString(0x00290010, VR.LO, marker(markers));
        privateItem.setString(0x00291001, VR.LT, marker(markers));
        dataSet.setString(0x00290010, VR.LO, marker(markers));
        dataSet.setString(0x00291001, VR.LO, marker(markers));
        dataSet.setSequence(0x00291002, List.of(privateItem));

        dataSet.setString(0x60000022, VR.LO, marker(markers));
        dataSet.setString(0x60004000, VR.LT, marker(markers));
        dataSet.setString(0x50002500, VR.LO, marker(markers));
        assertThat(ElementDictionary.keywordOf(0x60004000)).isEqualTo("OverlayComments");
    }

    private static String marker(List<String> markers) {
        String marker = String.format("LEAKMARK%04d", markers.size() + 1);
        markers.add(marker);
        return marker;
    }
}
