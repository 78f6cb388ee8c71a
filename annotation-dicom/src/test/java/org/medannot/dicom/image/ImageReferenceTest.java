package org.medannot.dicom.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.medannot.core.testing.SharedData;
import org.medannot.core.volume.Volume;
import org.medannot.core.volume.VoxelType;

/**
 * Compares decoded PNG and JPEG samples with {@code pil-reference.tsv}, made by
 * {@code tools/reference/image_pil_reference.py}: the arrays encoded into the PNG fixtures, and
 * Pillow 9.4.0's decoding of the JPEG fixtures and of the JPEGs in the test data set.
 */
class ImageReferenceTest {

    /**
     * JPEG decoders differ in their inverse-DCT arithmetic and chroma upsampling, so a sample may
     * differ by a level or two between decoders. The JDK 17 decoder and Pillow 9.4.0 gave equal
     * samples here.
     */
    private static final int JPEG_SAMPLE_TOLERANCE = 2;
    /** Allowed difference of a channel's mean level between two JPEG decoders. */
    private static final double JPEG_MEAN_TOLERANCE = 0.25;

    @Test
    void pngFixturesMatchExactly() throws IOException, URISyntaxException {
        SoftAssertions softly = new SoftAssertions();
        int checked = 0;
        for (Map<String, String> row : rows()) {
            if (row.get("path").endsWith(".png")) {
                DecodedImage image = new ImageFileReader().read(fixture(row.get("path")));
                checkShape(softly, row, image);
                softly.assertThat(sha256(image)).as(row.get("path") + " samples").isEqualTo(row.get("sha256"));
                checked++;
            }
        }
        softly.assertAll();
        assertThat(checked).isEqualTo(6);
    }

    @Test
    void sixteenBitPngKeepsSixteenBits() throws IOException, URISyntaxException {
        DecodedImage grey = new ImageFileReader().read(fixture("fixtures/grey16.png"));
        assertThat(grey.channels().get(0).voxelType()).isEqualTo(VoxelType.UINT16);
        // Pixel (1, 0) is 3851 + 11 = 3862, which does not fit in 8 bits.
        assertThat(grey.channels().get(0).getDouble(1, 0, 0)).isEqualTo(3862);
        DecodedImage rgb = new ImageFileReader().read(fixture("fixtures/rgb16.png"));
        assertThat(rgb.channels()).hasSize(3);
        assertThat(rgb.channels().get(1).getDouble(0, 1, 0)).isEqualTo(5010);
    }

    @Test
    void jpegFixturesMatchPillowWithinTolerance() throws IOException, URISyntaxException {
        SoftAssertions softly = new SoftAssertions();
        for (Map<String, String> row : rows()) {
            if (row.get("path").startsWith("fixtures/") && row.get("path").endsWith(".jpg")) {
                compareJpeg(softly, row, new ImageFileReader().read(fixture(row.get("path"))));
            }
        }
        softly.assertAll();
    }

    @Test
    void dataSetJpegsMatchPillowWithinTolerance() throws IOException {
        Path root = SharedData.require("images-2d").getParent();
        SoftAssertions softly = new SoftAssertions();
        int checked = 0;
        for (Map<String, String> row : rows()) {
            if (!row.get("path").startsWith("fixtures/")) {
                compareJpeg(softly, row, new ImageFileReader().read(root.resolve(row.get("path"))));
                checked++;
            }
        }
        softly.assertAll();
        assertThat(checked).isGreaterThanOrEqualTo(20);
    }

    @Test
    void luminanceUsesBt601Weights() throws IOException, URISyntaxException {
        DecodedImage image = new ImageFileReader().read(fixture("fixtures/rgb8.png"));
        Volume luma = image.luminance();
        assertThat(luma.voxelType()).isEqualTo(VoxelType.UINT8);
        for (int n = 0; n < luma.geometry().voxelCount(); n++) {
            double expected = 0.299 * image.channels().get(0).getDouble(n) + 0.587 * image.channels().get(1).getDouble(n)
                    + 0.114 * image.channels().get(2).getDouble(n);
            assertThat(luma.getDouble(n)).as("pixel " + n).isCloseTo(expected, within(0.5));
        }
    }

    @Test
    void imagesAreSingleSlicesWithUnitSpacing() throws IOException, URISyntaxException {
        Volume volume = new ImageFileReader().readVolume(fixture("fixtures/grey8.png"));
        assertThat(volume.geometry().size()).containsExactly(17, 13, 1);
        assertThat(volume.geometry().spacing()).containsExactly(1, 1, 1);
        assertThat(volume.geometry().origin()).containsExactly(0, 0, 0);
    }

    private static void compareJpeg(SoftAssertions softly, Map<String, String> row, DecodedImage image) {
        String name = row.get("path");
        checkShape(softly, row, image);
        int width = Integer.parseInt(row.get("width"));
        int height = Integer.parseInt(row.get("height"));
        String[] samples = row.get("samples").split(";");
        int worst = 0;
        for (int s = 0; s < samples.length; s++) {
            String[] expected = samples[s].split(",");
            for (int c = 0; c < expected.length; c++) {
                int actual = (int) image.channels().get(c).getDouble(s * 997);
                worst = Math.max(worst, Math.abs(actual - Integer.parseInt(expected[c])));
            }
        }
        softly.assertThat(worst).as(name + " largest sample difference").isLessThanOrEqualTo(JPEG_SAMPLE_TOLERANCE);
        String[] sums = row.get("sums").split(",");
        for (int c = 0; c < sums.length; c++) {
            double mean = Long.parseLong(sums[c]) / (double) (width * height);
            softly.assertThat(mean(image.channels().get(c))).as(name + " channel " + c + " mean").isCloseTo(mean,
                    within(JPEG_MEAN_TOLERANCE));
        }
    }

    private static void checkShape(SoftAssertions softly, Map<String, String> row, DecodedImage image) {
        String name = row.get("path");
        Volume first = image.channels().get(0);
        softly.assertThat(first.geometry().columns()).as(name + " width").isEqualTo(Integer.parseInt(row.get("width")));
        softly.assertThat(first.geometry().rows()).as(name + " height").isEqualTo(Integer.parseInt(row.get("height")));
        softly.assertThat(image.channels()).as(name + " channels").hasSize(Integer.parseInt(row.get("channels")));
        softly.assertThat(image.bitsPerSample()).as(name + " bits").isEqualTo(Integer.parseInt(row.get("bits")));
    }

    private static double mean(Volume volume) {
        double sum = 0;
        int count = volume.geometry().voxelCount();
        for (int n = 0; n < count; n++) {
            sum += volume.getDouble(n);
        }
        return sum / count;
    }

    /** SHA-256 of the samples row-major with channels interleaved, 16-bit as little-endian. */
    private static String sha256(DecodedImage image) {
        int count = image.channels().get(0).geometry().voxelCount();
        int bytes = image.bitsPerSample() / 8;
        ByteBuffer buffer = ByteBuffer.allocate(count * image.channels().size() * bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int n = 0; n < count; n++) {
            for (Volume channel : image.channels()) {
                int value = (int) channel.getDouble(n);
                if (bytes == 1) {
                    buffer.put((byte) value);
                } else {
                    buffer.putShort((short) value);
                }
            }
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(buffer.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path fixture(String relative) throws URISyntaxException {
        return Path.of(ImageReferenceTest.class.getResource("pil-reference.tsv").toURI()).getParent().resolve(relative);
    }

    private static List<Map<String, String>> rows() throws IOException {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                ImageReferenceTest.class.getResourceAsStream("pil-reference.tsv"), StandardCharsets.UTF_8))) {
            List<String> all = lines.lines().filter(line -> !line.isBlank()).toList();
            String[] header = all.get(0).split("\t", -1);
            List<Map<String, String>> rows = new ArrayList<>();
            for (String line : all.subList(1, all.size())) {
                String[] cells = line.split("\t", -1);
                Map<String, String> row = new LinkedHashMap<>();
                for (int n = 0; n < header.length; n++) {
                    row.put(header[n], cells[n]);
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
