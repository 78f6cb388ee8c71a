package org.medannot.coco.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.coco.CocoFormatException;
import org.medannot.coco.model.CocoAnnotation;
import org.medannot.coco.model.CocoCategory;
import org.medannot.coco.model.CocoDataset;
import org.medannot.coco.model.CocoImage;
import org.medannot.coco.model.CocoResult;
import org.medannot.coco.model.RleSegmentation;
import org.medannot.coco.rle.Rle;
import org.medannot.core.testing.SharedData;

/** Reading and writing whole datasets; counts are those documented for the evaluation fixtures. */
class CocoJsonRoundTripTest {

    @TempDir
    Path folder;

    @Test
    void evaluationGroundTruthReads() throws Exception {
        CocoDataset dataset = CocoReader.read(SharedData.require("coco-golden/cocoeval_gt.json"));
        assertThat(dataset.images()).hasSize(24);
        assertThat(dataset.categories()).extracting(CocoCategory::name).containsExactly("RBC", "WBC", "Platelets");
        assertThat(dataset.annotations()).hasSize(362);
        assertThat(dataset.annotations().stream().filter(CocoAnnotation::iscrowd)).hasSize(4);
        assertThat(dataset.annotations().stream().filter(a -> a.segmentation() instanceof RleSegmentation))
                .allMatch(a -> !((RleSegmentation) a.segmentation()).compressed());
    }

    @Test
    void datasetSurvivesWriteAndRead() throws Exception {
        CocoDataset dataset = CocoReader.read(SharedData.require("coco-golden/cocoeval_gt.json"));
        Path first = folder.resolve("first.json");
        CocoWriter.write(dataset, first);
        CocoDataset again = CocoReader.read(first);
        Path second = folder.resolve("second.json");
        CocoWriter.write(again, second);

        assertThat(Files.readString(second)).isEqualTo(Files.readString(first));
        assertThat(again.images()).isEqualTo(dataset.images());
        assertThat(again.categories()).isEqualTo(dataset.categories());
        for (int i = 0; i < dataset.annotations().size(); i++) {
            CocoAnnotation expected = dataset.annotations().get(i);
            CocoAnnotation actual = again.annotations().get(i);
            assertThat(actual.id()).isEqualTo(expected.id());
            assertThat(actual.area()).as("area of %d", expected.id()).isEqualTo(expected.area());
            assertThat(actual.bbox()).as("bbox of %d", expected.id()).containsExactly(expected.bbox());
            assertThat(actual.iscrowd()).isEqualTo(expected.iscrowd());
        }
        assertThat(CocoValidator.validate(first)).isEmpty();
    }

    @Test
    void resultsSurviveWriteAndRead() throws Exception {
        List<CocoResult> results = CocoReader.readResults(SharedData.require("coco-golden/cocoeval_results_segm.json"));
        assertThat(results).hasSize(438);
        Path file = folder.resolve("results.json");
        CocoWriter.writeResults(results, file);
        List<CocoResult> again = CocoReader.readResults(file);
        assertThat(again).hasSize(438);
        for (int i = 0; i < results.size(); i++) {
            assertThat(again.get(i).score()).isEqualTo(results.get(i).score());
            assertThat(((RleSegmentation) again.get(i).segmentation()).rle())
                    .isEqualTo(((RleSegmentation) results.get(i).segmentation()).rle());
        }
    }

    @Test
    void readerRejectsBadFileWithPointer() throws IOException {
        Path file = folder.resolve("bad.json");
        Files.writeString(file, CocoValidatorTest.VALID.replace("[5, 2, 9]", "[5, 2, 8]"), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CocoReader.read(file))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageContaining("bad.json")
                .hasMessageContaining("/annotations/1/segmentation/counts")
                .extracting(e -> ((CocoFormatException) e).pointer()).isEqualTo("/annotations/1/segmentation/counts");
    }

    @Test
    void writerRejectsAnnotationOfUnknownImage() throws Exception {
        Path file = folder.resolve("out.json");
        try (CocoWriter writer = CocoWriter.create(file)) {
            writer.begin(null, List.of(), List.of(new CocoCategory(1, "lesion", null)));
            writer.writeImage(CocoImage.of(1, "a.png", 4, 4));
            CocoAnnotation orphan = new CocoAnnotation(1, 2, 1, null, 4, new double[] {0, 0, 2, 2}, false, null, null);
            assertThatThrownBy(() -> writer.writeAnnotation(orphan))
                    .isInstanceOf(CocoFormatException.class).hasMessageContaining("image 2");
        }
        assertThat(file).doesNotExist();
        try (var listing = Files.list(folder)) {
            assertThat(listing).as("temporary files left").isEmpty();
        }
    }

    @Test
    void writerRejectsRleOfOtherSize() throws Exception {
        Path file = folder.resolve("out.json");
        try (CocoWriter writer = CocoWriter.create(file)) {
            writer.begin(null, List.of(), List.of(new CocoCategory(1, "lesion", null)));
            writer.writeImage(CocoImage.of(1, "a.png", 4, 3));
            Rle rle = Rle.encode(new byte[12], 4, 3);
            CocoAnnotation swapped = new CocoAnnotation(1, 1, 1, RleSegmentation.of(rle), 0, null, false, null, null);
            assertThatThrownBy(() -> writer.writeAnnotation(swapped))
                    .isInstanceOf(CocoFormatException.class).hasMessageContaining("[4, 3]").hasMessageContaining("[3, 4]");
        }
    }
}
