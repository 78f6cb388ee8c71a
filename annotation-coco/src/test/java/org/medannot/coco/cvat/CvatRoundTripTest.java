package org.medannot.coco.cvat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.LongStream;

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
import org.medannot.core.geometry.Polygon;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.core.testing.Seeds;

/**
 * CVAT for images 1.1 XML: the mask RLE against a case worked out by hand from the format (runs
 * over the tight box, row-major, starting with background), and round trips Mask -> CVAT -> Mask.
 */
class CvatRoundTripTest {

    private static final Provenance MODEL = Provenance.model("test-model", "1", Instant.parse("2026-01-01T00:00:00Z"),
            "scan");
    private static final Provenance PERSON = Provenance.person("reviewer", Instant.parse("2026-01-02T00:00:00Z"),
            "scan");

    @TempDir
    Path folder;

    @Test
    void maskRleOverTightBox() {
        // 4 x 3 image, foreground at (1, 0), (2, 0) and (2, 1): box left 1, top 0, 2 x 2, values 1 1 / 0 1.
        boolean[] pixels = new boolean[12];
        pixels[1] = true;
        pixels[2] = true;
        pixels[4 + 2] = true;
        CvatMaskRle rle = CvatMaskRle.encode(pixels, 4, 3);
        assertThat(rle.left()).isEqualTo(1);
        assertThat(rle.top()).isZero();
        assertThat(rle.width()).isEqualTo(2);
        assertThat(rle.height()).isEqualTo(2);
        assertThat(rle.runsText()).isEqualTo("0, 2, 1, 1");
    }

    @Test
    void maskRleThatDoesNotSumIsRejected() {
        assertThatThrownBy(() -> CvatMaskRle.parse("0, 2, 1", 1, 0, 2, 2, 4, 3, "test"))
                .isInstanceOf(CocoFormatException.class).hasMessageContaining("add up to 3");
        assertThatThrownBy(() -> CvatMaskRle.parse("0, 4", 3, 0, 2, 2, 4, 3, "test"))
                .isInstanceOf(CocoFormatException.class).hasMessageContaining("does not fit");
    }

    static LongStream seeds() {
        return Seeds.seeds(8);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shapesRoundTrip(long seed) throws Exception {
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
            int x = random.nextInt(geometry.columns());
            int y = random.nextInt(geometry.rows());
            annotations.add(new Annotation("box", category, new BoundingBox(x, y, 0,
                    x + 1 + random.nextInt(geometry.columns() - x), y + 1 + random.nextInt(geometry.rows() - y), 1),
                    0.7, MODEL));
            double[] ring = {random.nextDouble() * geometry.columns(), random.nextDouble() * geometry.rows(),
                    random.nextDouble() * geometry.columns(), random.nextDouble() * geometry.rows(),
                    random.nextDouble() * geometry.columns(), random.nextDouble() * geometry.rows()};
            annotations.add(new Annotation("outline", category, new Polygon(ring, List.of(), 0), 0.9, MODEL));
        }
        AnnotationSet set = AnnotationSet.firstRound("scan-" + seed, annotations);
        Path file = folder.resolve("annotations.xml");
        CvatExport.write(set, geometry, k -> "slice" + k + ".png", file);
        AnnotationSet again = CvatImport.read(file, geometry, set.scanId(), 2, OptionalInt.of(1), PERSON, categories);

        List<Annotation> nonEmpty = annotations.stream()
                .filter(a -> !(a.shape() instanceof Mask m) || !m.isEmpty()).toList();
        assertThat(again.annotations()).hasSameSizeAs(nonEmpty);
        // Imported annotations come in the order of the slice where each first appears.
        Map<String, Annotation> byId = new HashMap<>();
        again.annotations().forEach(a -> byId.put(a.id(), a));
        for (Annotation expected : nonEmpty) {
            Annotation actual = byId.get(expected.id());
            assertThat(actual).as("annotation %s", expected.id()).isNotNull();
            assertThat(actual.category()).isEqualTo(expected.category());
            assertThat(actual.shape()).as("shape of %s", expected.id()).isEqualTo(expected.shape());
        }
    }

    @Test
    void truncatedXmlIsRejected() throws Exception {
        Geometry geometry = Geometry.of2D(4, 3);
        Mask mask = new Mask(geometry);
        mask.set(1, 1, 0, true);
        AnnotationSet set = AnnotationSet.firstRound("s", List.of(
                new Annotation("m", new Category(1, "lesion"), mask, 0.5, MODEL)));
        Path file = folder.resolve("a.xml");
        CvatExport.write(set, geometry, k -> "a.png", file);
        String text = Files.readString(file);
        Files.writeString(file, text.substring(0, text.length() / 2));
        assertThatThrownBy(() -> CvatImport.read(file, geometry, "s", 2, OptionalInt.of(1), PERSON,
                List.of(new Category(1, "lesion"))))
                .isInstanceOf(CocoFormatException.class).hasMessageContaining("a.xml");
    }

    @Test
    void externalEntityIsNotRead() throws Exception {
        Path secret = folder.resolve("secret.txt");
        Files.writeString(secret, "lesion");
        Path file = folder.resolve("xxe.xml");
        Files.writeString(file, "<?xml version=\"1.0\"?>\n<!DOCTYPE annotations [<!ENTITY e SYSTEM \""
                + secret.toUri() + "\">]>\n<annotations><version>1.1</version>"
                + "<image id=\"0\" name=\"a.png\" width=\"4\" height=\"3\">"
                + "<box label=\"&e;\" xtl=\"0\" ytl=\"0\" xbr=\"1\" ybr=\"1\"/></image></annotations>");
        assertThatThrownBy(() -> CvatImport.read(file, Geometry.of2D(4, 3), "s", 1, OptionalInt.empty(), PERSON,
                List.of(new Category(1, "lesion"))))
                .isInstanceOf(CocoFormatException.class);
    }

    @Test
    void unsupportedShapeIsRejectedWithLine() throws Exception {
        Path file = folder.resolve("points.xml");
        Files.writeString(file, "<annotations><version>1.1</version>\n"
                + "<image id=\"0\" name=\"a.png\" width=\"4\" height=\"3\">\n"
                + "<points label=\"lesion\" points=\"1,1\"/></image></annotations>");
        assertThatThrownBy(() -> CvatImport.read(file, Geometry.of2D(4, 3), "s", 1, OptionalInt.empty(), PERSON,
                List.of(new Category(1, "lesion"))))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("<points> is not supported");
    }
}
