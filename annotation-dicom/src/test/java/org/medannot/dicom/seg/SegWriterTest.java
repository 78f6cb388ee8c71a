package org.medannot.dicom.seg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.annotation.Category;
import org.medannot.core.annotation.Provenance;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.core.testing.SharedData;
import org.medannot.core.volume.FloatVolume;
import org.medannot.dicom.Attributes;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.Tag;
import org.medannot.dicom.io.MutableAttributes;
import org.medannot.dicom.series.DicomSeries;
import org.medannot.dicom.series.SeriesGeometry;
import org.medannot.dicom.series.SeriesScanner;

/**
 * LabelMap to SEG to LabelMap round trips on series whose file order differs from slice order,
 * including a series whose column direction is [0, -1, 0], and the structure of written SEGs.
 */
public class SegWriterTest {

    /** Column direction [0, -1, 0] and slice direction [0, 0, -1]: rows run towards anterior. */
    public static final Geometry FLIPPED = Geometry.of(12, 9, 5, new double[] {0.7, 0.9, 2.5}, new double[] {-30, 40, 12},
            new double[] {1, 0, 0, 0, -1, 0, 0, 0, -1});

    public static final int[] SHUFFLED = {3, 0, 4, 1, 2};

    static final SegWriter.Options OPTIONS = new SegWriter.Options("2.25.1001", "2.25.1002", Instant.parse("2026-01-02T03:04:05Z"),
            300, "Segmentation", "medannot", "0.1", "SEGMENTATION");

    @TempDir
    Path temp;

    /** An L-shaped blob (label 1) and a single-slice bar (label 2): asymmetric along every axis. */
    public static LabelMap asymmetricLabels(Geometry geometry) {
        LabelMap labels = LabelMap.of(geometry);
        for (int k = 1; k <= 3; k++) {
            for (int j = 2; j <= 6; j++) {
                labels.set(2, j, k, 1);
            }
            for (int i = 2; i <= 7 - k; i++) {
                labels.set(i, 6, k, 1);
            }
        }
        for (int i = 8; i <= 10; i++) {
            labels.set(i, 1, 4, 2);
        }
        return labels;
    }

    static Map<Integer, SegmentSpec> specs() {
        return Map.of(1, SegmentSpec.of(1, "liver", "AUTOMATIC", "test model 1.0"), 2, SegmentSpec.of(2, "lesion", "MANUAL", ""));
    }

    @Test
    void labelMapRoundTripOnFlippedSeries() throws IOException {
        List<Path> files = SyntheticSeries.write(temp, FLIPPED, SHUFFLED, "2.25.777");
        ReferenceGrid grid = ReferenceGrid.fromFiles(files, "2.25.777.2");
        LabelMap labels = asymmetricLabels(grid.geometry());
        Path seg = temp.resolve("seg.dcm");

        SegWriter.write(seg, new SegWriter(OPTIONS).binary(grid, source(files), labels, specs()));
        Segmentation read = new SegReader().read(seg, files);

        assertThat(grid.geometry().sameGrid(FLIPPED, 1e-6)).as("grid rebuilt from the shuffled files").isTrue();
        assertThat(read.labelMap().array()).isEqualTo(labels.array());
        assertThat(read.geometry().sameGrid(labels.geometry(), 1e-9)).isTrue();
    }

    @Test
    void centroidStaysInPatientSpace() throws IOException {
        List<Path> files = SyntheticSeries.write(temp, FLIPPED, SHUFFLED, "2.25.778");
        ReferenceGrid grid = ReferenceGrid.fromFiles(files, "2.25.778.2");
        Mask blob = asymmetricLabels(grid.geometry()).mask(1);
        Path seg = temp.resolve("seg.dcm");

        SegWriter.write(seg, new SegWriter(OPTIONS).binary(grid, source(files), List.of(SegmentSpec.of(1, "kidney", "MANUAL", "")),
                List.of(blob)));
        Mask read = new SegReader().read(seg, files).mask(1);

        double[] before = patientCentroid(blob);
        double[] after = patientCentroid(read);
        for (int axis = 0; axis < 3; axis++) {
            assertThat(after[axis]).as("centroid axis " + axis + " (mm)").isCloseTo(before[axis], within(1e-6));
        }
        // The blob has 9, 8 and 7 voxels on slices 1, 2, 3; its index centroid, summed by hand, is (67, 114, 46) / 24.
        double[] expected = FLIPPED.indexToPatient(67.0 / 24, 114.0 / 24, 46.0 / 24);
        for (int axis = 0; axis < 3; axis++) {
            assertThat(after[axis]).as("centroid axis " + axis + " against the hand count (mm)").isCloseTo(expected[axis], within(1e-6));
        }
    }

    @Test
    void roundTripOnIrregularRealSeries() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(SharedData.require("dicom/seg/highdicom-ct/ct-series"))) {
            files = list.sorted().collect(Collectors.toList());
        }
        ReferenceGrid grid = ReferenceGrid.fromFiles(files, "1.3.6.1.4.1.5962.1.1.0.0.0.1196530851.28319.0.2");
        LabelMap labels = randomLabels(grid.geometry(), new Random(8));
        Path seg = temp.resolve("seg.dcm");

        SegWriter.write(seg, new SegWriter(OPTIONS).binary(grid, source(files), labels,
                Map.of(1, SegmentSpec.of(1, "bone", "MANUAL", ""), 2, SegmentSpec.of(2, "brain", "MANUAL", ""))));

        assertThat(new SegReader().read(seg, files).labelMap().array()).isEqualTo(labels.array());
    }

    @Test
    void emptyFramesAreOmitted() throws IOException {
        List<Path> files = SyntheticSeries.write(temp, FLIPPED, SHUFFLED, "2.25.779");
        ReferenceGrid grid = ReferenceGrid.fromFiles(files, "2.25.779.2");

        MutableAttributes seg = new SegWriter(OPTIONS).binary(grid, source(files), asymmetricLabels(grid.geometry()), specs());
        Path file = temp.resolve("seg.dcm");
        SegWriter.write(file, seg);
        Attributes read = DicomFile.open(file).dataSet();

        // Label 1 covers slices 1..3 and label 2 slice 4: four frames of 12 x 9 bits = 54 bytes.
        assertThat(read.getInt(Tag.NUMBER_OF_FRAMES, -1)).isEqualTo(4);
        assertThat(read.getSequence(Tag.PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE)).hasSize(4);
        assertThat(read.get(Tag.PIXEL_DATA).length()).isEqualTo(54);
        assertThat(read.getString(Tag.FRAME_OF_REFERENCE_UID)).isEqualTo("2.25.779.3");
        assertThat(read.getString(Tag.SERIES_INSTANCE_UID)).isEqualTo("2.25.1001");
        assertThat(read.getString(Tag.STUDY_INSTANCE_UID)).isEqualTo("2.25.779.1");
    }

    @Test
    void segmentSequenceCarriesCodes() throws IOException {
        List<Path> files = SyntheticSeries.write(temp, FLIPPED, SHUFFLED, "2.25.780");
        ReferenceGrid grid = ReferenceGrid.fromFiles(files, "2.25.780.2");
        Path file = temp.resolve("seg.dcm");
        SegmentSpec liver = SegmentSpec.of(1, new Category(1, "liver"), Provenance.model("organ-net", "2.1", Instant.EPOCH, "scan"));
        SegmentSpec lesion = SegmentSpec.of(2, new Category(2, "lesion"), Provenance.person("reader-7", Instant.EPOCH, "scan"));

        SegWriter.write(file, new SegWriter(OPTIONS).binary(grid, source(files), asymmetricLabels(grid.geometry()),
                Map.of(1, liver, 2, lesion)));
        List<SegmentDescription> segments = new SegReader().read(file, files).segments();

        assertThat(segments.get(0).type()).isEqualTo(new CodedConcept("10200004", "SCT", "Liver"));
        assertThat(segments.get(0).category()).isEqualTo(SegmentCodes.ANATOMICAL_STRUCTURE);
        assertThat(segments.get(0).algorithmType()).isEqualTo("AUTOMATIC");
        assertThat(segments.get(0).algorithmName()).isEqualTo("organ-net 2.1");
        assertThat(segments.get(1).type()).isEqualTo(SegmentCodes.LESION);
        assertThat(segments.get(1).algorithmType()).isEqualTo("MANUAL");
        assertThat(segments.get(1).algorithmName()).isEmpty();
    }

    @Test
    void fractionalRoundTrip() throws IOException {
        List<Path> files = SyntheticSeries.write(temp, FLIPPED, SHUFFLED, "2.25.781");
        ReferenceGrid grid = ReferenceGrid.fromFiles(files, "2.25.781.2");
        float[] probabilities = new float[grid.geometry().voxelCount()];
        float[] levels = {0f, 0.2f, 0.6f, 1f};
        Random random = new Random(5);
        for (int n = 0; n < probabilities.length; n++) {
            probabilities[n] = levels[random.nextInt(levels.length)];
        }
        FloatVolume fraction = new FloatVolume(grid.geometry(), probabilities);
        Path file = temp.resolve("seg.dcm");

        SegWriter.write(file, new SegWriter(OPTIONS).fractional(grid, source(files), List.of(SegmentSpec.of(1, "spleen", "AUTOMATIC",
                "net")), List.of(fraction)));
        Segmentation read = new SegReader().read(file, files);

        float[] values = read.fraction(1).orElseThrow().array();
        Mask mask = read.mask(1);
        for (int n = 0; n < probabilities.length; n++) {
            assertThat(values[n]).as("fraction " + n).isCloseTo((float) (Math.round((double) probabilities[n] * 255) / 255.0), within(1e-6f));
            assertThat(mask.get(n)).as("voxel " + n).isEqualTo(probabilities[n] >= 0.5f);
        }
        assertThat(read.segmentationType()).isEqualTo("FRACTIONAL");
    }

    @Test
    void missingStudyUidIsDerived() throws IOException {
        // The bundled CT series carries empty Study and Series Instance UIDs.
        Path folder = SharedData.require("dicom/series/ct-abdomen-siemens-20sl/dicom");
        DicomSeries series = new SeriesScanner().scan(folder).series().get(0);
        ReferenceGrid grid = ReferenceGrid.of(SeriesGeometry.of(series), "2.25.784.2");
        Attributes source = DicomFile.open(series.files().get(0)).dataSet();
        LabelMap labels = LabelMap.of(grid.geometry());
        labels.set(100, 100, 3, 1);

        MutableAttributes seg = new SegWriter(OPTIONS).binary(grid, source, labels, Map.of(1, SegmentSpec.of(1, "liver", "MANUAL", "")));
        MutableAttributes again = new SegWriter(OPTIONS).binary(grid, source, labels, Map.of(1, SegmentSpec.of(1, "liver", "MANUAL", "")));

        assertThat(source.getString(Tag.STUDY_INSTANCE_UID, "")).isEmpty();
        String study = seg.getString(Tag.STUDY_INSTANCE_UID);
        assertThat(study).matches("2\\.25\\.[1-9][0-9]*");
        assertThat(study.length()).isLessThanOrEqualTo(64);
        assertThat(again.getString(Tag.STUDY_INSTANCE_UID)).isEqualTo(study);
    }

    @Test
    void gridWithoutUidsIsRejected() throws IOException {
        List<Path> files = SyntheticSeries.write(temp, FLIPPED, SHUFFLED, "2.25.782");
        ReferenceGrid plain = ReferenceGrid.of(FLIPPED);

        assertThatThrownBy(() -> new SegWriter(OPTIONS).binary(plain, source(files), asymmetricLabels(FLIPPED), specs()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("build it from the DICOM series");
    }

    @Test
    void invalidSpecsAreRejected() {
        assertThatThrownBy(() -> SegmentSpec.of(0, "liver", "MANUAL", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SegmentSpec.of(1, "", "MANUAL", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SegmentSpec.of(1, "liver", "AUTOMATIC", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SegmentSpec.of(1, "liver", "GUESSED", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void segmentNumbersMustCountFromOne() throws IOException {
        List<Path> files = SyntheticSeries.write(temp, FLIPPED, SHUFFLED, "2.25.783");
        ReferenceGrid grid = ReferenceGrid.fromFiles(files, "2.25.783.2");
        Mask blob = asymmetricLabels(grid.geometry()).mask(1);

        assertThatThrownBy(() -> new SegWriter(OPTIONS).binary(grid, source(files), List.of(SegmentSpec.of(3, "liver", "MANUAL", "")),
                List.of(blob)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 0 has number 3");
    }

    @Test
    void segmentCodesFollowNames() {
        assertThat(SegmentCodes.forName("kidney_left").type()).isEqualTo(new CodedConcept("64033007", "SCT", "Kidney"));
        assertThat(SegmentCodes.forName("Lungs").type()).isEqualTo(new CodedConcept("39607008", "SCT", "Lung"));
        assertThat(SegmentCodes.forName("liver tumor").type()).isEqualTo(SegmentCodes.LESION);
        assertThat(SegmentCodes.forName("liver tumor").category()).isEqualTo(SegmentCodes.MORPHOLOGICALLY_ABNORMAL_STRUCTURE);
        assertThat(SegmentCodes.forName("region 5").type()).isEqualTo(SegmentCodes.TISSUE);
    }

    public static Attributes source(List<Path> files) {
        return DicomFile.open(files.get(0)).dataSet();
    }

    private static LabelMap randomLabels(Geometry geometry, Random random) {
        LabelMap labels = LabelMap.of(geometry);
        for (int n = 0; n < geometry.voxelCount(); n++) {
            int value = random.nextInt(5);
            labels.set(n, value <= 2 ? value : 0);
        }
        return labels;
    }

    private static double[] patientCentroid(Mask mask) {
        double[] index = mask.centroid();
        return mask.geometry().indexToPatient(index[0], index[1], index[2]);
    }
}
