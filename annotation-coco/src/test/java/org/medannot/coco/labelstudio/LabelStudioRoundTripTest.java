package org.medannot.coco.labelstudio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.medannot.coco.CocoFormatException;
import org.medannot.coco.testing.LabelVolumes;
import org.medannot.core.annotation.Annotation;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.annotation.Category;
import org.medannot.core.annotation.Provenance;
import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.core.testing.Seeds;

/**
 * Label Studio brush encoding against byte sequences built bit by bit from the rle-pack format by
 * tools/reference/labelstudio_brush_bytes.py, and round trips Mask -> Label Studio -> Mask. Label Studio's review is simulated by copying each
 * task's predictions into its annotations, as accepting them in the editor does.
 */
class LabelStudioRoundTripTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Provenance MODEL = Provenance.model("test-model", "1", Instant.parse("2026-01-01T00:00:00Z"),
            "scan");
    private static final Provenance PERSON = Provenance.person("reviewer", Instant.parse("2026-01-02T00:00:00Z"),
            "scan");

    @TempDir
    Path folder;

    @Test
    void brushEncodingOfOnePixel() throws CocoFormatException {
        // Header: 4 values, word size 8, field sizes 3, 4, 8, 16; one repeat chunk of 4 x 255; 5 padding bits.
        assertThat(BrushRle.encode(new boolean[] {true})).containsExactly(0, 0, 0, 4, 57, 27, 252, 127, 224);
        assertThat(BrushRle.encode(new boolean[] {true, false}))
                .containsExactly(0, 0, 0, 8, 57, 27, 252, 127, 241, 128, 0);
        assertThat(BrushRle.decode(new int[] {0, 0, 0, 8, 57, 27, 252, 127, 241, 128, 0}, 2, 1, "/rle"))
                .containsExactly(true, false);
    }

    @Test
    void brushLiteralChunkUsesAlpha() throws CocoFormatException {
        // One literal chunk of 4 values (R 10, G 20, B 30, A 200): alpha 200 is foreground.
        int[] data = {0, 0, 0, 4, 57, 27, 248, 97, 66, 131, 217, 0};
        assertThat(BrushRle.decode(data, 1, 1, "/rle")).containsExactly(true);
    }

    @Test
    void truncatedBrushIsRejected() {
        assertThatThrownBy(() -> BrushRle.decode(new int[] {0, 0, 0, 4, 57, 27}, 1, 1, "/rle"))
                .isInstanceOf(CocoFormatException.class).hasMessageContaining("truncated");
    }

    @Test
    void brushOfWrongSizeIsRejectedBeforeAllocation() {
        // Declares 2^31 - 1 values for a 1 x 1 image.
        assertThatThrownBy(() -> BrushRle.decode(new int[] {127, 255, 255, 255, 57, 27, 252, 127, 224}, 1, 1, "/rle"))
                .isInstanceOf(CocoFormatException.class).hasMessageContaining("declares 2147483647 values");
    }

    static LongStream seeds() {
        return Seeds.seeds(8);
    }

    /** Copies each task's predictions into its annotations, as a reviewer accepting them would. */
    private Path acceptAll(Path tasks) throws Exception {
        ArrayNode list = (ArrayNode) MAPPER.readTree(tasks.toFile());
        for (JsonNode task : list) {
            JsonNode predictions = task.get("predictions");
            if (predictions != null) {
                ObjectNode annotation = ((ObjectNode) task).putArray("annotations").addObject();
                annotation.put("was_cancelled", false);
                annotation.set("result", predictions.get(0).get("result"));
            }
        }
        Path exported = folder.resolve("export.json");
        MAPPER.writeValue(exported.toFile(), list);
        return exported;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void masksRoundTrip(long seed) throws Exception {
        Random random = Seeds.random(seed);
        Geometry geometry;
        List<Annotation> annotations = new ArrayList<>();
        List<Category> categories = new ArrayList<>();
        if (random.nextBoolean()) {
            List<Path> files = LabelVolumes.labelFiles();
            LabelMap labels = LabelVolumes.read(files.get(random.nextInt(2)));
            geometry = labels.geometry();
            for (int label : labels.labels()) {
                if (label != 0 && random.nextInt(4) == 0) {
                    Category category = new Category(label, "label " + label);
                    categories.add(category);
                    annotations.add(new Annotation("a" + label, category, labels.mask(label), 0.8, MODEL));
                }
            }
        } else {
            Mask mask = LabelVolumes.generated(random);
            geometry = mask.geometry();
            Category category = new Category(1, "lesion");
            categories.add(category);
            annotations.add(new Annotation("generated", category, mask, 0.6, MODEL));
            Category boxes = new Category(2, "box");
            categories.add(boxes);
            int x = random.nextInt(geometry.columns());
            int y = random.nextInt(geometry.rows());
            BoundingBox box = new BoundingBox(x, y, 0, x + 1 + random.nextInt(geometry.columns() - x),
                    y + 1 + random.nextInt(geometry.rows() - y), 1);
            annotations.add(new Annotation("box", boxes, box, 0.7, MODEL));
        }
        AnnotationSet set = AnnotationSet.firstRound("scan-" + seed, annotations);
        Path tasks = folder.resolve("tasks.json");
        LabelStudioExport.write(set, geometry, k -> "slice" + k + ".png", tasks);
        AnnotationSet again = LabelStudioImport.read(acceptAll(tasks), geometry, set.scanId(), 2, OptionalInt.of(1),
                PERSON, categories);

        List<Annotation> nonEmpty = annotations.stream()
                .filter(a -> !(a.shape() instanceof Mask m) || !m.isEmpty()).toList();
        assertThat(again.annotations()).hasSameSizeAs(nonEmpty);
        // Imported annotations come in the order of the slice where each first appears.
        java.util.Map<String, Annotation> byId = new java.util.HashMap<>();
        again.annotations().forEach(a -> byId.put(a.id(), a));
        for (Annotation expected : nonEmpty) {
            Annotation actual = byId.get(expected.id());
            assertThat(actual).as("annotation %s", expected.id()).isNotNull();
            assertThat(actual.category()).isEqualTo(expected.category());
            assertThat(actual.shape()).as("shape of %s", expected.id()).isEqualTo(expected.shape());
            assertThat(actual.provenance()).isEqualTo(PERSON);
        }
    }

    @Test
    void unknownLabelIsRejectedWithPointer() throws Exception {
        Geometry geometry = Geometry.of2D(4, 4);
        Mask mask = new Mask(geometry);
        mask.set(1, 1, 0, true);
        AnnotationSet set = AnnotationSet.firstRound("s", List.of(
                new Annotation("m", new Category(1, "lesion"), mask, 0.5, MODEL)));
        Path tasks = folder.resolve("tasks.json");
        LabelStudioExport.write(set, geometry, k -> "a.png", tasks);
        Path exported = acceptAll(tasks);
        assertThatThrownBy(() -> LabelStudioImport.read(exported, geometry, "s", 2, OptionalInt.of(1), PERSON,
                List.of(new Category(1, "organ"))))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageContaining("/0/annotations/0/result/0/value/brushlabels/0")
                .hasMessageContaining("lesion");
    }

    @Test
    void labelingConfigNamesTags() {
        String config = LabelStudioExport.labelingConfig(List.of(new Category(1, "a<b")));
        assertThat(config).contains("<BrushLabels name=\"mask\" toName=\"image\">")
                .contains("<Label value=\"a&lt;b\"/>");
        assertThat(Files.exists(folder)).isTrue();
    }
}
