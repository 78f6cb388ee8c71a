package org.medannot.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.testing.SharedData;
import org.medannot.dicom.Attributes;
import org.medannot.dicom.DicomElement;
import org.medannot.dicom.DicomFile;

/**
 * SOP class UIDs inside the items of reference sequences stay as they are, private vendor classes
 * included, while the instance UIDs beside them are replaced.
 */
class ClassUidTest {

    /**
     * A Siemens private SOP class that the first file of the CT series references inside Source
     * Image Sequence (0008,2112), as pydicom 2.3.1 reads it.
     */
    private static final String PRIVATE_CLASS = "1.3.12.2.1107.5.9.1";

    @TempDir
    Path temp;

    @Test
    void referencedClassesKeptInstancesReplaced() throws IOException {
        Path input = SharedData.require("dicom/series/ct-abdomen-siemens-20sl/dicom/"
                + "CT.1.3.12.2.1107.5.1.4.60064.30000022120808113428000016573");
        Path output = temp.resolve("copy.dcm");

        DeidentificationReport report = DeidTestSupport.basic(DeidTestSupport.SECRET).deidentifyFile(input, output);

        assertThat(report.rejected()).as(report.reason()).isFalse();
        Attributes copy = DicomFile.open(output).dataSet();
        List<String> classes = values(copy, 0x00081150);
        assertThat(classes).contains(PRIVATE_CLASS);
        assertThat(classes).noneMatch(uid -> uid.startsWith("2.25."));
        List<String> instances = values(copy, 0x00081155);
        assertThat(instances).isNotEmpty();
        assertThat(instances).allMatch(uid -> uid.startsWith("2.25."), "replaced by 2.25 UIDs");
    }

    /** Returns the values of {@code tag} at every nesting level, in data set order. */
    private static List<String> values(Attributes dataSet, int tag) {
        List<String> found = new ArrayList<>();
        for (DicomElement element : dataSet.elements()) {
            if (element.tag() == tag) {
                found.add(dataSet.getString(tag, ""));
            }
            if (element.isSequence()) {
                for (Attributes item : element.items()) {
                    found.addAll(values(item, tag));
                }
            }
        }
        return found;
    }
}
