package org.medannot.examples.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.annotation.Annotation;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.annotation.Category;
import org.medannot.core.annotation.Provenance;
import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.geometry.Polygon;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.core.volume.ShortVolume;
import org.medannot.dicom.nifti.NiftiReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Exports a fixed round. The nnU-Net export of the same round is also written to
 * target/training-export-sample, which tools/reference/nnunet_export.py read with nibabel to
 * produce the reference values in src/test/resources/reference/nnunet_export_nibabel.json.
 */
class TrainingExportTest {

    static final Geometry GRID = Geometry.of(20, 16, 4, new double[] {0.75, 0.8, 2.5},
            new double[] {-100.5, -80.25, 30.0}, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});

    @TempDir
    Path directory;

    static AnnotationSet fixture() {
        Provenance person = Provenance.person("dr-a", Instant.parse("2026-01-06T09:30:00Z"), "series-1");
        Mask liver = new Mask(GRID);
        for (int k = 1; k < 3; k++) {
            for (int j = 3; j < 12; j++) {
                for (int i = 2; i < 14; i++) {
                    if ((i - 8) * (i - 8) + (j - 7) * (j - 7) <= 20) {
                        liver.set(i, j, k, true);
                    }
                }
            }
        }
        return new AnnotationSet("scan 1", 2, java.util.OptionalInt.of(1), List.of(
                new Annotation("a1", new Category(5, "liver"), liver, 1.0, person),
                new Annotation("a2", new Category(2, "lesion"), new BoundingBox(6, 5, 1, 9, 8, 2), 1.0, person),
                new Annotation("a3", new Category(2, "lesion"), Polygon.of(14, 2, 19, 2, 19, 6), 1.0, person)));
    }

    static ShortVolume image() {
        short[] values = new short[GRID.voxelCount()];
        for (int n = 0; n < values.length; n++) {
            values[n] = (short) (n % 700 - 300);
        }
        return ShortVolume.signed(GRID, values);
    }

    @Test
    void nnunetLayoutAndLabels() throws IOException {
        Path out = directory.resolve("Dataset001_Review");
        Path sample = Path.of("target", "training-export-sample");
        deleteTree(sample);

        List<String> files = TrainingExport.write(fixture(), image(), TrainingExport.Format.NNUNET, "CT", out);
        TrainingExport.write(fixture(), image(), TrainingExport.Format.NNUNET, "CT", sample);

        assertThat(files).containsExactly("dataset.json", "imagesTr/scan-1-round2_0000.nii.gz", "labelsTr/scan-1-round2.nii.gz");
        JsonNode dataset = new ObjectMapper().readTree(out.resolve("dataset.json").toFile());
        assertThat(dataset.get("channel_names").get("0").asText()).isEqualTo("CT");
        assertThat(dataset.get("labels").toString()).isEqualTo("{\"background\":0,\"lesion\":1,\"liver\":2}");
        assertThat(dataset.get("numTraining").asInt()).isEqualTo(1);
        assertThat(dataset.get("file_ending").asText()).isEqualTo(".nii.gz");

        LabelMap labels = new NiftiReader().readLabelMap(out.resolve("labelsTr/scan-1-round2.nii.gz"));
        assertThat(labelCounts(labels)).isEqualTo(expectedCounts());
    }

    @Test
    void nnunetExportMatchesNibabel() throws IOException {
        JsonNode reference;
        try (InputStream in = getClass().getResourceAsStream("/reference/nnunet_export_nibabel.json")) {
            assertThat(in).as("reference values; run tools/reference/nnunet_export.py").isNotNull();
            reference = new ObjectMapper().readTree(in);
        }

        assertThat(reference.get("label_shape").toString()).isEqualTo("[20,16,4]");
        assertThat(reference.get("image_shape").toString()).isEqualTo("[20,16,4]");
        double[] affine = GRID.toNiftiAffine();
        for (int n = 0; n < 12; n++) {
            assertThat(reference.get("label_affine").get(n / 4).get(n % 4).asDouble()).as("label affine %d", n)
                    .isCloseTo(affine[n], org.assertj.core.data.Offset.offset(1e-4));
            assertThat(reference.get("image_affine").get(n / 4).get(n % 4).asDouble()).as("image affine %d", n)
                    .isCloseTo(affine[n], org.assertj.core.data.Offset.offset(1e-4));
        }
        Map<Integer, Long> counts = new TreeMap<>();
        reference.get("label_counts").fields().forEachRemaining(e -> counts.put(Integer.valueOf(e.getKey()), e.getValue().asLong()));
        assertThat(counts).isEqualTo(expectedCounts());
        assertThat(reference.get("image_sum").asLong()).isEqualTo(imageSum());
        assertThat(reference.get("dataset_labels").toString()).isEqualTo("{\"background\":0,\"lesion\":1,\"liver\":2}");
    }

    @Test
    void monaiDatalist() throws IOException {
        Path out = directory.resolve("monai");

        TrainingExport.write(fixture(), image(), TrainingExport.Format.MONAI, "CT", out);

        JsonNode datalist = new ObjectMapper().readTree(out.resolve("datalist.json").toFile());
        assertThat(datalist.get("training").get(0).get("image").asText()).isEqualTo("imagesTr/scan-1-round2_0000.nii.gz");
        assertThat(datalist.get("training").get(0).get("label").asText()).isEqualTo("labelsTr/scan-1-round2.nii.gz");
        assertThat(out.resolve("labelsTr/scan-1-round2.nii.gz")).isRegularFile();
    }

    @Test
    void cocoExportWritesInstancesFile() throws IOException {
        Path out = directory.resolve("coco");

        List<String> files = TrainingExport.write(fixture(), image(), TrainingExport.Format.COCO, "CT", out);

        assertThat(files).hasSize(1);
        JsonNode coco = new ObjectMapper().readTree(out.resolve(files.get(0)).toFile());
        assertThat(coco.get("annotations").size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void existingOutputRejected() throws IOException {
        Path out = Files.createDirectory(directory.resolve("exists"));

        assertThatThrownBy(() -> TrainingExport.write(fixture(), image(), TrainingExport.Format.NNUNET, "CT", out))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("already exists");
    }

    /**
     * Counts label values by painting the fixture voxel by voxel: lesion = 1, liver = 2, later
     * annotations over earlier ones; the polygon's pixels are those whose centre lies inside.
     */
    private static Map<Integer, Long> expectedCounts() {
        AnnotationSet round = fixture();
        int[] painted = new int[GRID.voxelCount()];
        int[] labelOf = {2, 1, 1};
        for (int a = 0; a < 3; a++) {
            Annotation annotation = round.annotations().get(a);
            for (int k = 0; k < GRID.slices(); k++) {
                for (int j = 0; j < GRID.rows(); j++) {
                    for (int i = 0; i < GRID.columns(); i++) {
                        boolean inside;
                        if (annotation.shape() instanceof Mask mask) {
                            inside = mask.get(i, j, k);
                        } else if (annotation.shape() instanceof BoundingBox box) {
                            inside = box.contains(i, j, k);
                        } else {
                            Polygon polygon = (Polygon) annotation.shape();
                            inside = k == polygon.slice() && polygon.contains(i + 0.5, j + 0.5);
                        }
                        if (inside) {
                            painted[i + GRID.columns() * (j + GRID.rows() * k)] = labelOf[a];
                        }
                    }
                }
            }
        }
        Map<Integer, Long> counts = new TreeMap<>();
        for (int value : painted) {
            counts.merge(value, 1L, Long::sum);
        }
        return counts;
    }

    private static long imageSum() {
        long sum = 0;
        for (int n = 0; n < GRID.voxelCount(); n++) {
            sum += n % 700 - 300;
        }
        return sum;
    }

    private static Map<Integer, Long> labelCounts(LabelMap labels) {
        Map<Integer, Long> counts = new TreeMap<>();
        for (int n = 0; n < labels.geometry().voxelCount(); n++) {
            counts.merge(labels.get(n), 1L, Long::sum);
        }
        return counts;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
