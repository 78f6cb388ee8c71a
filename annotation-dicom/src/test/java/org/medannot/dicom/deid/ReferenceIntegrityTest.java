package org.medannot.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.testing.SharedData;
import org.medannot.dicom.Attributes;
import org.medannot.dicom.DicomElement;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.Tag;
import org.medannot.dicom.io.DicomTestFiles;

/**
 * De-identifies a CT series, a SEG with the CT images it segments and an RTSTRUCT with its CT
 * image, then checks that every reference in the output whose target was among the inputs
 * resolves to an output object, and that no original UID is left in a reference.
 */
class ReferenceIntegrityTest {

    /** UID elements that point at other objects or frames of reference. */
    private static final Set<Integer> REFERENCE_TAGS = Set.of(0x00081155, Tag.STUDY_INSTANCE_UID, Tag.SERIES_INSTANCE_UID,
            Tag.FRAME_OF_REFERENCE_UID, 0x30060024);

    @TempDir
    Path temp;

    @Test
    void ctSeriesKeepsOneStudyAndFrame() throws IOException {
        List<Path> inputs = DicomTestFiles.readable(SharedData.require("dicom/series/ct-abdomen-siemens-20sl/dicom-uncompressed"));
        List<DicomFile> outputs = deidentify(inputs, DeidTestSupport.basic(DeidTestSupport.SECRET));

        assertThat(outputs).hasSize(20);
        assertThat(outputs.stream().map(f -> f.dataSet().getString(Tag.FRAME_OF_REFERENCE_UID)).distinct()).hasSize(1);
        assertThat(outputs.stream().map(DicomFile::sopInstanceUid).distinct()).hasSize(20);
    }

    @Test
    void segReferencesResolve() throws IOException {
        Path root = SharedData.require("dicom/seg/highdicom-ct");
        int resolved = checkGroup(DicomTestFiles.readable(root));
        assertThat(resolved).isGreaterThan(0);
    }

    @Test
    void rtstructReferencesResolve() throws IOException {
        Path root = SharedData.require("dicom/rtstruct/dicompyler-breast");
        int resolved = checkGroup(DicomTestFiles.readable(root));
        assertThat(resolved).isGreaterThan(0);
    }

    /** Returns the number of references that resolved to an output object. */
    private int checkGroup(List<Path> inputs) throws IOException {
        DicomDeidentifier deidentifier = DeidTestSupport.basic(DeidTestSupport.SECRET);
        List<DicomFile> originals = new ArrayList<>();
        for (Path input : inputs) {
            originals.add(DicomFile.open(input));
        }
        List<DicomFile> outputs = deidentify(inputs, deidentifier);
        Map<String, String> originalOf = new HashMap<>();
        for (PseudonymMap.Entry entry : deidentifier.pseudonymMap().entries()) {
            if (entry.kind().equals("UID")) {
                originalOf.put(entry.pseudonym(), entry.original());
            }
        }
        Set<String> inputTargets = targets(originals);
        Set<String> outputTargets = targets(outputs);

        int resolved = 0;
        for (DicomFile output : outputs) {
            List<String> references = new ArrayList<>();
            collectReferences(output.dataSet(), 0, references);
            for (String reference : references) {
                if (reference.startsWith(FileDeidentification.STANDARD_UID_PREFIX)) {
                    continue;
                }
                String original = originalOf.get(reference);
                assertThat(original).as("%s holds a UID that was not replaced", output.path().getFileName()).isNotNull();
                if (inputTargets.contains(original)) {
                    assertThat(outputTargets).as("reference to %s resolves", reference).contains(reference);
                    resolved++;
                }
            }
        }
        return resolved;
    }

    private List<DicomFile> deidentify(List<Path> inputs, DicomDeidentifier deidentifier) throws IOException {
        List<DicomFile> outputs = new ArrayList<>();
        Path folder = temp.resolve("out" + inputs.hashCode());
        for (Path input : inputs) {
            Path output = folder.resolve(deidentifier.outputName(input));
            DeidentificationReport report = deidentifier.deidentifyFile(input, output);
            assertThat(report.rejected()).as(input + ": " + report.reason() + report.residualFindings()).isFalse();
            outputs.add(DicomFile.open(output));
        }
        return outputs;
    }

    /** UIDs that identify objects: SOP Instance, Series, Study and Frame of Reference UIDs of each top-level data set. */
    private static Set<String> targets(List<DicomFile> files) {
        Set<String> targets = new HashSet<>();
        for (DicomFile file : files) {
            targets.add(file.sopInstanceUid());
            for (int tag : new int[] {Tag.SERIES_INSTANCE_UID, Tag.STUDY_INSTANCE_UID, Tag.FRAME_OF_REFERENCE_UID}) {
                String uid = file.dataSet().getString(tag);
                if (uid != null) {
                    targets.add(uid);
                }
            }
        }
        targets.remove(null);
        targets.remove("");
        return targets;
    }

    /** References inside sequence items (top-level UIDs identify the object itself). */
    private static void collectReferences(Attributes attributes, int depth, List<String> references) {
        for (DicomElement element : attributes.elements()) {
            if (element.isSequence()) {
                for (Attributes item : element.items()) {
                    collectReferences(item, depth + 1, references);
                }
            } else if (depth > 0 && REFERENCE_TAGS.contains(element.tag())) {
                for (String uid : attributes.getStrings(element.tag())) {
                    if (!uid.isEmpty()) {
                        references.add(uid);
                    }
                }
            }
        }
    }
}
