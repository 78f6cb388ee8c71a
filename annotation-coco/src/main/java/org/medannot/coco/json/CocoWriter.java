package org.medannot.coco.json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.medannot.coco.CocoFormatException;
import org.medannot.coco.model.CocoAnnotation;
import org.medannot.coco.model.CocoCategory;
import org.medannot.coco.model.CocoDataset;
import org.medannot.coco.model.CocoImage;
import org.medannot.coco.model.CocoInfo;
import org.medannot.coco.model.CocoLicense;
import org.medannot.coco.model.CocoResult;
import org.medannot.coco.model.RleSegmentation;
import org.medannot.coco.rle.Rle;

/**
 * Writes a COCO instances dataset element by element, so that datasets with hundreds of thousands
 * of annotations never sit in memory as one tree.
 *
 * <p>Order: {@link #begin} (info, licenses, categories), then every image, then every annotation,
 * then {@link #commit()}. The writer checks what the validator checks as far as it can while
 * streaming, and raises {@link CocoFormatException} before writing a bad element: ids are unique,
 * an annotation's image and category were written before it, and an RLE's size is its image's
 * [height, width]. The file is written to a temporary file beside the target and moved into place
 * by {@link #commit()}; closing without a commit deletes the temporary file and leaves the target
 * untouched. A writer made by {@link #create(OutputStream)} writes to the caller's stream instead
 * and never closes it.
 *
 * <p>Not thread-safe.
 */
public final class CocoWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CocoWriter.class);

    private enum Section { NEW, IMAGES, ANNOTATIONS, DONE }

    private final Path target;
    private final Path temporary;
    private final OutputStream out;
    private final JsonGenerator json;
    private Section section = Section.NEW;

    private final Set<Long> categoryIds = new HashSet<>();
    private final Map<Long, long[]> imageSizes = new HashMap<>();
    private final Set<Long> annotationIds = new HashSet<>();

    private CocoWriter(Path target) throws IOException {
        this.target = target.toAbsolutePath();
        Path folder = this.target.getParent();
        this.temporary = Files.createTempFile(folder, "." + this.target.getFileName(), ".tmp");
        this.out = Files.newOutputStream(temporary);
        this.json = DatasetParser.MAPPER.getFactory().createGenerator(out);
    }

    /** Creates a writer onto a caller's stream, with no target and no temporary file. */
    private CocoWriter(OutputStream stream) throws IOException {
        this.target = null;
        this.temporary = null;
        this.out = stream;
        this.json = DatasetParser.MAPPER.getFactory().createGenerator(stream)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
    }

    /** Opens a writer for {@code file}; nothing appears at that path before {@link #commit()}. */
    public static CocoWriter create(Path file) throws IOException {
        return new CocoWriter(file);
    }

    /**
     * Opens a writer onto {@code out}. {@link #commit()} finishes the document and flushes
     * {@code out}. Neither it nor {@link #close()} closes {@code out}, and a writer closed
     * without a commit leaves an incomplete document there.
     */
    public static CocoWriter create(OutputStream out) throws IOException {
        return new CocoWriter(java.util.Objects.requireNonNull(out, "out"));
    }

    /** Writes a whole dataset held in memory to {@code out}, which stays open. */
    public static void write(CocoDataset dataset, OutputStream out) throws IOException, CocoFormatException {
        try (CocoWriter writer = create(out)) {
            writeDataset(writer, dataset);
        }
    }

    /** Writes a whole dataset held in memory to {@code file}. */
    public static void write(CocoDataset dataset, Path file) throws IOException, CocoFormatException {
        try (CocoWriter writer = create(file)) {
            writeDataset(writer, dataset);
        }
    }

    private static void writeDataset(CocoWriter writer, CocoDataset dataset) throws IOException, CocoFormatException {
        writer.begin(dataset.info(), dataset.licenses(), dataset.categories());
        for (CocoImage image : dataset.images()) {
            writer.writeImage(image);
        }
        for (CocoAnnotation annotation : dataset.annotations()) {
            writer.writeAnnotation(annotation);
        }
        writer.commit();
    }

    /** Writes a results file (a JSON list of detections) to {@code file}, through a temporary file. */
    public static void writeResults(List<CocoResult> results, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream stream = Files.newOutputStream(temporary);
                 JsonGenerator generator = DatasetParser.MAPPER.getFactory().createGenerator(stream)) {
                generator.writeStartArray();
                for (CocoResult result : results) {
                    ElementWriter.result(generator, result);
                }
                generator.writeEndArray();
            }
            moveIntoPlace(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Writes {@code info} (may be {@code null}), {@code licenses} and {@code categories}. */
    public void begin(CocoInfo info, List<CocoLicense> licenses, List<CocoCategory> categories)
            throws IOException, CocoFormatException {
        if (section != Section.NEW) {
            throw new IllegalStateException("begin() must be called once, first");
        }
        Set<Long> licenseIds = new HashSet<>();
        for (int i = 0; i < licenses.size(); i++) {
            if (!licenseIds.add(licenses.get(i).id())) {
                throw new CocoFormatException("/licenses/" + i + "/id", "duplicate license id " + licenses.get(i).id());
            }
        }
        for (int i = 0; i < categories.size(); i++) {
            if (!categoryIds.add(categories.get(i).id())) {
                throw new CocoFormatException("/categories/" + i + "/id", "duplicate category id "
                        + categories.get(i).id());
            }
        }
        json.writeStartObject();
        if (info != null) {
            json.writeFieldName("info");
            ElementWriter.info(json, info);
        }
        json.writeArrayFieldStart("licenses");
        for (CocoLicense license : licenses) {
            ElementWriter.license(json, license);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("categories");
        for (CocoCategory category : categories) {
            ElementWriter.category(json, category);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("images");
        section = Section.IMAGES;
    }

    /** Writes one image entry; all images come before the first annotation. */
    public void writeImage(CocoImage image) throws IOException, CocoFormatException {
        if (section != Section.IMAGES) {
            throw new IllegalStateException("images must be written after begin() and before any annotation");
        }
        if (imageSizes.putIfAbsent(image.id(), new long[] {image.height(), image.width()}) != null) {
            throw new CocoFormatException("/images", "duplicate image id " + image.id());
        }
        ElementWriter.image(json, image);
    }

    /** Writes one annotation; its image and category must have been written. */
    public void writeAnnotation(CocoAnnotation annotation) throws IOException, CocoFormatException {
        if (section == Section.IMAGES) {
            json.writeEndArray();
            json.writeArrayFieldStart("annotations");
            section = Section.ANNOTATIONS;
        }
        if (section != Section.ANNOTATIONS) {
            throw new IllegalStateException("annotations must be written after begin() and before commit()");
        }
        long id = annotation.id();
        if (!annotationIds.add(id)) {
            throw new CocoFormatException("/annotations", "duplicate annotation id " + id);
        }
        long[] size = imageSizes.get(annotation.imageId());
        if (size == null) {
            throw new CocoFormatException("/annotations", "annotation " + id + ": image " + annotation.imageId()
                    + " was not written before it");
        }
        if (!categoryIds.contains(annotation.categoryId())) {
            throw new CocoFormatException("/annotations", "annotation " + id + ": category "
                    + annotation.categoryId() + " is not in the categories");
        }
        if (annotation.segmentation() instanceof RleSegmentation segmentation) {
            Rle rle = segmentation.rle();
            if (rle.height() != size[0] || rle.width() != size[1]) {
                throw new CocoFormatException("/annotations", "annotation " + id + ": RLE size [" + rle.height()
                        + ", " + rle.width() + "] differs from image " + annotation.imageId() + "'s [" + size[0]
                        + ", " + size[1] + "]");
            }
        }
        ElementWriter.annotation(json, annotation);
    }

    /**
     * Finishes the document and moves it into place, replacing an existing file at the target.
     * A writer onto a stream flushes the stream instead.
     */
    public void commit() throws IOException {
        if (section == Section.NEW) {
            throw new IllegalStateException("commit() before begin()");
        }
        if (section == Section.DONE) {
            return;
        }
        if (section == Section.IMAGES) {
            json.writeEndArray();
            json.writeArrayFieldStart("annotations");
        }
        json.writeEndArray();
        json.writeEndObject();
        json.close();
        if (temporary == null) {
            out.flush();
        } else {
            out.close();
            moveIntoPlace(temporary, target);
        }
        section = Section.DONE;
        LOG.info("wrote COCO dataset {} ({} images, {} annotations, {} categories)", target == null ? "to a stream" : target,
                imageSizes.size(), annotationIds.size(), categoryIds.size());
    }

    /**
     * Deletes the temporary file unless {@link #commit()} moved it into place. A writer onto a
     * stream only flushes the stream.
     */
    @Override
    public void close() throws IOException {
        if (temporary == null) {
            json.close();
            return;
        }
        try {
            json.close();
            out.close();
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
