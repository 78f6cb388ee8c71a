package org.medannot.core.review;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

import org.medannot.core.annotation.Annotation;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.annotation.Provenance;

/**
 * Applies a reviewer's actions to round n and yields round n + 1 with parent n.
 *
 * <p>Rules:
 * <ul>
 *   <li>{@link ReviewAction.Accept}, {@link ReviewAction.Edit} and {@link ReviewAction.Reject}
 *       must name an annotation of round n; {@link ReviewAction.Add} must name an id that round n
 *       does not have.</li>
 *   <li>At most one action per annotation id.</li>
 *   <li>Accepted annotations are copied unchanged (their provenance still names the model that
 *       suggested them). Edited annotations keep id and category, take the new shape, score 1
 *       and the provenance {@link Provenance#person} of the reviewer at the action's time, with
 *       the input id of the original. Rejected annotations are left out. Added annotations are
 *       appended in the order of the actions.</li>
 *   <li>Annotations without an action are copied unchanged, so a partial review is possible.</li>
 * </ul>
 * The input round is never modified: {@link AnnotationSet} is immutable, and a closed round stays
 * as it was.
 */
public final class Review {

    private Review() {
    }

    /**
     * Applies {@code actions} to {@code round}.
     *
     * @return the next round: number {@code round.round() + 1}, parent {@code round.round()}, same
     *         scan id
     * @throws ReviewException when an action names a missing annotation, an added id already
     *                         exists, or two actions name the same annotation
     */
    public static AnnotationSet apply(AnnotationSet round, List<ReviewAction> actions) {
        Objects.requireNonNull(round, "round");
        Objects.requireNonNull(actions, "actions");

        Map<String, Annotation> byId = new LinkedHashMap<>();
        for (Annotation annotation : round.annotations()) {
            byId.put(annotation.id(), annotation);
        }

        Map<String, ReviewAction> actionById = new HashMap<>();
        List<Annotation> added = new ArrayList<>();
        for (int n = 0; n < actions.size(); n++) {
            ReviewAction action = Objects.requireNonNull(actions.get(n), "actions[" + n + "]");
            String id = action.annotationId();
            if (actionById.putIfAbsent(id, action) != null) {
                throw new ReviewException(where(round) + ": actions[" + n + "] (" + action.kind()
                        + ") names annotation '" + id + "', which an earlier action already names");
            }
            boolean exists = byId.containsKey(id);
            if (action instanceof ReviewAction.Add add) {
                if (exists) {
                    throw new ReviewException(where(round) + ": actions[" + n + "] adds annotation '" + id
                            + "', but the round already has an annotation with that id");
                }
                added.add(add.annotation());
            } else if (!exists) {
                throw new ReviewException(where(round) + ": actions[" + n + "] (" + action.kind()
                        + ") names annotation '" + id + "', which the round does not have");
            }
        }

        List<Annotation> next = new ArrayList<>(round.annotations().size() + added.size());
        for (Annotation annotation : round.annotations()) {
            ReviewAction action = actionById.get(annotation.id());
            if (action instanceof ReviewAction.Reject) {
                continue;
            }
            if (action instanceof ReviewAction.Edit edit) {
                Provenance provenance = Provenance.person(edit.reviewerId(), edit.time(),
                        annotation.provenance().inputId());
                next.add(new Annotation(annotation.id(), annotation.category(), edit.newShape(), 1.0, provenance));
            } else {
                next.add(annotation);
            }
        }
        next.addAll(added);

        return new AnnotationSet(round.scanId(), round.round() + 1, OptionalInt.of(round.round()), next);
    }

    private static String where(AnnotationSet round) {
        return "review of round " + round.round() + " of scan " + round.scanId();
    }
}
