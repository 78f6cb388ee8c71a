package org.medannot.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.testing.SharedData;
import org.medannot.dicom.io.DicomTestFiles;
import org.medannot.dicom.io.OutputReference;

/**
 * De-identifies a fixed set of files with the fixed test secret and compares the outputs with
 * the committed results of tools/reference/dicom_output_check.py --dciodvfy: same bytes as the
 * files the tools checked, read cleanly by dcmdump and pydicom, and no dciodvfy error that the
 * input does not have.
 */
class DeidentifiedOutputReferenceTest {

    private static final OutputReference REFERENCE = new OutputReference("/org/medannot/dicom/deid/deid-reference.json");

    private static final List<String> FILES = List.of(
            "dicom/rtstruct/dicompyler-breast/ct.0.dcm",
            "dicom/rtstruct/dicompyler-breast/rtss.dcm",
            "dicom/seg/highdicom-ct/seg_image_ct_binary.dcm",
            "dicom/seg/highdicom-ct/ct-series/17106",
            "dicom/anonymization/dcm_qa_deident/00001.dcm",
            "dicom/transfer-syntaxes/mr_small_family/MR_small.dcm");

    @TempDir
    Path temp;

    @Test
    void outputsMatchCheckedReference() throws IOException {
        List<Path> inputs = new java.util.ArrayList<>();
        for (String name : FILES) {
            inputs.add(SharedData.require(name));
        }
        inputs.add(DicomTestFiles.readable(SharedData.require("dicom/series/ct-abdomen-siemens-20sl/dicom")).get(0));
        inputs.add(DicomTestFiles.readable(SharedData.require("dicom/series/mr-siemens-xa10-enhanced/dicom")).get(0));

        DicomDeidentifier deidentifier = DeidTestSupport.withOptions(DeidTestSupport.SECRET,
                ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES, ProfileOption.CLEAN_DESCRIPTORS);
        for (Path input : inputs) {
            Path output = temp.resolve(deidentifier.outputName(input));
            DeidentificationReport report = deidentifier.deidentifyFile(input, output);
            assertThat(report.rejected()).as(input + ": " + report.reason()).isFalse();

            JsonNode checked = REFERENCE.check(output.getFileName().toString(), output, input);
            if (checked != null) {
                assertThat(checked.get("dciodvfy_new_errors").size()).as(input + ": new dciodvfy errors " + checked.get("dciodvfy_new_errors"))
                        .isZero();
            }
        }
    }
}
