package org.medannot.core.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.Mask;

class AnnotationSetTest {

    private final Provenance model = Provenance.model("unet", "1.0", Instant.parse("2026-01-02T03:04:05Z"), "scan-1");
    private final Category liver = new Category(5, "liver");

    @Test
    void hashIgnoresOrderAndTracksContent() {
        Mask mask = new Mask(Geometry.of2D(8, 8));
        mask.set(3, 4, 0, true);
        Annotation a = new Annotation("a", liver, mask, 0.9, model);
        Annotation b = new Annotation("b", liver, BoundingBox.of2D(1, 1, 2, 2, 0), 0.5, model);

        AnnotationSet first = AnnotationSet.firstRound("scan-1", List.of(a, b));
        AnnotationSet reordered = AnnotationSet.firstRound("scan-1", List.of(b, a));
        Mask changed = mask.copy();
        changed.set(0, 0, 0, true);
        AnnotationSet edited = AnnotationSet.firstRound("scan-1", List.of(a.withShape(changed), b));

        assertThat(first.contentHash()).hasSize(64).isEqualTo(reordered.contentHash());
        assertThat(edited.contentHash()).isNotEqualTo(first.contentHash());
    }

    @Test
    void masksAreCopiedOnConstruction() {
        Mask mask = new Mask(Geometry.of2D(8, 8));
        AnnotationSet set = AnnotationSet.firstRound("scan-1", List.of(new Annotation("a", liver, mask, 1, model)));
        String hash = set.contentHash();

        mask.set(1, 1, 0, true);

        assertThat(((Mask) set.annotations().get(0).shape()).count()).isZero();
        assertThat(AnnotationSet.firstRound("scan-1", set.annotations()).contentHash()).isEqualTo(hash);
    }

    @Test
    void invalidRoundsAndIdsAreRejected() {
        Annotation a = new Annotation("a", liver, BoundingBox.of2D(0, 0, 1, 1, 0), 1, model);

        assertThatThrownBy(() -> new AnnotationSet("s", 0, OptionalInt.empty(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("round");
        assertThatThrownBy(() -> new AnnotationSet("s", 2, OptionalInt.of(2), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parentRound");
        assertThatThrownBy(() -> AnnotationSet.firstRound("s", List.of(a, a)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'");
        assertThatThrownBy(() -> new Annotation("x", liver, a.shape(), 1.5, model))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
        assertThatThrownBy(() -> new Category(0, "background")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }
}
