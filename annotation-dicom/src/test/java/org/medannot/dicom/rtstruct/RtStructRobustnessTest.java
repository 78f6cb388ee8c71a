package org.medannot.dicom.rtstruct;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.VR;
import org.medannot.dicom.io.MutableAttributes;
import org.medannot.dicom.seg.ReferenceGrid;
import org.medannot.dicom.seg.SegWriterTest;
import org.medannot.dicom.seg.SyntheticSeries;
import org.medannot.dicom.seg.internal.DerivedObjectSupport;

/** Structure sets written here and then damaged one attribute at a time. */
class RtStructRobustnessTest {

    @TempDir
    Path temp;

    private MutableAttributes structureSet;

    @BeforeEach
    void writeStructureSet() throws IOException {
        List<Path> files = SyntheticSeries.write(temp, SegWriterTest.FLIPPED, SegWriterTest.SHUFFLED, "2.25.991");
        ReferenceGrid grid = ReferenceGrid.fromFiles(files, "2.25.991.2");
        structureSet = new RtStructWriter(RtStructWriterTest.OPTIONS).build(grid, SegWriterTest.source(files),
                List.of(RtStructWriterTest.spec(1, "liver")), List.of(SegWriterTest.asymmetricLabels(grid.geometry()).mask(1)));
    }

    private MutableAttributes firstContour() {
        MutableAttributes roi = structureSet.get(RtTags.ROI_CONTOUR_SEQUENCE).items().get(0);
        return roi.get(RtTags.CONTOUR_SEQUENCE).items().get(0);
    }

    private RtStructureSet writeAndRead() throws IOException {
        Path file = temp.resolve("rtstruct.dcm");
        RtStructWriter.write(file, structureSet);
        return new RtStructReader().read(file);
    }

    @Test
    void pointCountMismatchIsRejected() {
        DerivedObjectSupport.setIntegerString(firstContour(), RtTags.NUMBER_OF_CONTOUR_POINTS, 99);

        assertThatThrownBy(this::writeAndRead)
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("ROI 1, contour 1: Number of Contour Points (3006,0046) is 99 but Contour Data contains");
    }

    @Test
    void partialPointIsRejected() {
        firstContour().setString(RtTags.CONTOUR_DATA, VR.DS, "1", "2", "3", "4");

        assertThatThrownBy(this::writeAndRead)
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("expected a multiple of 3 values (x, y, z), found 4");
    }

    @Test
    void invalidNumberIsRejected() {
        firstContour().setString(RtTags.CONTOUR_DATA, VR.DS, "1", "2", "abc");

        assertThatThrownBy(this::writeAndRead)
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("abc");
    }

    @Test
    void unknownRoiNumberIsRejected() {
        DerivedObjectSupport.setIntegerString(structureSet.get(RtTags.ROI_CONTOUR_SEQUENCE).items().get(0),
                RtTags.REFERENCED_ROI_NUMBER, 7);

        assertThatThrownBy(this::writeAndRead)
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("Referenced ROI Number 7 is not in the Structure Set ROI Sequence");
    }
}
