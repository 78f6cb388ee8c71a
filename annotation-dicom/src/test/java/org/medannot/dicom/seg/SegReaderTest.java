package org.medannot.dicom.seg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.core.testing.SharedData;
import org.medannot.core.volume.FloatVolume;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.series.DicomVolume;
import org.medannot.dicom.series.SeriesScanner;
import org.medannot.dicom.series.SeriesVolumeBuilder;

/**
 * SEG files read onto their referenced grids, against voxel counts and centroids computed with
 * pydicom and numpy by tools/reference/seg_rtstruct_reference.py (reference/seg.tsv). The
 * unaligned-*.dcm fixtures were written by that script with pydicom: 5 x 3 frames (15 bits, so
 * most frames start inside a byte), shuffled frame order, column direction [0, -1, 0].
 */
class SegReaderTest {

    private static final double CENTROID_TOLERANCE = 1e-9;

    @TempDir
    Path temp;

    private Segmentation read(String file) throws IOException {
        if (file.startsWith("unaligned")) {
            return new SegReader().read(SegReferenceData.fixture(file, temp), SegReferenceData.grid(file));
        }
        Path seg = SharedData.require("dicom/seg/" + file);
        if (file.startsWith("qin-headneck")) {
            return new SegReader().read(seg, SegReferenceData.grid(file));
        }
        if (file.endsWith("single_frame.dcm")) {
            return new SegReader().read(seg, List.of(SharedData.require("dicom/seg/highdicom-ct/ct_image.dcm")));
        }
        return new SegReader().read(seg, ctSeries());
    }

    private static List<Path> ctSeries() throws IOException {
        try (Stream<Path> files = Files.list(SharedData.require("dicom/seg/highdicom-ct/ct-series"))) {
            return files.sorted().collect(Collectors.toList());
        }
    }

    @TestFactory
    Stream<DynamicTest> segmentsMatchPydicom() {
        return SegReferenceData.masks("seg.tsv").stream().map(reference -> DynamicTest.dynamicTest(
                reference.file() + " segment " + reference.number(), () -> {
                    Mask mask = read(reference.file()).mask(reference.number());
                    assertThat(mask.count()).as("voxel count").isEqualTo(reference.count());
                    double[] centroid = mask.centroid();
                    for (int axis = 0; axis < 3; axis++) {
                        assertThat(centroid[axis]).as("centroid[" + axis + "]").isCloseTo(reference.centroid()[axis],
                                within(CENTROID_TOLERANCE));
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> labelMapMatchesPydicom() {
        Map<String, List<String[]>> byFile = SegReferenceData.rows("seg-labels.tsv").stream()
                .collect(Collectors.groupingBy(fields -> fields[0]));
        return byFile.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(), () -> {
            LabelMap labels = read(entry.getKey()).labelMap();
            Map<Integer, Long> counts = labels.counts();
            for (String[] fields : entry.getValue()) {
                assertThat(counts.get(Integer.parseInt(fields[1]))).as("label " + fields[1]).isEqualTo(Long.parseLong(fields[2]));
            }
            assertThat(labels.labels()).hasSize(entry.getValue().size());
        }));
    }

    @Test
    void overlapKeepsBothSegments() throws IOException {
        Segmentation segmentation = read("highdicom-ct/seg_image_ct_binary_overlap.dcm");

        assertThat(segmentation.overlapCount()).isEqualTo(16);
        assertThat(segmentation.mask(2).and(segmentation.mask(1)).count()).isEqualTo(16);
        assertThat(segmentation.labelMap().mask(2).count()).isEqualTo(segmentation.mask(2).count());
    }

    @Test
    void volumeGridGivesSameMasks() throws IOException {
        SeriesScanner.Result scanned = new SeriesScanner().scan(ctSeries());
        DicomVolume volume = new SeriesVolumeBuilder(true).build(scanned.series().get(0));
        Path seg = SharedData.require("dicom/seg/highdicom-ct/seg_image_ct_binary_overlap.dcm");

        Segmentation fromVolume = new SegReader().read(seg, ReferenceGrid.of(volume));
        Segmentation fromFiles = read("highdicom-ct/seg_image_ct_binary_overlap.dcm");

        assertThat(fromVolume.mask(1)).isEqualTo(fromFiles.mask(1));
        assertThat(fromVolume.mask(2)).isEqualTo(fromFiles.mask(2));
    }

    @Test
    void segmentSequenceIsRead() throws IOException {
        Segmentation segmentation = read("highdicom-ct/seg_image_ct_binary.dcm");
        SegmentDescription segment = segmentation.segments().get(0);

        assertThat(segmentation.segmentationType()).isEqualTo("BINARY");
        assertThat(segment.segmentNumber()).isEqualTo(1);
        assertThat(segment.label()).isEqualTo("first segment");
        assertThat(segment.algorithmType()).isEqualTo("AUTOMATIC");
        assertThat(segment.algorithmName()).isEqualTo("test");
        assertThat(segment.category()).isEqualTo(new CodedConcept("85756007", "SCT", "Tissue"));
        assertThat(segment.type()).isEqualTo(new CodedConcept("272673000", "SCT", "Bone"));
    }

    @Test
    void fractionalKeepsFractions() throws IOException {
        Segmentation segmentation = read("highdicom-ct/seg_image_ct_binary_fractional.dcm");
        FloatVolume fraction = segmentation.fraction(1).orElseThrow();

        float[] values = fraction.array();
        long atLeastHalf = 0;
        for (float value : values) {
            assertThat(value).isBetween(0f, 1f);
            if (value >= 0.5f) {
                atLeastHalf++;
            }
        }
        assertThat(atLeastHalf).isEqualTo(segmentation.mask(1).count());
        assertThat(read("highdicom-ct/seg_image_ct_binary.dcm").fraction(1)).isEmpty();
    }

    @Test
    void frameOffEverySliceIsRejected() {
        Path seg = SegReferenceData.fixture("unaligned-offslice.dcm", temp);
        Geometry grid = SegReferenceData.grid("unaligned-5x3.dcm");

        assertThatThrownBy(() -> new SegReader().read(seg, grid))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("frame 3 at Image Position (Patient) [10.0000, 20.0000, 25.0000]")
                .hasMessageContaining("matches no slice")
                .hasMessageContaining("1.0000 mm");
    }

    @Test
    void otherOrientationIsRejected() {
        Path seg = SegReferenceData.fixture("unaligned-5x3.dcm", temp);
        Geometry grid = SegReferenceData.grid("unaligned-5x3.dcm");
        Geometry flipped = Geometry.of(5, 3, 4, grid.spacing(), grid.origin(), Geometry.identityDirection());

        assertThatThrownBy(() -> new SegReader().read(seg, flipped))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("Image Orientation (Patient) [1.0000, 0.0000, 0.0000, 0.0000, -1.0000, 0.0000]")
                .hasMessageContaining("differs");
    }

    @Test
    void shiftedGridIsRejected() {
        Path seg = SegReferenceData.fixture("unaligned-5x3.dcm", temp);
        Geometry grid = SegReferenceData.grid("unaligned-5x3.dcm");
        double[] origin = grid.origin();
        origin[0] += 0.5;
        Geometry shifted = Geometry.of(5, 3, 4, grid.spacing(), origin, grid.direction());

        assertThatThrownBy(() -> new SegReader().read(seg, shifted))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("shifted by -0.5000 mm along the rows");
    }

    @Test
    void otherFrameSizeIsRejected() {
        Path seg = SegReferenceData.fixture("unaligned-5x3.dcm", temp);
        Geometry grid = SegReferenceData.grid("unaligned-5x3.dcm");
        Geometry wider = Geometry.of(6, 3, 4, grid.spacing(), grid.origin(), grid.direction());

        assertThatThrownBy(() -> new SegReader().read(seg, wider))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("expected 6 x 3")
                .hasMessageContaining("found 5 x 3");
    }

    @Test
    void otherFrameOfReferenceIsRejected() {
        Path seg = SegReferenceData.fixture("unaligned-5x3.dcm", temp);
        ReferenceGrid grid = ReferenceGrid.of(SegReferenceData.grid("unaligned-5x3.dcm"), "1.2.3.4");

        assertThatThrownBy(() -> new SegReader().read(seg, grid))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("Frame of Reference UID (0020,0052): expected 1.2.3.4")
                .hasMessageContaining("found 2.25.96203574123391757291883219357210986745");
    }

    @Test
    void missingReferencedSeriesIsNamed() {
        Path seg = SharedData.require("dicom/seg/highdicom-ct/seg_image_ct_binary.dcm");
        Path otherImage = SharedData.require("dicom/seg/highdicom-ct/ct_image.dcm");

        assertThatThrownBy(() -> new SegReader().read(seg, List.of(otherImage)))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("referenced series 1.3.6.1.4.1.5962.1.1.0.0.0.1196530851.28319.0.2 not found");
    }

    @Test
    void truncatedPixelDataIsRejected() throws IOException {
        Path seg = SegReferenceData.fixture("unaligned-5x3.dcm", temp);
        byte[] bytes = Files.readAllBytes(seg);
        Path truncated = temp.resolve("truncated.dcm");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 4));

        assertThatThrownBy(() -> new SegReader().read(truncated, SegReferenceData.grid("unaligned-5x3.dcm")))
                .isInstanceOf(DicomException.class);
    }

    @Test
    void nonSegIsRejected() {
        Path image = SharedData.require("dicom/seg/highdicom-ct/ct_image.dcm");

        assertThatThrownBy(() -> new SegReader().read(image, Geometry.of2D(128, 128)))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("expected Segmentation Storage");
    }

    @Test
    void slideMicroscopySegIsRejected() {
        Path seg = SharedData.require("dicom/seg/highdicom-sm/seg_image_sm_dots.dcm");

        assertThatThrownBy(() -> new SegReader().read(seg, Geometry.of2D(10, 10)))
                .isInstanceOf(DicomException.class);
    }

    @Test
    void invalidOptionsAreRejected() {
        assertThatThrownBy(() -> new SegReader(0, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SegReader(0.05, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SegReader(0.05, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
