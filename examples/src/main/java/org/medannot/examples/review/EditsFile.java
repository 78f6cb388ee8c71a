package org.medannot.examples.review;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.medannot.core.annotation.Annotation;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.annotation.Category;
import org.medannot.core.annotation.Provenance;
import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.geometry.Polygon;
import org.medannot.core.geometry.Shape;
import org.medannot.core.mask.Mask;
import org.medannot.core.review.ReviewAction;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a reviewer's edits file into {@link ReviewAction}s. Layout:
 * <pre>
 * {
 *   "time": "2026-01-06T09:30:00Z",           (optional: time of every action without its own)
 *   "actions": [
 *     {"action": "accept", "id": "a1"},
 *     {"action": "edit",   "id": "a2", "shape": SHAPE, "reason": "boundary too tight"},
 *     {"action": "reject", "id": "a3", "reason": "false positive"},
 *     {"action": "add",    "id": "n1", "category": {"id": 2, "name": "lesion"}, "shape": SHAPE}
 *   ]
 * }
 * </pre>
 * Every action may have {@code "reason"} and {@code "time"}. SHAPE is described in
 * {@link ShapeJson}; a mask's {@code "file"} is relative to the edits file's folder, and a mask
 * without {@code "geometry"} takes the grid of the mask it replaces, else the round's grid, else
 * the grid of its NIfTI file. Added annotations get score 1 and the reviewer as producer.
 */
public final class EditsFile {

    private EditsFile() {
    }

    /**
     * Reads the edits for {@code round}.
     *
     * @param reviewerId  the reviewer who made every action in the file
     * @param defaultTime time of actions that state none, when the file has no top-level time
     * @throws RoundFormatException when the file is invalid; the message names the field
     */
    public static List<ReviewAction> read(Path file, AnnotationSet round, String reviewerId, Instant defaultTime)
            throws IOException {
        JsonNode root = RoundDirectory.readJson(file);
        if (!root.isObject()) {
            throw new RoundFormatException(file, "$", "expected an object with \"actions\", found " + ShapeJson.describe(root));
        }
        Instant fileTime = root.has("time") ? RoundDirectory.time(ShapeJson.text(root, "time", file, "$"), file, "$.time")
                : defaultTime;
        JsonNode actionsNode = root.get("actions");
        if (actionsNode == null || !actionsNode.isArray()) {
            throw new RoundFormatException(file, "$.actions", "expected an array, found " + ShapeJson.describe(actionsNode));
        }

        Map<String, Annotation> byId = new HashMap<>();
        for (Annotation annotation : round.annotations()) {
            byId.put(annotation.id(), annotation);
        }
        Geometry roundGrid = RoundDirectory.commonGrid(round).orElse(null);
        Path folder = file.toAbsolutePath().getParent();

        List<ReviewAction> actions = new ArrayList<>();
        for (int n = 0; n < actionsNode.size(); n++) {
            String field = "$.actions[" + n + "]";
            JsonNode node = actionsNode.get(n);
            if (!node.isObject()) {
                throw new RoundFormatException(file, field, "expected an action object, found " + ShapeJson.describe(node));
            }
            String kind = ShapeJson.text(node, "action", file, field);
            String id = ShapeJson.text(node, "id", file, field);
            Optional<String> reason = node.has("reason") ? Optional.of(ShapeJson.text(node, "reason", file, field))
                    : Optional.empty();
            Instant time = node.has("time") ? RoundDirectory.time(ShapeJson.text(node, "time", file, field), file, field + ".time")
                    : fileTime;
            try {
                actions.add(switch (kind) {
                    case "accept" -> new ReviewAction.Accept(id, reviewerId, time, reason);
                    case "reject" -> new ReviewAction.Reject(id, reviewerId, time, reason);
                    case "edit" -> {
                        Annotation edited = byId.get(id);
                        Geometry grid = edited != null && edited.shape() instanceof Mask mask ? mask.geometry() : roundGrid;
                        Shape shape = ShapeJson.read(node.get("shape"), folder, grid, file, field + ".shape");
                        requireInside(shape, grid, file, field + ".shape");
                        yield new ReviewAction.Edit(id, shape, reviewerId, time, reason);
                    }
                    case "add" -> {
                        Category category = RoundDirectory.category(node.get("category"), file, field + ".category");
                        Shape shape = ShapeJson.read(node.get("shape"), folder, roundGrid, file, field + ".shape");
                        requireInside(shape, roundGrid, file, field + ".shape");
                        Annotation added = new Annotation(id, category, shape, 1.0, Provenance.person(reviewerId, time, ""));
                        yield new ReviewAction.Add(added, reviewerId, time, reason);
                    }
                    default -> throw new RoundFormatException(file, field + ".action",
                            "expected accept, edit, reject or add, found '" + kind + "'");
                });
            } catch (IllegalArgumentException e) {
                throw new RoundFormatException(file, field, e.getMessage());
            }
        }
        return actions;
    }
    /**
     * Rejects a box or polygon that reaches outside {@code grid}: box corners and polygon
     * vertices must lie within the grid's columns, rows and slices (a box's max is exclusive, so
     * it may equal the size). Nothing is checked when the round has no grid.
     */
    private static void requireInside(Shape shape, Geometry grid, Path file, String field) throws RoundFormatException {
        if (grid == null) {
            return;
        }
        String size = grid.columns() + " x " + grid.rows() + " x " + grid.slices() + " voxels";
        if (shape instanceof BoundingBox box) {
            if (box.minX() < 0 || box.minY() < 0 || box.minZ() < 0 || box.maxX() > grid.columns() || box.maxY() > grid.rows()
                    || box.maxZ() > grid.slices()) {
                throw new RoundFormatException(file, field, "expected a box within the round's grid of " + size + ", found min ["
                        + box.minX() + ", " + box.minY() + ", " + box.minZ() + "] max [" + box.maxX() + ", " + box.maxY() + ", "
                        + box.maxZ() + "]");
            }
        } else if (shape instanceof Polygon polygon) {
            if (polygon.slice() < 0 || polygon.slice() >= grid.slices()) {
                throw new RoundFormatException(file, field + ".slice", "expected a slice from 0 to " + (grid.slices() - 1)
                        + " of the round's grid, found " + polygon.slice());
            }
            for (double[] ring : polygon.rings()) {
                for (int n = 0; n + 1 < ring.length; n += 2) {
                    if (ring[n] < 0 || ring[n] > grid.columns() || ring[n + 1] < 0 || ring[n + 1] > grid.rows()) {
                        throw new RoundFormatException(file, field, "expected polygon vertices within the round's grid of " + size
                                + ", found (" + ring[n] + ", " + ring[n + 1] + ")");
                    }
                }
            }
        }
    }
}
