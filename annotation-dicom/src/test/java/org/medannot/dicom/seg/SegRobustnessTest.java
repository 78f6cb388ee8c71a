package org.medannot.dicom.seg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.mask.Mask;
import org.medannot.core.volume.FloatVolume;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.Tag;
import org.medannot.dicom.VR;
import org.medannot.dicom.io.MutableAttributes;

/** SEG files written here and then damaged one attribute at a time, and a LABELMAP SEG. */
class SegRobustnessTest {

    @TempDir
    Path temp;

    private List<Path> files;
    private ReferenceGrid grid;
    private Mask blob;

    @BeforeEach
    void writeSeries() throws IOException {
        files = SyntheticSeries.write(temp, SegWriterTest.FLIPPED, SegWriterTest.SHUFFLED, "2.25.990");
        grid = ReferenceGrid.fromFiles(files, "2.25.990.2");
        blob = SegWriterTest.asymmetricLabels(grid.geometry()).mask(1);
    }

    private MutableAttributes binary() {
        return new SegWriter(SegWriterTest.OPTIONS).binary(grid, SegWriterTest.source(files),
                List.of(SegmentSpec.of(1, "liver", "MANUAL", "")), List.of(blob));
    }

    private MutableAttributes fractional(float value) {
        float[] fractions = new float[grid.geometry().voxelCount()];
        for (int n = 0; n < fractions.length; n++) {
            fractions[n] = blob.get(n) ? value : 0;
        }
        return new SegWriter(SegWriterTest.OPTIONS).fractional(grid, SegWriterTest.source(files),
                List.of(SegmentSpec.of(1, "liver", "MANUAL", "")), List.of(new FloatVolume(grid.geometry(), fractions)));
    }

    private Segmentation writeAndRead(MutableAttributes seg) throws IOException {
        Path file = temp.resolve("seg.dcm");
        SegWriter.write(file, seg);
        return new SegReader().read(file, grid);
    }

    @Test
    void unknownSegmentNumberIsRejected() {
        MutableAttributes seg = binary();
        MutableAttributes groups = seg.get(Tag.PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE).items().get(1);
        groups.get(SegTags.SEGMENT_IDENTIFICATION_SEQUENCE).items().get(0).setUnsignedShorts(SegTags.REFERENCED_SEGMENT_NUMBER, 9);

        assertThatThrownBy(() -> writeAndRead(seg))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("frame 2: Referenced Segment Number (0062,000B)")
                .hasMessageContaining("expected one of [1], found 9");
    }

    @Test
    void missingPerFrameItemIsRejected() {
        MutableAttributes seg = binary();
        seg.get(Tag.PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE).items().remove(2);

        assertThatThrownBy(() -> writeAndRead(seg))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("expected 3 items (Number of Frames), found 2");
    }

    @Test
    void missingPlanePositionIsRejected() {
        MutableAttributes seg = binary();
        seg.get(Tag.PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE).items().get(0).remove(Tag.PLANE_POSITION_SEQUENCE);

        assertThatThrownBy(() -> writeAndRead(seg))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("frame 1: expected Image Position (Patient) in the Plane Position Sequence");
    }

    @Test
    void fractionalWithoutMaximumIsRejected() {
        MutableAttributes seg = fractional(0.9f);
        seg.remove(SegTags.MAXIMUM_FRACTIONAL_VALUE);

        assertThatThrownBy(() -> writeAndRead(seg))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("Maximum Fractional Value (0062,000E): expected 1..255")
                .hasMessageContaining("found none");
    }

    @Test
    void unknownSegmentationTypeIsRejected() {
        MutableAttributes seg = binary();
        seg.setString(SegTags.SEGMENTATION_TYPE, VR.CS, "SPARSE");

        assertThatThrownBy(() -> writeAndRead(seg))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("found \"SPARSE\"");
    }

    @Test
    void labelMapFramesGiveSegments() throws IOException {
        // Stored value round(255 / 255) = 1 on the blob: as a LABELMAP, Segment Number 1.
        MutableAttributes seg = fractional(1f / 255);
        seg.setString(SegTags.SEGMENTATION_TYPE, VR.CS, "LABELMAP");
        seg.remove(SegTags.MAXIMUM_FRACTIONAL_VALUE);
        seg.remove(SegWriter.SEGMENTATION_FRACTIONAL_TYPE);

        Segmentation read = writeAndRead(seg);

        assertThat(read.segmentationType()).isEqualTo("LABELMAP");
        assertThat(read.mask(1)).isEqualTo(blob);
    }
}
