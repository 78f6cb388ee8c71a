package org.medannot.dicom.seg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.medannot.core.mask.Mask;
import org.medannot.core.testing.SharedData;
import org.medannot.core.volume.FloatVolume;
import org.medannot.dicom.rtstruct.ContourRasterizer;
import org.medannot.dicom.rtstruct.RtStructReader;
import org.medannot.dicom.rtstruct.RtStructureSet;

/**
 * The SEG and RTSTRUCT files that {@link DerivedObjectFiles} writes today are byte for byte those that
 * tools/reference/derived_objects_dciodvfy.py checked with dciodvfy and pydicom
 * (reference/derived-objects.tsv), and that check found no errors; read back, they hold the
 * voxel counts that pydicom (SEG) and matplotlib (RTSTRUCT) found. The files are left in
 * target/derived-objects for the script.
 */
class DerivedObjectFilesTest {

    @Test
    void writtenFilesAreTheCheckedOnes() throws IOException, NoSuchAlgorithmException {
        Path dataRoot = SharedData.require("dicom/seg/highdicom-ct").getParent().getParent().getParent();
        Path folder = Path.of("target", "derived-objects");

        DerivedObjectFiles.write(folder, dataRoot);

        Map<String, String[]> checked = new HashMap<>();
        for (String[] fields : SegReferenceData.rows("derived-objects.tsv")) {
            checked.put(fields[0], fields);
        }
        for (String name : DerivedObjectFiles.CHECKED) {
            String[] row = checked.get(name);
            assertThat(row).as("row of " + name + " in derived-objects.tsv").isNotNull();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(folder.resolve(name)));
            assertThat(HexFormat.of().formatHex(digest)).as("SHA-256 of " + name).isEqualTo(row[1]);
            assertThat(row[2]).as("dciodvfy errors in " + name).isEqualTo("0");
            assertThat(row[3]).as("pydicom reads " + name).isEqualTo("ok");
        }
    }

    @Test
    void writtenFilesReadBackAsReferenceCounts() throws IOException {
        Path dataRoot = SharedData.require("dicom/seg/highdicom-ct").getParent().getParent().getParent();
        Path folder = Path.of("target", "derived-objects-read");
        DerivedObjectFiles.write(folder, dataRoot);
        List<Path> synthetic;
        List<Path> ct;
        try (Stream<Path> list = Files.list(folder.resolve("series"))) {
            synthetic = list.sorted().collect(Collectors.toList());
        }
        try (Stream<Path> list = Files.list(dataRoot.resolve("dicom/seg/highdicom-ct/ct-series"))) {
            ct = list.sorted().collect(Collectors.toList());
        }

        for (String[] fields : SegReferenceData.rows("derived-objects.tsv")) {
            List<Path> series = fields[0].endsWith("-ct.dcm") ? ct : synthetic;
            if (fields[0].startsWith("rtstruct")) {
                RtStructureSet set = new RtStructReader().read(folder.resolve(fields[0]));
                long count = 0;
                for (Mask mask : new ContourRasterizer().rasterize(set, ContourRasterizer.gridFromFiles(set, series)).masks().values()) {
                    count += mask.count();
                }
                assertThat(count).as("voxels of " + fields[0] + " (matplotlib)").isEqualTo(Long.parseLong(fields[5]));
                continue;
            }
            Segmentation read = new SegReader().read(folder.resolve(fields[0]), series);
            long nonZero = 0;
            for (Map.Entry<Integer, Mask> segment : read.masks().entrySet()) {
                nonZero += read.fraction(segment.getKey()).map(DerivedObjectFilesTest::nonZero).orElse(segment.getValue().count());
            }
            assertThat(nonZero).as("non-zero pixels of " + fields[0] + " (pydicom)").isEqualTo(Long.parseLong(fields[5]));
        }
    }

    private static long nonZero(FloatVolume volume) {
        long count = 0;
        for (float value : volume.array()) {
            if (value != 0) {
                count++;
            }
        }
        return count;
    }
}
