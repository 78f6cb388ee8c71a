package org.medannot.core.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.medannot.core.annotation.Annotation;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.annotation.Category;
import org.medannot.core.annotation.ProducerKind;
import org.medannot.core.annotation.Provenance;
import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.geometry.Polygon;
import org.medannot.core.mask.Mask;

class ReviewTest {

    private static final Instant SUGGESTED = Instant.parse("2026-01-05T10:00:00Z");
    private static final Instant REVIEWED = Instant.parse("2026-01-06T09:30:00Z");
    private static final Category LIVER = new Category(1, "liver");
    private static final Category LESION = new Category(2, "lesion");
    private static final Geometry GRID = Geometry.of(16, 12, 3, new double[] {0.8, 0.8, 2.5}, new double[3],
            Geometry.identityDirection());

    static Annotation suggestion(String id, Category category, org.medannot.core.geometry.Shape shape) {
        return new Annotation(id, category, shape, 0.9, Provenance.model("unet", "1.2", SUGGESTED, "series-1"));
    }

    static AnnotationSet firstRound() {
        Mask liver = BoundingBox.of2D(2, 2, 6, 5, 1).toMask(GRID);
        return AnnotationSet.firstRound("scan-1", List.of(
                suggestion("a1", LIVER, liver),
                suggestion("a2", LESION, new BoundingBox(1, 1, 0, 4, 4, 2)),
                suggestion("a3", LESION, Polygon.of(1, 1, 6, 1, 6, 5))));
    }

    @Test
    void applyYieldsNextRound() {
        AnnotationSet round1 = firstRound();
        String hashBefore = round1.contentHash();
        BoundingBox editedBox = new BoundingBox(1, 1, 0, 5, 4, 2);
        Annotation drawn = new Annotation("r1", LIVER, BoundingBox.of2D(10, 8, 2, 2, 0), 1.0,
                Provenance.person("dr-a", REVIEWED, "series-1"));

        AnnotationSet round2 = Review.apply(round1, List.of(
                new ReviewAction.Accept("a1", "dr-a", REVIEWED, Optional.empty()),
                new ReviewAction.Edit("a2", editedBox, "dr-a", REVIEWED, Optional.of("boundary too tight")),
                new ReviewAction.Reject("a3", "dr-a", REVIEWED, Optional.of("false positive")),
                new ReviewAction.Add(drawn, "dr-a", REVIEWED, Optional.empty())));

        assertThat(round2.round()).isEqualTo(2);
        assertThat(round2.parentRound()).hasValue(1);
        assertThat(round2.scanId()).isEqualTo("scan-1");
        assertThat(round2.annotations()).extracting(Annotation::id).containsExactly("a1", "a2", "r1");
        assertThat(round2.annotations().get(0)).isEqualTo(round1.annotations().get(0));
        Annotation edited = round2.annotations().get(1);
        assertThat(edited.shape()).isEqualTo(editedBox);
        assertThat(edited.category()).isEqualTo(LESION);
        assertThat(edited.score()).isEqualTo(1.0);
        assertThat(edited.provenance().kind()).isEqualTo(ProducerKind.PERSON);
        assertThat(edited.provenance().producerId()).isEqualTo("dr-a");
        assertThat(edited.provenance().time()).isEqualTo(REVIEWED);
        assertThat(edited.provenance().inputId()).isEqualTo("series-1");
        assertThat(round1.contentHash()).isEqualTo(hashBefore);
        assertThat(round2.contentHash()).isNotEqualTo(hashBefore);
    }

    @Test
    void applyKeepsUnreviewedAnnotations() {
        AnnotationSet round1 = firstRound();

        AnnotationSet round2 = Review.apply(round1, List.of());

        assertThat(round2.annotations()).isEqualTo(round1.annotations());
        assertThat(RoundDiff.between(round1, round2)).isEmpty();
    }

    @Test
    void applyRejectsUnknownId() {
        AnnotationSet round1 = firstRound();
        List<ReviewAction> actions = List.of(new ReviewAction.Reject("a9", "dr-a", REVIEWED, Optional.empty()));

        assertThatThrownBy(() -> Review.apply(round1, actions))
                .isInstanceOf(ReviewException.class)
                .hasMessageContaining("'a9'")
                .hasMessageContaining("does not have");
    }

    @Test
    void applyRejectsTwoActionsOnOneId() {
        AnnotationSet round1 = firstRound();
        List<ReviewAction> actions = List.of(
                new ReviewAction.Accept("a1", "dr-a", REVIEWED, Optional.empty()),
                new ReviewAction.Reject("a1", "dr-b", REVIEWED, Optional.empty()));

        assertThatThrownBy(() -> Review.apply(round1, actions))
                .isInstanceOf(ReviewException.class)
                .hasMessageContaining("actions[1]")
                .hasMessageContaining("'a1'");
    }

    @Test
    void applyRejectsAddOfExistingId() {
        AnnotationSet round1 = firstRound();
        Annotation duplicate = round1.annotations().get(2);
        List<ReviewAction> actions = List.of(new ReviewAction.Add(duplicate, "dr-a", REVIEWED, Optional.empty()));

        assertThatThrownBy(() -> Review.apply(round1, actions))
                .isInstanceOf(ReviewException.class)
                .hasMessageContaining("already has");
    }

    @Test
    void actionRejectsBlankReviewer() {
        assertThatThrownBy(() -> new ReviewAction.Accept("a1", " ", REVIEWED, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reviewerId");
    }

    @Test
    void historyClosesRounds() {
        RoundHistory history = RoundHistory.start(firstRound());
        RoundHistory reviewed = history.review(List.of(new ReviewAction.Reject("a3", "dr-a", REVIEWED, Optional.empty())));

        assertThat(history.rounds()).hasSize(1);
        assertThat(reviewed.rounds()).hasSize(2);
        assertThat(reviewed.round(1)).isSameAs(history.round(1));
        assertThat(reviewed.diff(1, 2)).containsExactly(new AnnotationChange("a3", ChangeKind.REMOVED, 10, true, false));
        assertThatThrownBy(() -> reviewed.append(firstRound()))
                .isInstanceOf(ReviewException.class)
                .hasMessageContaining("must be round 3");
        assertThatThrownBy(() -> reviewed.round(3)).isInstanceOf(ReviewException.class);
    }

    @Test
    void historyRejectsWrongParent() {
        RoundHistory history = RoundHistory.start(firstRound());
        AnnotationSet orphan = new AnnotationSet("scan-1", 2, java.util.OptionalInt.empty(), List.of());

        assertThatThrownBy(() -> history.append(orphan))
                .isInstanceOf(ReviewException.class)
                .hasMessageContaining("parent round 1");
    }
}
