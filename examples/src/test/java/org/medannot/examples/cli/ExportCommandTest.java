package org.medannot.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.coco.convert.CocoImport;
import org.medannot.coco.cvat.CvatImport;
import org.medannot.coco.json.CocoReader;
import org.medannot.coco.json.CocoValidator;
import org.medannot.coco.labelstudio.LabelStudioImport;
import org.medannot.coco.model.CocoDataset;
import org.medannot.core.annotation.Annotation;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.annotation.Category;
import org.medannot.core.annotation.Provenance;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.testing.SharedData;
import org.medannot.dicom.nifti.NiftiReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code annotate export} on the CT series' real label map: each format is read back and must give
 * every label's mask exactly; the reference is the label map as the NIfTI reader returns it.
 */
class ExportCommandTest extends CommandTestSupport {

    private static final Provenance PERSON = Provenance.person("reviewer", Instant.parse("2026-01-02T00:00:00Z"),
            "scan");
    private static final String LABELS = "dicom/series/ct-abdomen-siemens-20sl/labels/example_seg_dicom.nii.gz";
    private static final String IMAGES = "dicom/series/ct-abdomen-siemens-20sl/dcm2niix/ct_abdomen_20sl.nii.gz";

    @TempDir
    Path folder;

    private static List<Category> categories(LabelMap labels) {
        List<Category> categories = new ArrayList<>();
        for (int label : labels.labels()) {
            if (label != 0) {
                categories.add(new Category(label, "label " + label));
            }
        }
        return categories;
    }

    private static void checkMasks(AnnotationSet set, LabelMap labels) {
        List<Category> categories = categories(labels);
        assertThat(set.annotations()).hasSameSizeAs(categories);
        for (Annotation annotation : set.annotations()) {
            int label = annotation.category().id();
            assertThat(annotation.id()).isEqualTo("label-" + label);
            assertThat(annotation.shape()).as("mask of label %d", label).isEqualTo(labels.mask(label));
        }
    }

    @Test
    void cocoExportDecodesToLabelMap() throws Exception {
        Path labelFile = SharedData.require(LABELS);
        Path images = SharedData.require(IMAGES);
        LabelMap labels = new NiftiReader().readLabelMap(labelFile);
        Path target = folder.resolve("out.coco.json");

        assertThat(run("export", labelFile.toString(), "--images", images.toString(), "--format", "coco",
                "--out", target.toString())).as(err.toString()).isEqualTo(AnnotateCommand.EXIT_OK);
        assertThat(CocoValidator.validate(target)).isEmpty();
        CocoDataset dataset = CocoReader.read(target);
        assertThat(dataset.images()).hasSize(labels.geometry().slices());
        checkMasks(CocoImport.toAnnotationSet(dataset, labels.geometry(), "s", 2, OptionalInt.of(1), PERSON), labels);
    }

    @Test
    void labelStudioExportReadsBack() throws Exception {
        Path labelFile = SharedData.require(LABELS);
        LabelMap labels = new NiftiReader().readLabelMap(labelFile);
        Path target = folder.resolve("tasks.json");

        assertThat(run("export", labelFile.toString(), "--format", "label-studio", "--out", target.toString()))
                .as(err.toString()).isEqualTo(AnnotateCommand.EXIT_OK);
        // Accept every prediction, as a reviewer in Label Studio would, then read the export back.
        ObjectMapper mapper = new ObjectMapper();
        JsonNode tasks = mapper.readTree(target.toFile());
        for (JsonNode task : tasks) {
            if (task.has("predictions")) {
                var annotation = ((com.fasterxml.jackson.databind.node.ObjectNode) task).putArray("annotations")
                        .addObject();
                annotation.set("result", task.get("predictions").get(0).get("result"));
            }
        }
        mapper.writeValue(target.toFile(), tasks);
        checkMasks(LabelStudioImport.read(target, labels.geometry(), "s", 2, OptionalInt.of(1), PERSON,
                categories(labels)), labels);
    }

    @Test
    void cvatExportReadsBack() throws Exception {
        Path labelFile = SharedData.require(LABELS);
        LabelMap labels = new NiftiReader().readLabelMap(labelFile);
        Path target = folder.resolve("annotations.xml");

        assertThat(run("export", labelFile.toString(), "--format", "cvat", "--out", target.toString()))
                .as(err.toString()).isEqualTo(AnnotateCommand.EXIT_OK);
        checkMasks(CvatImport.read(target, labels.geometry(), "s", 2, OptionalInt.of(1), PERSON, categories(labels)),
                labels);
    }

    @Test
    void unknownFormatIsUsageError() throws IOException {
        assertThat(run("export", "labels.nii.gz", "--format", "yolo", "--out", folder.resolve("x").toString()))
                .isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("yolo");
    }

    @Test
    void missingLabelMapFails() {
        assertThat(run("export", folder.toString(), "--format", "coco", "--out", folder.resolve("x.json").toString()))
                .isEqualTo(AnnotateCommand.EXIT_FAILURE);
        assertThat(err.toString()).contains("labels.nii.gz").contains("not found");
    }
}
