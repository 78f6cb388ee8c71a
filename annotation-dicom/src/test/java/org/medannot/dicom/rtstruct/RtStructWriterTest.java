package org.medannot.dicom.rtstruct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.core.testing.SharedData;
import org.medannot.dicom.seg.ReferenceGrid;
import org.medannot.dicom.seg.SegWriterTest;
import org.medannot.dicom.seg.SyntheticSeries;

/**
 * Mask to RTSTRUCT to mask round trips: traced contours read back with the pixel-centre
 * even-odd rule give exactly the mask, holes and islands in holes included.
 */
class RtStructWriterTest {

    static final RtStructWriter.Options OPTIONS = new RtStructWriter.Options("2.25.2001", "2.25.2002",
            Instant.parse("2026-01-02T03:04:05Z"), 301, "ANNOTATIONS", "medannot");

    @TempDir
    Path temp;

    @Test
    void maskRoundTripOnFlippedSeries() throws IOException {
        List<Path> files = SyntheticSeries.write(temp, SegWriterTest.FLIPPED, SegWriterTest.SHUFFLED, "2.25.888");
        ReferenceGrid grid = ReferenceGrid.fromFiles(files, "2.25.888.2");
        LabelMap labels = SegWriterTest.asymmetricLabels(grid.geometry());
        Mask ring = ringWithIsland(grid);
        Path file = temp.resolve("rtstruct.dcm");

        RtStructWriter.write(file, new RtStructWriter(OPTIONS).build(grid, SegWriterTest.source(files),
                List.of(spec(1, "liver"), spec(2, "lesion"), spec(3, "ring")), List.of(labels.mask(1), labels.mask(2), ring)));
        RtStructureSet read = new RtStructReader().read(file);
        ContourRasterizer.RoiMasks masks = new ContourRasterizer().rasterize(read, ContourRasterizer.gridFromFiles(read, files));

        assertThat(masks.masks().get(1)).isEqualTo(labels.mask(1));
        assertThat(masks.masks().get(2)).isEqualTo(labels.mask(2));
        assertThat(masks.masks().get(3)).isEqualTo(ring);
        assertThat(masks.skipped()).isEmpty();
        assertThat(read.roi(3).name()).isEqualTo("ring");
        assertThat(read.roi(3).generationAlgorithm()).isEqualTo("MANUAL");
    }

    @Test
    void contoursLieInPatientSpace() throws IOException {
        List<Path> files = SyntheticSeries.write(temp, SegWriterTest.FLIPPED, SegWriterTest.SHUFFLED, "2.25.889");
        ReferenceGrid grid = ReferenceGrid.fromFiles(files, "2.25.889.2");
        Mask single = new Mask(grid.geometry());
        single.set(4, 3, 2, true);
        Path file = temp.resolve("rtstruct.dcm");

        RtStructWriter.write(file, new RtStructWriter(OPTIONS).build(grid, SegWriterTest.source(files), List.of(spec(1, "dot")),
                List.of(single)));
        RtContour contour = new RtStructReader().read(file).roi(1).contours().get(0);

        // One pixel: four corners at (i, j) = (3.5 or 4.5, 2.5 or 3.5) on slice 2; rows run towards -y and slices towards -z.
        double[] points = contour.points();
        assertThat(contour.pointCount()).isEqualTo(4);
        for (int p = 0; p < 4; p++) {
            assertThat(points[3 * p + 2]).as("z of point " + p).isCloseTo(12 - 2 * 2.5, within(1e-9));
            assertThat(points[3 * p]).as("x of point " + p).isBetween(-30 + 3.5 * 0.7 - 1e-9, -30 + 4.5 * 0.7 + 1e-9);
            assertThat(points[3 * p + 1]).as("y of point " + p).isCloseTo(40 - 3 * 0.9, within(0.45 + 1e-9));
        }
        assertThat(contour.referencedSopInstanceUids()).containsExactly("2.25.889.10.3");
    }

    @Test
    void roundTripOnIrregularRealSeries() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(SharedData.require("dicom/seg/highdicom-ct/ct-series"))) {
            files = list.sorted().collect(Collectors.toList());
        }
        ReferenceGrid grid = ReferenceGrid.fromFiles(files, "1.3.6.1.4.1.5962.1.1.0.0.0.1196530851.28319.0.2");
        Mask random = new Mask(grid.geometry());
        Random generator = new Random(11);
        for (int n = 0; n < random.size(); n++) {
            random.set(n, generator.nextInt(3) == 0);
        }
        Path file = temp.resolve("rtstruct.dcm");

        RtStructWriter.write(file, new RtStructWriter(OPTIONS).build(grid, SegWriterTest.source(files), List.of(spec(5, "noise")),
                List.of(random)));
        RtStructureSet read = new RtStructReader().read(file);

        assertThat(new ContourRasterizer().rasterize(read, grid).masks().get(5)).isEqualTo(random);
    }

    @Test
    void duplicateRoiNumbersAreRejected() throws IOException {
        List<Path> files = SyntheticSeries.write(temp, SegWriterTest.FLIPPED, SegWriterTest.SHUFFLED, "2.25.890");
        ReferenceGrid grid = ReferenceGrid.fromFiles(files, "2.25.890.2");
        Mask empty = new Mask(grid.geometry());

        assertThatThrownBy(() -> new RtStructWriter(OPTIONS).build(grid, SegWriterTest.source(files),
                List.of(spec(1, "a"), spec(1, "b")), List.of(empty, empty)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ROI number 1 is used twice");
    }

    @Test
    void invalidRoiSpecsAreRejected() {
        assertThatThrownBy(() -> new RtStructWriter.RoiSpec(0, "a", "MANUAL", "", new int[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RtStructWriter.RoiSpec(1, "a", "GUESSED", "", new int[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RtStructWriter.RoiSpec(1, "a", "MANUAL", "", new int[] {1, 2, 300}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static RtStructWriter.RoiSpec spec(int number, String name) {
        return new RtStructWriter.RoiSpec(number, name, "MANUAL", "ORGAN", new int[] {255, 0, 0});
    }

    /** A square ring with a hole and an island in the hole, plus a pixel touching the ring at a corner. */
    static Mask ringWithIsland(ReferenceGrid grid) {
        Mask mask = new Mask(grid.geometry());
        for (int j = 1; j <= 7; j++) {
            for (int i = 1; i <= 7; i++) {
                boolean inHole = i >= 3 && i <= 5 && j >= 3 && j <= 5;
                mask.set(i, j, 0, !inHole || (i == 4 && j == 4));
            }
        }
        mask.set(8, 8, 0, true);
        return mask;
    }
}
