package org.medannot.coco.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.medannot.coco.CocoFormatException;
import org.medannot.coco.json.CocoReader;
import org.medannot.coco.json.CocoValidator;
import org.medannot.coco.model.CocoAnnotation;
import org.medannot.coco.model.CocoDataset;
import org.medannot.coco.model.CocoImage;
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
import org.medannot.core.spi.AnnotationWriter;
import org.medannot.core.spi.Scan;
import org.medannot.core.testing.Seeds;
import org.medannot.core.volume.UByteVolume;

/** Annotation sets through COCO files and back; the reference is the input set itself. */
class CocoExportImportTest {

    private static final Provenance MODEL = Provenance.model("test-model", "1", Instant.parse("2026-01-01T00:00:00Z"),
            "scan-1");
    private static final Provenance PERSON = Provenance.person("reviewer-1", Instant.parse("2026-01-02T00:00:00Z"),
            "scan-1");

    @TempDir
    Path folder;

    static LongStream seeds() {
        return Seeds.seeds(6);
    }

    private AnnotationSet throughFile(AnnotationSet set, Geometry geometry) throws Exception {
        Scan scan = Scan.of(set.scanId(), UByteVolume.zeros(geometry));
        List<Path> files = new CocoAnnotationWriter().write(set, scan, folder);
        assertThat(files).hasSize(1);
        assertThat(CocoValidator.validate(files.get(0))).as("problems of the written file").isEmpty();
        CocoDataset dataset = CocoReader.read(files.get(0));
        assertThat(dataset.annotations()).as("no crowd entries").noneMatch(CocoAnnotation::iscrowd);
        return CocoImport.toAnnotationSet(dataset, geometry, set.scanId(), 2, OptionalInt.of(1), PERSON);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void realLabelVolumeRoundTrips(long seed) throws Exception {
        Random random = Seeds.random(seed);
        List<Path> files = LabelVolumes.labelFiles();
        LabelMap labels = LabelVolumes.read(files.get(random.nextInt(Math.min(3, files.size()))));
        Geometry geometry = labels.geometry();
        List<Annotation> annotations = new ArrayList<>();
        for (int label : labels.labels()) {
            if (label != 0 && random.nextInt(3) == 0) {
                annotations.add(new Annotation("label-" + label, new Category(label, "label " + label),
                        labels.mask(label), 0.5 + random.nextInt(50) / 100.0, MODEL));
            }
        }
        AnnotationSet set = AnnotationSet.firstRound("scan-" + seed, annotations);
        AnnotationSet again = throughFile(set, geometry);

        assertThat(again.round()).isEqualTo(2);
        assertThat(again.annotations()).hasSameSizeAs(annotations);
        for (int n = 0; n < annotations.size(); n++) {
            Annotation expected = annotations.get(n);
            Annotation actual = again.annotations().get(n);
            assertThat(actual.id()).isEqualTo(expected.id());
            assertThat(actual.category()).isEqualTo(expected.category());
            assertThat(actual.score()).as("score of %s", expected.id()).isEqualTo(expected.score());
            assertThat(actual.shape()).as("mask of %s", expected.id()).isEqualTo(expected.shape());
        }
    }

    @Test
    void boxesAndPolygonsRoundTrip() throws Exception {
        Geometry geometry = Geometry.of(20, 10, 4, new double[] {0.7, 0.7, 2.5}, new double[] {0, 0, 0},
                Geometry.identityDirection());
        Polygon polygon = new Polygon(new double[] {2, 2, 12, 2, 12, 8, 2, 8}, List.of(new double[] {4, 4, 6, 4, 6, 6, 4, 6}), 3);
        AnnotationSet set = AnnotationSet.firstRound("scan-b", List.of(
                new Annotation("box", new Category(1, "nodule"), new BoundingBox(3, 2, 1, 9, 7, 3), 1, PERSON),
                new Annotation("outline", new Category(2, "organ"), polygon, 1, PERSON)));

        AnnotationSet again = throughFile(set, geometry);
        assertThat(again.annotations().get(0).shape()).isEqualTo(new BoundingBox(3, 2, 1, 9, 7, 3));
        Mask outline = (Mask) again.annotations().get(1).shape();
        assertThat(outline.count()).isEqualTo((long) polygon.area());
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 20; x++) {
                assertThat(outline.get(x, y, 3)).as("pixel (%d, %d)", x, y).isEqualTo(polygon.contains(x + 0.5, y + 0.5));
            }
        }
    }

    @Test
    void exportRecordsSliceSourceAndModelScore() {
        Geometry geometry = Geometry.of(4, 3, 2, new double[] {1, 1, 1}, new double[] {0, 0, 0},
                Geometry.identityDirection());
        Mask mask = new Mask(geometry);
        mask.set(1, 1, 1, true);
        AnnotationSet set = AnnotationSet.firstRound("scan-s", List.of(
                new Annotation("a", new Category(5, "lesion"), mask, 0.75, MODEL)));
        CocoDataset dataset = CocoExport.toDataset(set, geometry, k -> "slice" + k + ".dcm", k -> "1.2.3." + k);

        assertThat(dataset.images()).extracting(CocoImage::fileName).containsExactly("slice0.dcm", "slice1.dcm");
        assertThat(dataset.images().get(1).source().sopInstanceUid()).isEqualTo("1.2.3.1");
        assertThat(dataset.annotations()).hasSize(1);
        CocoAnnotation entry = dataset.annotations().get(0);
        assertThat(entry.imageId()).isEqualTo(2);
        assertThat(entry.area()).isEqualTo(1);
        assertThat(entry.bbox()).containsExactly(1, 1, 1, 1);
        assertThat(entry.score()).isEqualTo(0.75);
        assertThat(entry.iscrowd()).isFalse();
    }

    @Test
    void resultsCarryScoresAndBoxes() {
        Geometry geometry = Geometry.of(4, 3, 2, new double[] {1, 1, 1}, new double[] {0, 0, 0},
                Geometry.identityDirection());
        Mask mask = new Mask(geometry);
        mask.set(1, 1, 0, true);
        mask.set(2, 1, 0, true);
        AnnotationSet set = AnnotationSet.firstRound("scan-r", List.of(
                new Annotation("a", new Category(5, "lesion"), mask, 0.25, MODEL)));
        List<org.medannot.coco.model.CocoResult> results = CocoExport.toResults(set, geometry);
        assertThat(results).hasSize(1);
        assertThat(results.get(0).imageId()).isEqualTo(1);
        assertThat(results.get(0).categoryId()).isEqualTo(5);
        assertThat(results.get(0).score()).isEqualTo(0.25);
        assertThat(results.get(0).bbox()).containsExactly(1, 1, 2, 1);
    }

    @Test
    void importWithoutSliceSourceNeedsOneSlice() {
        Geometry geometry = Geometry.of(4, 3, 2, new double[] {1, 1, 1}, new double[] {0, 0, 0},
                Geometry.identityDirection());
        CocoDataset dataset = new CocoDataset(null, List.of(), List.of(CocoImage.of(1, "a.png", 4, 3)), List.of(),
                List.of());
        assertThatThrownBy(() -> CocoImport.toAnnotationSet(dataset, geometry, "s", 1, OptionalInt.empty(), PERSON))
                .isInstanceOf(CocoFormatException.class).hasMessageContaining("slice_index");
    }

    @Test
    void writerIsFoundByServiceLoader() {
        assertThat(ServiceLoader.load(AnnotationWriter.class).stream().map(p -> p.get().format()))
                .contains("coco");
    }
}
