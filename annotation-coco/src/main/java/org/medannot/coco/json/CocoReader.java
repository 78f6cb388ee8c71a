package org.medannot.coco.json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

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
import org.medannot.coco.model.Segmentation;
import org.medannot.coco.rle.Rle;

/**
 * Reads COCO instances datasets and results files, with the same checks as {@link CocoValidator}.
 * A file with any error is rejected with a {@link CocoFormatException} that lists the first
 * problems and their JSON pointers; warnings are logged.
 */
public final class CocoReader {

    private static final Logger LOG = LoggerFactory.getLogger(CocoReader.class);

    /** Number of problems quoted in an exception message. */
    private static final int QUOTED_PROBLEMS = 5;

    private CocoReader() {
    }

    /** Reads a whole dataset into memory. */
    public static CocoDataset read(Path file) throws IOException, CocoFormatException {
        Collector collector = new Collector();
        stream(file, collector);
        return new CocoDataset(collector.info, collector.licenses, collector.images, collector.annotations,
                collector.categories);
    }

    /**
     * Streams a dataset to {@code visitor}, element by element in file order. The visitor receives
     * the valid elements as they are read, so it may have seen part of a file that is then rejected
     * because of a later error or an unresolved reference.
     */
    public static void stream(Path file, CocoVisitor visitor) throws IOException, CocoFormatException {
        try (InputStream in = Files.newInputStream(file)) {
            stream(in, file.toString(), visitor);
        }
    }

    /** Streams a dataset from {@code in}; {@code sourceName} names it in messages. */
    public static void stream(InputStream in, String sourceName, CocoVisitor visitor)
            throws IOException, CocoFormatException {
        Problems problems = new Problems();
        boolean results = new DatasetParser(problems).parseAny(in, visitor, result -> { });
        if (results && problems.errorCount() == 0) {
            problems.error("", "expected a COCO dataset object, found a list (a results file)");
        }
        finish(problems, sourceName);
    }

    /** Reads a results file: a list of detections, as COCOeval's {@code loadRes} reads it. */
    public static List<CocoResult> readResults(Path file) throws IOException, CocoFormatException {
        Problems problems = new Problems();
        List<CocoResult> results = new ArrayList<>();
        boolean isList;
        try (InputStream in = Files.newInputStream(file)) {
            isList = new DatasetParser(problems).parseAny(in, new CocoVisitor() { }, results::add);
        }
        if (!isList && problems.errorCount() == 0) {
            problems.error("", "expected a list of results, found a COCO dataset object");
        }
        finish(problems, file.toString());
        return results;
    }

    /**
     * Reads a file holding one RLE object, {@code {"size": [height, width], "counts": ...}}, with
     * the counts as a compressed string or a list of runs.
     */
    public static Rle readRle(Path file) throws IOException, CocoFormatException {
        Problems problems = new Problems();
        Rle rle = null;
        try (InputStream in = Files.newInputStream(file)) {
            JsonNode node = DatasetParser.MAPPER.readTree(in);
            if (node == null || !node.isObject()) {
                problems.error("", "expected an RLE object {\"size\": [height, width], \"counts\": ...}, found "
                        + (node == null ? "an empty document" : ElementReader.describe(node)));
            } else {
                Segmentation segmentation = new ElementReader(problems).rleOrNull(node, "");
                if (segmentation instanceof RleSegmentation rleSegmentation) {
                    rle = rleSegmentation.rle();
                }
            }
        } catch (JsonProcessingException e) {
            problems.error("", DatasetParser.syntaxMessage(e));
        }
        finish(problems, file.toString());
        return rle;
    }

    private static void finish(Problems problems, String sourceName) throws CocoFormatException {
        List<CocoProblem> list = problems.list();
        long warnings = list.size() - problems.errorCount();
        if (warnings > 0) {
            LOG.warn("{}: {} warnings, first: {}", sourceName, warnings,
                    list.stream().filter(p -> p.severity() == CocoProblem.Severity.WARNING).findFirst().orElseThrow());
        }
        if (problems.errorCount() == 0) {
            return;
        }
        StringBuilder message = new StringBuilder(sourceName).append(": ").append(problems.errorCount())
                .append(problems.errorCount() == 1 ? " error" : " errors");
        String firstPointer = "";
        int quoted = 0;
        for (CocoProblem problem : list) {
            if (problem.severity() == CocoProblem.Severity.ERROR && quoted < QUOTED_PROBLEMS) {
                message.append(quoted == 0 ? ": " : "; ").append(problem.pointer().isEmpty() ? "(document)" : problem.pointer())
                        .append(": ").append(problem.message());
                if (quoted == 0) {
                    firstPointer = problem.pointer();
                }
                quoted++;
            }
        }
        if (problems.errorCount() > quoted) {
            message.append("; and ").append(problems.errorCount() - quoted).append(" more");
        }
        throw new CocoFormatException(firstPointer, message.toString());
    }

    /** Keeps every element in memory. */
    private static final class Collector implements CocoVisitor {
        CocoInfo info;
        final List<CocoLicense> licenses = new ArrayList<>();
        final List<CocoCategory> categories = new ArrayList<>();
        final List<CocoImage> images = new ArrayList<>();
        final List<CocoAnnotation> annotations = new ArrayList<>();

        @Override
        public void info(CocoInfo value) {
            info = value;
        }

        @Override
        public void license(CocoLicense license) {
            licenses.add(license);
        }

        @Override
        public void category(CocoCategory category) {
            categories.add(category);
        }

        @Override
        public void image(CocoImage image) {
            images.add(image);
        }

        @Override
        public void annotation(CocoAnnotation annotation) {
            annotations.add(annotation);
        }
    }
}
