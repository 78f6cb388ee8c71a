package org.medannot.core.review;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.medannot.core.annotation.Annotation;
import org.medannot.core.annotation.AnnotationSet;

/**
 * Lists the differences between two rounds of one scan, annotation by annotation (matched by id).
 * Any two rounds can be compared, in either order; unchanged annotations are not listed.
 */
public final class RoundDiff {

    private RoundDiff() {
    }

    /**
     * Compares {@code from} with {@code to}.
     *
     * @return one change per annotation that was removed (in {@code from} only), changed or added
     *         (in {@code to} only): first the ids of {@code from} in their order, then the added ids
     *         in the order of {@code to}. Voxel counts follow {@link ShapeVoxels}.
     * @throws ReviewException when the rounds belong to different scans
     */
    public static List<AnnotationChange> between(AnnotationSet from, AnnotationSet to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.scanId().equals(to.scanId())) {
            throw new ReviewException("cannot compare rounds of different scans: round " + from.round() + " of scan "
                    + from.scanId() + " and round " + to.round() + " of scan " + to.scanId());
        }

        Map<String, Annotation> later = new LinkedHashMap<>();
        for (Annotation annotation : to.annotations()) {
            later.put(annotation.id(), annotation);
        }

        List<AnnotationChange> changes = new ArrayList<>();
        for (Annotation before : from.annotations()) {
            Annotation after = later.remove(before.id());
            if (after == null) {
                changes.add(new AnnotationChange(before.id(), ChangeKind.REMOVED, ShapeVoxels.count(before.shape()),
                        true, false));
                continue;
            }
            boolean shapeChanged = !before.shape().equals(after.shape());
            boolean categoryChanged = !before.category().equals(after.category());
            boolean otherChanged = before.score() != after.score() || !before.provenance().equals(after.provenance());
            if (shapeChanged || categoryChanged || otherChanged) {
                long voxels = shapeChanged ? ShapeVoxels.symmetricDifference(before.shape(), after.shape()) : 0;
                changes.add(new AnnotationChange(before.id(), ChangeKind.CHANGED, voxels, shapeChanged,
                        categoryChanged));
            }
        }
        for (Annotation added : later.values()) {
            changes.add(new AnnotationChange(added.id(), ChangeKind.ADDED, ShapeVoxels.count(added.shape()), true,
                    false));
        }
        return List.copyOf(changes);
    }
}
