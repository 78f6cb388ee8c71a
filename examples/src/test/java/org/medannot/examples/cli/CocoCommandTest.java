package org.medannot.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.zip.GZIPInputStream;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.testing.SharedData;

/**
 * The {@code annotate coco} subcommands, checked against pycocotools' recorded encodings of the
 * test data set's RLE fixtures.
 */
class CocoCommandTest extends CommandTestSupport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path folder;

    /** Returns a fixture case of rle.json with its mask as row-major booleans. */
    private static JsonNode fixtureCase(String name) throws IOException {
        JsonNode cases = MAPPER.readTree(SharedData.require("coco-golden/rle.json").toFile()).get("cases");
        for (JsonNode c : cases) {
            if (c.get("name").textValue().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("fixture case not found: " + name);
    }

    private static boolean[] fixtureMask(JsonNode c) throws IOException {
        int height = c.get("height").intValue();
        int width = c.get("width").intValue();
        byte[] packed;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(
                Base64.getDecoder().decode(c.get("mask").textValue())))) {
            packed = in.readAllBytes();
        }
        boolean[] pixels = new boolean[height * width];
        for (int bit = 0; bit < pixels.length; bit++) {
            pixels[bit] = ((packed[bit >> 3] >> (7 - (bit & 7))) & 1) != 0;
        }
        return pixels;
    }

    @Test
    void encodePrintsPycocotoolsRle() throws IOException {
        JsonNode c = fixtureCase("100x80_ring");
        int height = c.get("height").intValue();
        int width = c.get("width").intValue();
        boolean[] pixels = fixtureMask(c);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int n = 0; n < pixels.length; n++) {
            image.getRaster().setSample(n % width, n / width, 0, pixels[n] ? 200 : 0);
        }
        Path png = folder.resolve("mask.png");
        ImageIO.write(image, "png", png.toFile());

        assertThat(run("coco", "encode", png.toString())).isEqualTo(AnnotateCommand.EXIT_OK);
        JsonNode printed = MAPPER.readTree(out.toString());
        assertThat(printed.get("size").get(0).intValue()).isEqualTo(height);
        assertThat(printed.get("size").get(1).intValue()).isEqualTo(width);
        assertThat(printed.get("counts").textValue()).isEqualTo(c.get("rle").textValue());
        assertThat(printed.get("area").longValue()).isEqualTo(c.get("area").longValue());
        for (int n = 0; n < 4; n++) {
            assertThat(printed.get("bbox").get(n).doubleValue()).as("bbox[%d]", n)
                    .isEqualTo(c.get("bbox").get(n).doubleValue());
        }
    }

    @Test
    void decodeWritesMaskImage() throws IOException {
        JsonNode c = fixtureCase("100x80_ring");
        int height = c.get("height").intValue();
        int width = c.get("width").intValue();
        Path json = folder.resolve("rle.json");
        Files.writeString(json, "{\"size\": [" + height + ", " + width + "], \"counts\": "
                + MAPPER.writeValueAsString(c.get("rle").textValue()) + "}");
        Path png = folder.resolve("out.png");

        assertThat(run("coco", "decode", json.toString(), "--out", png.toString())).isEqualTo(AnnotateCommand.EXIT_OK);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
        boolean[] pixels = fixtureMask(c);
        for (int n = 0; n < pixels.length; n++) {
            int sample = image.getRaster().getSample(n % width, n / width, 0);
            assertThat(sample).as("pixel %d", n).isEqualTo(pixels[n] ? 255 : 0);
        }
    }

    @Test
    void decodeRejectsCountsThatDoNotSum() throws IOException {
        Path json = folder.resolve("bad.json");
        Files.writeString(json, "{\"size\": [4, 4], \"counts\": [3, 4]}");
        Path png = folder.resolve("out.png");
        assertThat(run("coco", "decode", json.toString(), "--out", png.toString())).isEqualTo(AnnotateCommand.EXIT_FAILURE);
        assertThat(err.toString()).contains("/counts").contains("add up to 7");
        assertThat(png).doesNotExist();
    }

    @Test
    void decodeRejectsHugeDeclaredSize() throws IOException {
        // 50000 x 40000 pixels in one background run: valid RLE, but above --max-pixels.
        Path json = folder.resolve("huge.json");
        Files.writeString(json, "{\"size\": [50000, 40000], \"counts\": [2000000000]}");
        assertThat(run("coco", "decode", json.toString(), "--out", folder.resolve("o.png").toString()))
                .isEqualTo(AnnotateCommand.EXIT_FAILURE);
        assertThat(err.toString()).contains("--max-pixels");
    }

    @Test
    void decodeOverInputIsUsageError() throws IOException {
        Path json = Files.writeString(folder.resolve("rle.json"), "{\"size\": [2, 2], \"counts\": [1, 2, 1]}");
        byte[] before = Files.readAllBytes(json);

        int overInput = run("coco", "decode", json.toString(), "--out", json.toString());
        int noPixels = run("coco", "decode", json.toString(), "--out", folder.resolve("o.png").toString(), "--max-pixels", "0");
        int missingFolder = run("coco", "decode", json.toString(), "--out", folder.resolve("absent").resolve("o.png").toString());

        assertThat(overInput).isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(noPixels).isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(missingFolder).isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("is the same file as the input " + json);
        assertThat(err.toString()).contains("--max-pixels must be at least 1, but was 0");
        assertThat(err.toString()).contains("the folder " + folder.resolve("absent").toAbsolutePath() + " does not exist");
        assertThat(Files.readAllBytes(json)).isEqualTo(before);
    }

    @Test
    void validateAcceptsEvaluationFixture() {
        Path gt = SharedData.require("coco-golden/cocoeval_gt.json");
        assertThat(run("coco", "validate", gt.toString())).isEqualTo(AnnotateCommand.EXIT_OK);
        assertThat(out.toString()).contains("0 errors, 0 warnings");
    }

    @Test
    void validateFailsOnWarningsUnlessAllowed() throws IOException {
        // An image that names a license the dataset does not list is a warning, not an error.
        Path json = folder.resolve("warning.json");
        Files.writeString(json, "{\"images\": [{\"id\": 1, \"file_name\": \"a.png\", \"width\": 4, \"height\": 4,"
                + " \"license\": 9}], \"categories\": [{\"id\": 1, \"name\": \"x\"}], \"annotations\": []}");

        assertThat(run("coco", "validate", json.toString())).isEqualTo(AnnotateCommand.EXIT_FAILURE);
        assertThat(out.toString()).contains("WARNING /images/0/license").contains("0 errors, 1 warning");
        assertThat(run("coco", "validate", "--allow-warnings", json.toString())).isEqualTo(AnnotateCommand.EXIT_OK);
    }

    @Test
    void validateListsProblemsWithPointers() throws IOException {
        Path json = folder.resolve("bad.json");
        Files.writeString(json, "{\"images\": [{\"id\": 1, \"file_name\": \"a.png\", \"width\": 4, \"height\": 4}],"
                + " \"categories\": [{\"id\": 1, \"name\": \"x\"}],"
                + " \"annotations\": [{\"id\": 1, \"image_id\": 2, \"category_id\": 1, \"area\": 1,"
                + " \"bbox\": [0, 0, 1, 1], \"iscrowd\": 0, \"segmentation\": [[0, 0, 1, 1]]}]}");
        assertThat(run("coco", "validate", json.toString())).isEqualTo(AnnotateCommand.EXIT_FAILURE);
        assertThat(out.toString()).contains("ERROR /annotations/0/segmentation/0:")
                .contains("ERROR /annotations/0/image_id:");
    }

    @Test
    void validateOfMissingFileFails() {
        assertThat(run("coco", "validate", folder.resolve("none.json").toString()))
                .isEqualTo(AnnotateCommand.EXIT_FAILURE);
        assertThat(err.toString()).contains("none.json");
    }
}
