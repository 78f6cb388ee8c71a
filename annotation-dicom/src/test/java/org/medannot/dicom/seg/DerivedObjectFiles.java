package org.medannot.dicom.seg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.volume.FloatVolume;
import org.medannot.dicom.rtstruct.RtStructWriter;

/**
 * Writes the SEG and RTSTRUCT files that tools/reference/derived_objects_dciodvfy.py checks with dciodvfy
 * and pydicom. The output is the same on every run (fixed UIDs and times), so a test can
 * compare it with the checked files by SHA-256.
 *
 * <p>Files written to the output folder:
 * <ul>
 *   <li>series/IMG0001.dcm ... IMG0005.dcm: a synthetic CT series on {@link SegWriterTest#FLIPPED}
 *       (column direction [0, -1, 0]) in shuffled file order;</li>
 *   <li>seg-binary.dcm: BINARY SEG of two segments (liver, lesion) on that series;</li>
 *   <li>seg-fractional.dcm: FRACTIONAL SEG of one segment (spleen) on that series;</li>
 *   <li>seg-binary-ct.dcm: BINARY SEG (bone) on the 4-slice CT series of the test data set's
 *       highdicom-ct folder, when {@code dataRoot} is given;</li>
 *   <li>rtstruct.dcm: RT Structure Set of the two labels of seg-binary.dcm on the synthetic series;</li>
 *   <li>rtstruct-ct.dcm: RT Structure Set of the bone mask of seg-binary-ct.dcm, when
 *       {@code dataRoot} is given.</li>
 * </ul>
 *
 * <p>Usage: {@code DerivedObjectFiles OUTPUT_FOLDER [DATA_ROOT]}, with the test classpath.
 */
public final class DerivedObjectFiles {

    /** Names of the files that the reference script checked, in the order it lists them. */
    static final List<String> CHECKED = List.of("seg-binary.dcm", "seg-fractional.dcm", "seg-binary-ct.dcm", "rtstruct.dcm",
            "rtstruct-ct.dcm");

    private static final RtStructWriter.Options RT_OPTIONS = new RtStructWriter.Options("2.25.2001", "2.25.2002",
            Instant.parse("2026-01-02T03:04:05Z"), 301, "ANNOTATIONS", "medannot");

    private DerivedObjectFiles() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: DerivedObjectFiles OUTPUT_FOLDER [DATA_ROOT]");
        }
        write(Path.of(args[0]), args.length > 1 ? Path.of(args[1]) : null);
    }

    private static RtStructWriter.RoiSpec roi(int number, String name) {
        return new RtStructWriter.RoiSpec(number, name, "MANUAL", "ORGAN", new int[] {220, 160, 40});
    }

    /** Writes the files; skips seg-binary-ct.dcm and rtstruct-ct.dcm when {@code dataRoot} is null. */
    static void write(Path folder, Path dataRoot) throws IOException {
        Path seriesFolder = folder.resolve("series");
        Files.createDirectories(seriesFolder);
        List<Path> files = SyntheticSeries.write(seriesFolder, SegWriterTest.FLIPPED, SegWriterTest.SHUFFLED, "2.25.4242");
        ReferenceGrid grid = ReferenceGrid.fromFiles(files, "2.25.4242.2");
        SegWriter writer = new SegWriter(SegWriterTest.OPTIONS);

        LabelMap labels = SegWriterTest.asymmetricLabels(grid.geometry());
        SegWriter.write(folder.resolve("seg-binary.dcm"), writer.binary(grid, SegWriterTest.source(files), labels, SegWriterTest.specs()));
        RtStructWriter rtWriter = new RtStructWriter(RT_OPTIONS);
        RtStructWriter.write(folder.resolve("rtstruct.dcm"), rtWriter.build(grid, SegWriterTest.source(files),
                List.of(roi(1, "Liver"), roi(2, "Lesion")), List.of(labels.mask(1), labels.mask(2))));

        Geometry geometry = grid.geometry();
        float[] fractions = new float[geometry.voxelCount()];
        for (int n = 0; n < fractions.length; n++) {
            fractions[n] = labels.get(n) == 1 ? 0.8f : (n % 7 == 0 ? 0.25f : 0f);
        }
        SegWriter.write(folder.resolve("seg-fractional.dcm"), writer.fractional(grid, SegWriterTest.source(files),
                List.of(SegmentSpec.of(1, "spleen", "AUTOMATIC", "synthetic model 1")), List.of(new FloatVolume(geometry, fractions))));

        if (dataRoot != null) {
            List<Path> ct;
            try (Stream<Path> list = Files.list(dataRoot.resolve("dicom/seg/highdicom-ct/ct-series"))) {
                ct = list.sorted().collect(Collectors.toList());
            }
            ReferenceGrid ctGrid = ReferenceGrid.fromFiles(ct, "1.3.6.1.4.1.5962.1.1.0.0.0.1196530851.28319.0.2");
            LabelMap bone = LabelMap.of(ctGrid.geometry());
            for (int k = 0; k < 4; k++) {
                for (int j = 3 + k; j < 10; j++) {
                    for (int i = 4; i < 12 - k; i++) {
                        bone.set(i, j, k, 1);
                    }
                }
            }
            SegWriter.write(folder.resolve("seg-binary-ct.dcm"), writer.binary(ctGrid, SegWriterTest.source(ct), bone,
                    Map.of(1, SegmentSpec.of(1, "bone", "SEMIAUTOMATIC", "threshold and edit"))));
            RtStructWriter.write(folder.resolve("rtstruct-ct.dcm"), rtWriter.build(ctGrid, SegWriterTest.source(ct),
                    List.of(roi(1, "Bone")), List.of(bone.mask(1))));
        }
    }
}
