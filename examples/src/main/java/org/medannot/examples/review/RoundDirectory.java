package org.medannot.examples.review;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;

import org.medannot.core.annotation.Annotation;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.annotation.Category;
import org.medannot.core.annotation.ProducerKind;
import org.medannot.core.annotation.Provenance;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.geometry.Shape;
import org.medannot.core.mask.Mask;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A closed review round on disk: a folder with {@code round.json} and, for each mask annotation, a
 * NIfTI-1 file under {@code masks/}. Layout of {@code round.json}:
 * <pre>
 * {
 *   "format": "medannot-round/1",
 *   "scanId": "scan-1",
 *   "round": 2,
 *   "parentRound": 1,                     (null for round 1)
 *   "contentHash": "64 hex digits",       (AnnotationSet.contentHash, checked on reading)
 *   "geometry": GEOMETRY,                 (the scan grid; present when every mask shares one grid)
 *   "annotations": [
 *     {"id": "a1", "category": {"id": 1, "name": "liver"}, "score": 0.9,
 *      "provenance": {"kind": "MODEL" or "PERSON", "producerId": "unet", "producerVersion": "1.2",
 *                     "time": "2026-01-05T10:00:00Z", "inputId": "series-1"},
 *      "shape": SHAPE}
 *   ]
 * }
 * </pre>
 * SHAPE and GEOMETRY are described in {@link ShapeJson}; mask files are named
 * {@code masks/mask-NNNN.nii.gz} by the annotation's position (1-based), because annotation ids
 * may contain characters that file names cannot.
 *
 * <p>Rounds are written once: {@link #write} rejects an existing folder, and writes into a
 * temporary folder that is renamed into place, so a closed round is never changed or left half
 * written.
 */
public final class RoundDirectory {

    /** Name of the JSON file in a round folder. */
    public static final String ROUND_FILE = "round.json";

    static final String FORMAT = "medannot-round/1";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RoundDirectory() {
    }

    /**
     * Writes {@code round} as a new folder {@code directory}.
     *
     * @throws IOException when {@code directory} exists or writing fails
     */
    public static void write(AnnotationSet round, Path directory) throws IOException {
        Path target = directory.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new IOException(target + " already exists; a closed round is never overwritten, so choose a new folder");
        }
        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".");
        try {
            ObjectNode root = JSON.createObjectNode();
            root.put("format", FORMAT);
            root.put("scanId", round.scanId());
            root.put("round", round.round());
            if (round.parentRound().isPresent()) {
                root.put("parentRound", round.parentRound().getAsInt());
            } else {
                root.putNull("parentRound");
            }
            root.put("contentHash", round.contentHash());
            commonGrid(round).ifPresent(grid -> root.set("geometry", ShapeJson.geometry(grid)));
            ArrayNode annotations = root.putArray("annotations");
            int position = 0;
            for (Annotation annotation : round.annotations()) {
                position++;
                annotations.add(annotation(annotation, temporary, String.format("masks/mask-%04d.nii.gz", position)));
            }
            JSON.writeValue(temporary.resolve(ROUND_FILE).toFile(), root);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target);
            }
        } finally {
            deleteTree(temporary);
        }
    }

    private static ObjectNode annotation(Annotation annotation, Path folder, String maskPath) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", annotation.id());
        ObjectNode category = node.putObject("category");
        category.put("id", annotation.category().id());
        category.put("name", annotation.category().name());
        node.put("score", annotation.score());
        Provenance provenance = annotation.provenance();
        ObjectNode provenanceNode = node.putObject("provenance");
        provenanceNode.put("kind", provenance.kind().name());
        provenanceNode.put("producerId", provenance.producerId());
        provenanceNode.put("producerVersion", provenance.producerVersion());
        provenanceNode.put("time", provenance.time().toString());
        provenanceNode.put("inputId", provenance.inputId());
        node.set("shape", ShapeJson.write(annotation.shape(), folder, maskPath));
        return node;
    }

    /**
     * Reads a round folder and checks that the recomputed content hash equals the stored one.
     *
     * @throws RoundFormatException when round.json or a mask file is invalid or the hash differs
     */
    public static AnnotationSet read(Path directory) throws IOException {
        Path file = directory.resolve(ROUND_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " not found; expected a round folder written by 'annotate review apply'");
        }
        JsonNode root = readJson(file);
        String format = ShapeJson.text(root, "format", file, "$");
        if (!FORMAT.equals(format)) {
            throw new RoundFormatException(file, "$.format", "expected '" + FORMAT + "', found '" + format + "'");
        }
        String scanId = ShapeJson.text(root, "scanId", file, "$");
        int round = integer(root, "round", file);
        JsonNode parentNode = root.get("parentRound");
        OptionalInt parent = parentNode == null || parentNode.isNull() ? OptionalInt.empty()
                : OptionalInt.of(integer(root, "parentRound", file));
        Geometry grid = root.has("geometry") ? ShapeJson.geometry(root.get("geometry"), file, "$.geometry") : null;

        JsonNode annotationsNode = root.get("annotations");
        if (annotationsNode == null || !annotationsNode.isArray()) {
            throw new RoundFormatException(file, "$.annotations", "expected an array, found " + ShapeJson.describe(annotationsNode));
        }
        List<Annotation> annotations = new ArrayList<>();
        for (int n = 0; n < annotationsNode.size(); n++) {
            annotations.add(readAnnotation(annotationsNode.get(n), directory, grid, file, "$.annotations[" + n + "]"));
        }

        AnnotationSet set;
        try {
            set = new AnnotationSet(scanId, round, parent, annotations);
        } catch (IllegalArgumentException e) {
            throw new RoundFormatException(file, "$", e.getMessage());
        }
        String stored = ShapeJson.text(root, "contentHash", file, "$");
        if (!stored.equals(set.contentHash())) {
            throw new RoundFormatException(file, "$.contentHash", "stored hash " + stored
                    + " differs from the hash of the content, " + set.contentHash() + ", so the round was changed after it was closed");
        }
        return set;
    }

    static Annotation readAnnotation(JsonNode node, Path folder, Geometry grid, Path file, String field) throws IOException {
        if (node == null || !node.isObject()) {
            throw new RoundFormatException(file, field, "expected an annotation object, found " + ShapeJson.describe(node));
        }
        String id = ShapeJson.text(node, "id", file, field);
        Category category = category(node.get("category"), file, field + ".category");
        JsonNode score = node.get("score");
        if (score == null || !score.isNumber()) {
            throw new RoundFormatException(file, field + ".score", "expected a number in [0, 1], found " + ShapeJson.describe(score));
        }
        JsonNode provenanceNode = node.get("provenance");
        if (provenanceNode == null || !provenanceNode.isObject()) {
            throw new RoundFormatException(file, field + ".provenance", "expected an object, found "
                    + ShapeJson.describe(provenanceNode));
        }
        Provenance provenance;
        try {
            provenance = new Provenance(
                    ProducerKind.valueOf(ShapeJson.text(provenanceNode, "kind", file, field + ".provenance")),
                    ShapeJson.text(provenanceNode, "producerId", file, field + ".provenance"),
                    ShapeJson.text(provenanceNode, "producerVersion", file, field + ".provenance"),
                    time(ShapeJson.text(provenanceNode, "time", file, field + ".provenance"), file, field + ".provenance.time"),
                    ShapeJson.text(provenanceNode, "inputId", file, field + ".provenance"));
        } catch (IllegalArgumentException e) {
            throw new RoundFormatException(file, field + ".provenance", "invalid provenance: " + e.getMessage());
        }
        Shape shape = ShapeJson.read(node.get("shape"), folder, grid, file, field + ".shape");
        try {
            return new Annotation(id, category, shape, score.asDouble(), provenance);
        } catch (IllegalArgumentException e) {
            throw new RoundFormatException(file, field, e.getMessage());
        }
    }

    static Category category(JsonNode node, Path file, String field) throws RoundFormatException {
        if (node == null || !node.isObject()) {
            throw new RoundFormatException(file, field, "expected {\"id\": N, \"name\": \"...\"}, found " + ShapeJson.describe(node));
        }
        JsonNode id = node.get("id");
        if (id == null || !id.isIntegralNumber() || !id.canConvertToInt()) {
            throw new RoundFormatException(file, field + ".id", "expected an integer, found " + ShapeJson.describe(id));
        }
        try {
            return new Category(id.asInt(), ShapeJson.text(node, "name", file, field));
        } catch (IllegalArgumentException e) {
            throw new RoundFormatException(file, field, e.getMessage());
        }
    }

    static Instant time(String text, Path file, String field) throws RoundFormatException {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new RoundFormatException(file, field, "expected an ISO-8601 UTC time such as 2026-01-06T09:30:00Z, found '"
                    + text + "'");
        }
    }

    static JsonNode readJson(Path file) throws IOException {
        try {
            return JSON.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new RoundFormatException(file, "$", "invalid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
    }

    private static int integer(JsonNode root, String name, Path file) throws RoundFormatException {
        JsonNode value = root.get(name);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new RoundFormatException(file, "$." + name, "expected an integer, found " + ShapeJson.describe(value));
        }
        return value.asInt();
    }

    /** Returns the grid shared by every mask of the round, when there is at least one mask and all agree. */
    static java.util.Optional<Geometry> commonGrid(AnnotationSet round) {
        Geometry grid = null;
        for (Annotation annotation : round.annotations()) {
            if (annotation.shape() instanceof Mask mask) {
                if (grid == null) {
                    grid = mask.geometry();
                } else if (!grid.equals(mask.geometry())) {
                    return java.util.Optional.empty();
                }
            }
        }
        return java.util.Optional.ofNullable(grid);
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
