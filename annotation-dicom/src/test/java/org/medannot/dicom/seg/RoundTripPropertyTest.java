package org.medannot.dicom.seg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.core.testing.Seeds;
import org.medannot.dicom.rtstruct.ContourRasterizer;
import org.medannot.dicom.rtstruct.RtStructReader;
import org.medannot.dicom.rtstruct.RtStructWriter;
import org.medannot.dicom.rtstruct.RtStructureSet;

/**
 * Random label maps on random axis-aligned series (any signed permutation of the LPS axes as
 * row and column directions, random spacing, origin and file order) survive LabelMap to SEG to
 * LabelMap and Mask to RTSTRUCT to Mask unchanged.
 */
class RoundTripPropertyTest {

    @TempDir
    Path temp;

    static LongStream seeds() {
        return Seeds.seeds(12);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void segAndRtStructRoundTrip(long seed) throws IOException {
        Random random = Seeds.random(seed);
        Geometry geometry = randomGeometry(random);
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < geometry.slices(); k++) {
            order.add(k);
        }
        Collections.shuffle(order, random);
        Path folder = Files.createDirectories(temp.resolve("series"));
        String uidRoot = "2.25.5" + (seed & 0xFFFF);
        List<Path> files = SyntheticSeries.write(folder, geometry, order.stream().mapToInt(Integer::intValue).toArray(), uidRoot);
        ReferenceGrid grid = ReferenceGrid.fromFiles(files, uidRoot + ".2");
        LabelMap labels = randomLabels(grid.geometry(), random);
        int[] present = labels.labels();
        assertThat(present).as("labels drawn").isNotEmpty();
        Map<Integer, SegmentSpec> specs = new HashMap<>();
        for (int n = 0; n < present.length; n++) {
            specs.put(present[n], SegmentSpec.of(n + 1, "label " + present[n], "MANUAL", ""));
        }

        Path seg = temp.resolve("seg.dcm");
        SegWriter.write(seg, new SegWriter(SegWriterTest.OPTIONS).binary(grid, SegWriterTest.source(files), labels, specs));
        Segmentation read = new SegReader().read(seg, files);
        for (int n = 0; n < present.length; n++) {
            assertThat(read.mask(n + 1)).as("segment " + (n + 1) + " (label " + present[n] + ")").isEqualTo(labels.mask(present[n]));
        }

        List<RtStructWriter.RoiSpec> rois = new ArrayList<>();
        List<Mask> masks = new ArrayList<>();
        for (int label : present) {
            rois.add(new RtStructWriter.RoiSpec(label, "label " + label, "MANUAL", "", new int[] {0, 128, 255}));
            masks.add(labels.mask(label));
        }
        Path rtstruct = temp.resolve("rtstruct.dcm");
        RtStructWriter.write(rtstruct, new RtStructWriter().build(grid, SegWriterTest.source(files), rois, masks));
        RtStructureSet set = new RtStructReader().read(rtstruct);
        ContourRasterizer.RoiMasks rasterized = new ContourRasterizer().rasterize(set, ContourRasterizer.gridFromFiles(set, files));
        for (int label : present) {
            assertThat(rasterized.masks().get(label)).as("ROI " + label).isEqualTo(labels.mask(label));
        }
    }

    private static Geometry randomGeometry(Random random) {
        int rowAxis = random.nextInt(3);
        int columnAxis = (rowAxis + 1 + random.nextInt(2)) % 3;
        double[] row = new double[3];
        double[] column = new double[3];
        row[rowAxis] = random.nextBoolean() ? 1 : -1;
        column[columnAxis] = random.nextBoolean() ? 1 : -1;
        double[] normal = {row[1] * column[2] - row[2] * column[1], row[2] * column[0] - row[0] * column[2],
            row[0] * column[1] - row[1] * column[0]};
        double[] direction = {row[0], row[1], row[2], column[0], column[1], column[2], normal[0], normal[1], normal[2]};
        double[] spacing = {0.3 + 2 * random.nextDouble(), 0.3 + 2 * random.nextDouble(), 0.5 + 4 * random.nextDouble()};
        double[] origin = {200 * random.nextDouble() - 100, 200 * random.nextDouble() - 100, 200 * random.nextDouble() - 100};
        return Geometry.of(3 + random.nextInt(8), 3 + random.nextInt(8), 2 + random.nextInt(5), spacing, origin, direction);
    }

    private static LabelMap randomLabels(Geometry geometry, Random random) {
        LabelMap labels = LabelMap.of(geometry);
        for (int n = 0; n < geometry.voxelCount(); n++) {
            int value = random.nextInt(8);
            labels.set(n, value < 4 ? value : 0);
        }
        return labels;
    }
}
