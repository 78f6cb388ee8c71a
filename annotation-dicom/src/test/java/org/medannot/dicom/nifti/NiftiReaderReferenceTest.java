package org.medannot.dicom.nifti;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.testing.SharedData;
import org.medannot.core.volume.Volume;
import org.medannot.core.volume.VoxelType;

/**
 * Compares the reader with nibabel 5.0.0 on every NIfTI file of the test data set. The expected
 * values in {@code nibabel-reference.tsv} come from
 * {@code tools/reference/nifti_nibabel_reference.py}; the nibabel statistics in the data set's
 * {@code pixel-stats.tsv} are checked as a second source.
 */
class NiftiReaderReferenceTest {

    private static final double AFFINE_TOLERANCE = 1e-4;

    @Test
    void everyFileMatchesNibabel() throws IOException {
        Path root = SharedData.require("nifti").getParent();
        List<Map<String, String>> rows = table(NiftiReaderReferenceTest.class.getResourceAsStream("nibabel-reference.tsv"));
        assertThat(rows).hasSizeGreaterThan(100);

        NiftiReader reader = new NiftiReader();
        SoftAssertions softly = new SoftAssertions();
        int checked = 0;
        for (Map<String, String> row : rows) {
            Path file = root.resolve(row.get("path"));
            if (!Files.exists(file)) {
                continue;
            }
            compare(softly, row, reader.read(file));
            checked++;
        }
        softly.assertAll();
        assertThat(checked).as("files compared").isEqualTo(rows.size());
    }

    @Test
    void syntheticFilesMatchNibabel() throws IOException, URISyntaxException {
        Path folder = Path.of(NiftiReaderReferenceTest.class.getResource("nibabel-synthetic.tsv").toURI()).getParent();
        List<Map<String, String>> rows = table(NiftiReaderReferenceTest.class.getResourceAsStream("nibabel-synthetic.tsv"));
        assertThat(rows).hasSizeGreaterThan(10);

        NiftiReader reader = new NiftiReader();
        SoftAssertions softly = new SoftAssertions();
        for (Map<String, String> row : rows) {
            compare(softly, row, reader.read(folder.resolve(row.get("path"))));
        }
        softly.assertAll();
    }

    @Test
    void statisticsMatchPixelStatsTable() throws IOException {
        Path stats = SharedData.require("pixel-stats.tsv");
        Path root = stats.getParent();
        List<Map<String, String>> rows;
        try (InputStream in = Files.newInputStream(stats)) {
            rows = table(in).stream().filter(row -> row.get("path").matches(".*\\.nii(\\.gz)?")).toList();
        }
        assumeTrue(!rows.isEmpty(), "pixel-stats.tsv lists no NIfTI files");

        NiftiReader reader = new NiftiReader();
        SoftAssertions softly = new SoftAssertions();
        for (Map<String, String> row : rows) {
            Path file = root.resolve(row.get("path"));
            NiftiImage image = reader.read(file);
            double[] summary = summary(image.volumes());
            String name = row.get("path");
            // The table prints six significant digits.
            for (int n = 0; n < 3; n++) {
                String column = List.of("min", "max", "sum").get(n);
                double expected = Double.parseDouble(row.get(column));
                softly.assertThat(summary[n]).as(name + " " + column).isCloseTo(expected,
                        within(Math.max(1e-3, Math.abs(expected) * 5e-6)));
            }
            softly.assertThat(shape(image)).as(name + " shape").isEqualTo(row.get("shape").replace('x', ','));
        }
        softly.assertAll();
    }

    @Test
    void imageAsLabelMapNamesVoxelNotValue() {
        // nibabel: the first voxel in file order that is no label is number 1474, with a negative value.
        Path image = SharedData.require("nifti/basic/anatomical.nii");

        assertThatThrownBy(() -> new NiftiReader().readLabelMap(image))
                .isInstanceOf(NiftiException.class)
                .hasMessageContaining("voxel 1474: expected an integer label in 0..65535, found a negative value")
                .hasMessageNotContaining("277");
    }

    @Test
    void labelMapsMatchDistinctValueCounts() throws IOException {
        Path stats = SharedData.require("pixel-stats.tsv");
        Path root = stats.getParent();
        List<Map<String, String>> rows;
        try (InputStream in = Files.newInputStream(stats)) {
            rows = table(in).stream()
                    .filter(row -> row.get("path").matches(".*\\.nii(\\.gz)?") && row.get("dtype").equals("uint8")
                            && row.get("note").endsWith("distinct values"))
                    .toList();
        }
        assumeTrue(!rows.isEmpty(), "pixel-stats.tsv lists no uint8 NIfTI label files");

        NiftiReader reader = new NiftiReader();
        SoftAssertions softly = new SoftAssertions();
        for (Map<String, String> row : rows) {
            int distinct = Integer.parseInt(row.get("note").split(" ")[0]);
            int background = Double.parseDouble(row.get("min")) == 0 ? 1 : 0;
            LabelMap labels = reader.readLabelMap(root.resolve(row.get("path")));
            softly.assertThat(labels.labels()).as(row.get("path") + " labels").hasSize(distinct - background);
            int[] present = labels.labels();
            int largest = present.length == 0 ? 0 : present[present.length - 1];
            softly.assertThat(largest).as(row.get("path") + " largest label")
                    .isEqualTo((int) Double.parseDouble(row.get("max")));
        }
        softly.assertAll();
    }

    private static void compare(SoftAssertions softly, Map<String, String> row, NiftiImage image) {
        String name = row.get("path");
        softly.assertThat(image.header().version()).as(name + " version").isEqualTo(Integer.parseInt(row.get("version")));
        softly.assertThat(shape(image)).as(name + " shape").isEqualTo(row.get("shape"));

        double[] expectedAffine = numbers(row.get("affine"));
        double[] affine = image.geometry().toNiftiAffine();
        for (int n = 0; n < 16; n++) {
            softly.assertThat(affine[n]).as(name + " affine[" + n + "]").isCloseTo(expectedAffine[n],
                    within(AFFINE_TOLERANCE));
        }

        // A float64 result from nibabel (scaled data) is held as float32 here, so those files are
        // compared after nibabel's values are rounded to float32; all others exactly as float64.
        VoxelType type = image.volume().voxelType();
        boolean roundedToFloat = type == VoxelType.FLOAT32 && row.get("dtype_scaled").equals("float64");
        String expectedHash = roundedToFloat ? row.get("sha256_f32") : row.get("sha256_f64");
        softly.assertThat(sha256(image.volumes(), roundedToFloat)).as(name + " data SHA-256").isEqualTo(expectedHash);

        // float32 keeps about 7 significant digits, so rounded values get a relative tolerance.
        double relative = roundedToFloat ? 1e-7 : 1e-12;
        double[] summary = summary(image.volumes());
        double min = Double.parseDouble(row.get("min"));
        double max = Double.parseDouble(row.get("max"));
        double sum = Double.parseDouble(row.get("sum"));
        softly.assertThat(summary[0]).as(name + " min").isCloseTo(min, within(Math.max(1e-6, Math.abs(min) * relative)));
        softly.assertThat(summary[1]).as(name + " max").isCloseTo(max, within(Math.max(1e-6, Math.abs(max) * relative)));
        softly.assertThat(summary[2]).as(name + " sum").isCloseTo(sum,
                within(Math.max(1e-6, Math.abs(sum) * relative * 10)));
        softly.assertThat(isNarrowest(type, row.get("dtype_scaled"), image)).as(name + " voxel type " + type).isTrue();
    }

    /** The voxel type must be the one the reader documents for nibabel's result type. */
    private static boolean isNarrowest(VoxelType type, String dtype, NiftiImage image) {
        return switch (dtype) {
            case "uint8" -> type == VoxelType.UINT8;
            case "int8", "int16" -> type == VoxelType.INT16;
            case "uint16" -> type == VoxelType.UINT16;
            case "int32", "uint32", "int64", "uint64" -> type == VoxelType.INT32;
            case "float32" -> type == VoxelType.FLOAT32;
            // Scaled integers stay integers when slope and intercept are integral.
            case "float64" -> type == VoxelType.FLOAT32 || (image.header().dataType().isInteger()
                    && image.header().sclSlope() == Math.rint(image.header().sclSlope())
                    && image.header().sclInter() == Math.rint(image.header().sclInter()));
            default -> false;
        };
    }

    private static String shape(NiftiImage image) {
        List<String> sizes = new ArrayList<>();
        for (int axis = 1; axis <= image.header().dimensions(); axis++) {
            sizes.add(Long.toString(image.header().size(axis)));
        }
        return String.join(",", sizes);
    }

    /** SHA-256 of the values as little-endian float64 (or float32) with i fastest, then j, k, t. */
    static String sha256(List<Volume> volumes, boolean asFloat32) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Volume volume : volumes) {
            int count = volume.geometry().voxelCount();
            ByteBuffer buffer = ByteBuffer.allocate(count * (asFloat32 ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
            for (int n = 0; n < count; n++) {
                if (asFloat32) {
                    buffer.putFloat((float) volume.getDouble(n));
                } else {
                    buffer.putDouble(volume.getDouble(n));
                }
            }
            digest.update(buffer.array());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static double[] summary(List<Volume> volumes) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (Volume volume : volumes) {
            int count = volume.geometry().voxelCount();
            for (int n = 0; n < count; n++) {
                double value = volume.getDouble(n);
                min = Math.min(min, value);
                max = Math.max(max, value);
                sum += value;
            }
        }
        return new double[] {min, max, sum};
    }

    private static double[] numbers(String commaSeparated) {
        String[] parts = commaSeparated.split(",");
        double[] values = new double[parts.length];
        for (int n = 0; n < parts.length; n++) {
            values[n] = Double.parseDouble(parts[n]);
        }
        return values;
    }

    /** Parses a tab-separated table with a header line into one map per row. */
    static List<Map<String, String>> table(InputStream in) throws IOException {
        assertThat(in).as("reference table on the class path").isNotNull();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> all = lines.lines().filter(line -> !line.isBlank()).collect(Collectors.toList());
            String[] header = all.get(0).split("\t", -1);
            List<Map<String, String>> rows = new ArrayList<>();
            for (String line : all.subList(1, all.size())) {
                String[] cells = line.split("\t", -1);
                Map<String, String> row = new java.util.LinkedHashMap<>();
                for (int n = 0; n < header.length; n++) {
                    row.put(header[n], n < cells.length ? cells[n] : "");
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
