package org.medannot.coco.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.medannot.core.testing.Seeds;
import org.medannot.core.testing.SharedData;

/**
 * Validator checks on small documents written here, each breaking one rule of the COCO format
 * (as pycocotools' loaders and COCOeval read it), and on the pycocotools evaluation fixtures.
 */
class CocoValidatorTest {

    /** A valid dataset: one 4x4 image, one category, a polygon annotation and a crowd RLE. */
    static final String VALID = """
            {"info": {"description": "test"},
             "licenses": [{"id": 1, "name": "CC0"}],
             "images": [{"id": 1, "file_name": "a.png", "width": 4, "height": 4, "license": 1}],
             "categories": [{"id": 1, "name": "lesion"}],
             "annotations": [
               {"id": 1, "image_id": 1, "category_id": 1, "segmentation": [[0, 0, 0, 2, 2, 2, 2, 0]],
                "area": 4, "bbox": [0, 0, 2, 2], "iscrowd": 0},
               {"id": 2, "image_id": 1, "category_id": 1, "segmentation": {"size": [4, 4], "counts": [5, 2, 9]},
                "area": 2, "bbox": [1, 1, 1, 2], "iscrowd": 1}
             ]}
            """;

    private static List<CocoProblem> validate(String json) throws IOException {
        return CocoValidator.validate(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<CocoProblem> errors(String json) throws IOException {
        return validate(json).stream().filter(p -> p.severity() == CocoProblem.Severity.ERROR).toList();
    }

    @Test
    void validDatasetHasNoProblems() throws IOException {
        assertThat(validate(VALID)).isEmpty();
    }

    @Test
    void truncatedJsonIsSyntaxError() throws IOException {
        List<CocoProblem> errors = errors(VALID.substring(0, VALID.indexOf("\"annotations\"") + 20));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).message()).startsWith("invalid JSON at line");
        assertThat(errors.get(0).pointer()).startsWith("/annotations");
    }

    @Test
    void wrongTypeNamesPointer() throws IOException {
        List<CocoProblem> errors = errors(VALID.replace("\"width\": 4", "\"width\": \"4\""));
        assertThat(errors).extracting(CocoProblem::pointer).contains("/images/0/width");
        assertThat(errors.get(0).message()).contains("expected an integer").contains("\"4\"");
    }

    @Test
    void fractionalIdIsRejected() throws IOException {
        assertThat(errors(VALID.replace("{\"id\": 1, \"name\": \"lesion\"}", "{\"id\": 1.5, \"name\": \"lesion\"}")))
                .extracting(CocoProblem::pointer).contains("/categories/0/id");
    }

    @Test
    void countsThatDoNotSumAreRejected() throws IOException {
        List<CocoProblem> errors = errors(VALID.replace("[5, 2, 9]", "[5, 2, 8]"));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).pointer()).isEqualTo("/annotations/1/segmentation/counts");
        assertThat(errors.get(0).message()).contains("add up to 15").contains("16 pixels");
    }

    @Test
    void hugeDeclaredSizeIsRejected() throws IOException {
        // The image and the RLE declare 100000 x 100000 pixels (10 GB at one byte per pixel).
        String json = VALID.replace("\"width\": 4, \"height\": 4", "\"width\": 100000, \"height\": 100000")
                .replace("{\"size\": [4, 4], \"counts\": [5, 2, 9]}",
                        "{\"size\": [100000, 100000], \"counts\": \"0\"}");
        List<CocoProblem> errors = errors(json);
        assertThat(errors).extracting(CocoProblem::pointer).containsExactly("/annotations/1/segmentation/size");
        assertThat(errors.get(0).message()).contains("10000000000 pixels");
    }

    @Test
    void rleSizeMustMatchImage() throws IOException {
        List<CocoProblem> errors = errors(VALID.replace("{\"size\": [4, 4], \"counts\": [5, 2, 9]}",
                "{\"size\": [2, 8], \"counts\": [5, 2, 9]}"));
        assertThat(errors).extracting(CocoProblem::pointer).containsExactly("/annotations/1/segmentation/size");
        assertThat(errors.get(0).message()).contains("[2, 8]").contains("[4, 4]");
    }

    @Test
    void sizeIsHeightThenWidth() throws IOException {
        // A 2-row, 8-column image: an RLE written as [width, height] does not match it.
        String json = VALID.replace("\"width\": 4, \"height\": 4", "\"width\": 8, \"height\": 2")
                .replace("[[0, 0, 0, 2, 2, 2, 2, 0]]", "[[0, 0, 0, 1, 2, 1, 2, 0]]")
                .replace("{\"size\": [4, 4], \"counts\": [5, 2, 9]}", "{\"size\": [8, 2], \"counts\": [5, 2, 9]}");
        assertThat(errors(json)).extracting(CocoProblem::pointer).containsExactly("/annotations/1/segmentation/size");
    }

    @Test
    void shortPolygonIsRejected() throws IOException {
        List<CocoProblem> errors = errors(VALID.replace("[[0, 0, 0, 2, 2, 2, 2, 0]]", "[[0, 0, 0, 2]]"));
        assertThat(errors).extracting(CocoProblem::pointer).containsExactly("/annotations/0/segmentation/0");
        assertThat(errors.get(0).message()).contains("at least 6").contains("found 4");
    }

    @Test
    void farPolygonCoordinateIsRejected() throws IOException {
        assertThat(errors(VALID.replace("[[0, 0, 0, 2, 2, 2, 2, 0]]", "[[0, 0, 0, 2, 2, 2, 1e300, 0]]")))
                .extracting(CocoProblem::pointer).containsExactly("/annotations/0/segmentation/0/6");
    }

    @Test
    void oddPolygonIsRejected() throws IOException {
        assertThat(errors(VALID.replace("[[0, 0, 0, 2, 2, 2, 2, 0]]", "[[0, 0, 0, 2, 2, 2, 2]]")))
                .extracting(CocoProblem::pointer).containsExactly("/annotations/0/segmentation/0");
    }

    @Test
    void negativeBoxWidthIsRejected() throws IOException {
        assertThat(errors(VALID.replace("\"bbox\": [0, 0, 2, 2]", "\"bbox\": [0, 0, -2, 2]")))
                .extracting(CocoProblem::pointer).containsExactly("/annotations/0/bbox");
    }

    @Test
    void iscrowdMustBeZeroOrOne() throws IOException {
        assertThat(errors(VALID.replace("\"iscrowd\": 0", "\"iscrowd\": 2")))
                .extracting(CocoProblem::pointer).containsExactly("/annotations/0/iscrowd");
        assertThat(errors(VALID.replace("\"iscrowd\": 0", "\"iscrowd\": true")))
                .extracting(CocoProblem::pointer).containsExactly("/annotations/0/iscrowd");
    }

    @Test
    void crowdPolygonIsRejected() throws IOException {
        assertThat(errors(VALID.replace("\"iscrowd\": 0", "\"iscrowd\": 1")))
                .extracting(CocoProblem::pointer).containsExactly("/annotations/0/segmentation");
    }

    @Test
    void duplicateIdsAreRejected() throws IOException {
        List<CocoProblem> errors = errors(VALID.replace("{\"id\": 2, \"image_id\"", "{\"id\": 1, \"image_id\""));
        assertThat(errors).extracting(CocoProblem::pointer).containsExactly("/annotations/1/id");
        assertThat(errors.get(0).message()).contains("/annotations/0");
    }

    @Test
    void unresolvedReferencesAreRejected() throws IOException {
        String json = VALID.replace("{\"id\": 1, \"image_id\": 1, \"category_id\": 1",
                "{\"id\": 1, \"image_id\": 7, \"category_id\": 9");
        assertThat(errors(json)).extracting(CocoProblem::pointer)
                .containsExactly("/annotations/0/image_id", "/annotations/0/category_id");
    }

    @Test
    void missingListsAreRejected() throws IOException {
        assertThat(errors("{\"images\": []}")).extracting(CocoProblem::message)
                .anyMatch(m -> m.contains("\"annotations\"")).anyMatch(m -> m.contains("\"categories\""));
    }

    @Test
    void annotationIdZeroIsWarning() throws IOException {
        List<CocoProblem> problems = validate(VALID.replace("{\"id\": 1, \"image_id\"", "{\"id\": 0, \"image_id\""));
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).severity()).isEqualTo(CocoProblem.Severity.WARNING);
        assertThat(problems.get(0).pointer()).isEqualTo("/annotations/0/id");
    }

    @Test
    void badCompressedCountsAreRejected() throws IOException {
        List<CocoProblem> errors = errors(VALID.replace("[5, 2, 9]", "\"5 2\""));
        assertThat(errors).extracting(CocoProblem::pointer).containsExactly("/annotations/1/segmentation/counts");
    }

    @Test
    void documentOfWrongKindIsRejected() throws IOException {
        assertThat(errors("")).hasSize(1);
        assertThat(errors("42")).hasSize(1);
        assertThat(errors("{\"images\": [], \"annotations\": [], \"categories\": []} []")).hasSize(1);
    }

    @Test
    void resultsListIsValidated() throws IOException {
        String results = "[{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 2, 2], \"score\": 0.5},"
                + " {\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 2, 2]}]";
        assertThat(errors(results)).extracting(CocoProblem::pointer).containsExactly("/1");
    }

    @Test
    void pycocotoolsEvaluationFilesAreValid() throws IOException {
        for (String name : List.of("cocoeval_gt.json", "cocoeval_results_bbox.json", "cocoeval_results_segm.json")) {
            Path file = SharedData.require("coco-golden/" + name);
            assertThat(errors(Files.readString(file))).as(name).isEmpty();
        }
    }

    static LongStream seeds() {
        return Seeds.seeds(40);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void damagedDocumentsGiveProblemsNotExceptions(long seed) throws IOException {
        Random random = Seeds.random(seed);
        byte[] bytes = VALID.getBytes(StandardCharsets.UTF_8);
        byte[] damaged = java.util.Arrays.copyOf(bytes, 1 + random.nextInt(bytes.length));
        int flips = random.nextInt(4);
        for (int i = 0; i < flips; i++) {
            damaged[random.nextInt(damaged.length)] = (byte) (32 + random.nextInt(95));
        }
        // Any damage must come back as a list; an exception fails the test.
        List<CocoProblem> problems = CocoValidator.validate(new ByteArrayInputStream(damaged));
        if (damaged.length < bytes.length - 2) {
            assertThat(problems).as("truncated document").isNotEmpty();
        }
    }
}
