package org.medannot.examples.review;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.medannot.coco.convert.CocoAnnotationWriter;
import org.medannot.core.annotation.Annotation;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.annotation.Category;
import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.geometry.Polygon;
import org.medannot.core.geometry.Shape;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.core.spi.Scan;
import org.medannot.core.volume.Volume;
import org.medannot.dicom.nifti.NiftiWriter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Exports a reviewed round with its image as a training set, so corrected labels go straight into
 * fine-tuning. Formats:
 * <ul>
 *   <li>{@code nnunet}: the nnU-Net v2 raw dataset layout, {@code imagesTr/CASE_0000.nii.gz},
 *       {@code labelsTr/CASE.nii.gz} and {@code dataset.json} with {@code channel_names},
 *       {@code labels}, {@code numTraining} and {@code file_ending};</li>
 *   <li>{@code monai}: the same two NIfTI files and {@code datalist.json} of the form
 *       {@code {"training": [{"image": ..., "label": ...}], "labels": {...}}} that MONAI's
 *       {@code load_decathlon_datalist} reads;</li>
 *   <li>{@code coco}: a COCO instances file, one COCO image per slice.</li>
 * </ul>
 * Label values are consecutive: categories sorted by id become labels 1, 2, ... (nnU-Net requires
 * consecutive labels), and the label names are the category names. Masks, boxes and polygons
 * (pixel centres inside) are painted in the round's order, so a later annotation wins where two
 * overlap. The output folder must not exist; it is written as a temporary folder and renamed.
 *
 * <p>NOTE: one export contains one case. Merging several scans into one nnU-Net dataset is not done
 * here.
 */
public final class TrainingExport {

    /** Output formats. */
    public enum Format {
        NNUNET, MONAI, COCO
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TrainingExport() {
    }

    /**
     * Writes the export.
     *
     * @param round       the reviewed round
     * @param image       the scan the round annotates; its grid must match every mask's grid
     * @param channelName nnU-Net channel name, such as "CT" (which selects nnU-Net's CT normalization)
     * @param out         folder to create
     * @return the files written, relative to {@code out}
     */
    public static List<String> write(AnnotationSet round, Volume image, Format format, String channelName, Path out)
            throws IOException {
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new IOException(target + " already exists; choose a new folder for the export");
        }
        Geometry grid = image.geometry();
        for (Annotation annotation : round.annotations()) {
            if (annotation.shape() instanceof Mask mask && !mask.geometry().sameGrid(grid, 1e-3)) {
                throw new IOException("annotation " + annotation.id() + " of scan " + round.scanId()
                        + " is a mask on another grid than the image; export needs the image the round annotates");
            }
        }

        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".");
        try {
            List<String> files = switch (format) {
                case NNUNET, MONAI -> writeNifti(round, image, format, channelName, temporary);
                case COCO -> writeCoco(round, image, temporary);
            };
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target);
            }
            return files;
        } finally {
            deleteTree(temporary);
        }
    }

    /** Returns the label value of each category: categories sorted by id, numbered from 1. */
    public static Map<Category, Integer> labelValues(AnnotationSet round) {
        TreeMap<Integer, Category> byId = new TreeMap<>();
        for (Annotation annotation : round.annotations()) {
            byId.putIfAbsent(annotation.category().id(), annotation.category());
        }
        Map<Category, Integer> values = new LinkedHashMap<>();
        for (Category category : byId.values()) {
            values.put(category, values.size() + 1);
        }
        return values;
    }

    /** Paints every annotation of the round into a label map on {@code grid}, as described on the class. */
    public static LabelMap labelMap(AnnotationSet round, Geometry grid) {
        Map<Category, Integer> values = labelValues(round);
        LabelMap labels = LabelMap.of(grid);
        for (Annotation annotation : round.annotations()) {
            labels.paint(rasterize(annotation.shape(), grid), values.get(annotation.category()));
        }
        return labels;
    }

    private static Mask rasterize(Shape shape, Geometry grid) {
        if (shape instanceof Mask mask) {
            return mask.withGeometry(grid);
        }
        if (shape instanceof BoundingBox box) {
            return box.toMask(grid);
        }
        Polygon polygon = (Polygon) shape;
        Mask mask = new Mask(grid);
        BoundingBox bounds = polygon.bounds();
        int k = polygon.slice();
        if (k >= grid.slices()) {
            return mask;
        }
        for (int y = Math.max(0, bounds.minY()); y < Math.min(grid.rows(), bounds.maxY()); y++) {
            for (int x = Math.max(0, bounds.minX()); x < Math.min(grid.columns(), bounds.maxX()); x++) {
                if (polygon.contains(x + 0.5, y + 0.5)) {
                    mask.set(x, y, k, true);
                }
            }
        }
        return mask;
    }

    private static List<String> writeNifti(AnnotationSet round, Volume image, Format format, String channelName,
            Path folder) throws IOException {
        String caseId = caseId(round);
        String imageFile = "imagesTr/" + caseId + "_0000.nii.gz";
        String labelFile = "labelsTr/" + caseId + ".nii.gz";
        Files.createDirectories(folder.resolve("imagesTr"));
        Files.createDirectories(folder.resolve("labelsTr"));
        NiftiWriter writer = new NiftiWriter();
        writer.write(image, folder.resolve(imageFile));
        writer.write(labelMap(round, image.geometry()), folder.resolve(labelFile));

        ObjectNode labels = JSON.createObjectNode();
        labels.put("background", 0);
        for (Map.Entry<Category, Integer> entry : labelValues(round).entrySet()) {
            String name = entry.getKey().name();
            labels.put(labels.has(name) ? name + "_" + entry.getKey().id() : name, entry.getValue());
        }

        ObjectNode root = JSON.createObjectNode();
        String indexFile;
        if (format == Format.NNUNET) {
            root.putObject("channel_names").put("0", channelName);
            root.set("labels", labels);
            root.put("numTraining", 1);
            root.put("file_ending", ".nii.gz");
            indexFile = "dataset.json";
        } else {
            ObjectNode entry = root.putArray("training").addObject();
            entry.put("image", imageFile);
            entry.put("label", labelFile);
            root.set("labels", labels);
            indexFile = "datalist.json";
        }
        JSON.writeValue(folder.resolve(indexFile).toFile(), root);
        return List.of(indexFile, imageFile, labelFile);
    }

    private static List<String> writeCoco(AnnotationSet round, Volume image, Path folder) throws IOException {
        List<String> files = new ArrayList<>();
        for (Path file : new CocoAnnotationWriter().write(round, Scan.of(round.scanId(), image), folder)) {
            files.add(folder.relativize(file).toString());
        }
        return files;
    }

    /** Returns a case id made of the scan id's safe characters and the round number. */
    static String caseId(AnnotationSet round) {
        return round.scanId().replaceAll("[^A-Za-z0-9-]", "-") + "-round" + round.round();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
