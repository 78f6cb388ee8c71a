package org.medannot.core.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.medannot.core.annotation.Annotation;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.annotation.Category;
import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.geometry.Polygon;
import org.medannot.core.geometry.Shape;
import org.medannot.core.mask.Mask;
import org.medannot.core.testing.Seeds;

class RoundDiffTest {

    private static final Instant REVIEWED = Instant.parse("2026-01-06T09:30:00Z");
    private static final Geometry GRID = Geometry.of(20, 14, 4, new double[] {1, 1, 1}, new double[3],
            Geometry.identityDirection());

    static java.util.stream.LongStream seeds() {
        return Seeds.seeds(40);
    }

    @Test
    void diffListsAddedRemovedChanged() {
        AnnotationSet round1 = ReviewTest.firstRound();
        Annotation drawn = ReviewTest.suggestion("r1", new Category(1, "liver"), BoundingBox.of2D(10, 8, 2, 3, 0));
        AnnotationSet round2 = Review.apply(round1, List.of(
                new ReviewAction.Edit("a2", new BoundingBox(1, 1, 0, 5, 4, 2), "dr-a", REVIEWED, Optional.empty()),
                new ReviewAction.Reject("a3", "dr-a", REVIEWED, Optional.empty()),
                new ReviewAction.Add(drawn, "dr-a", REVIEWED, Optional.empty())));

        List<AnnotationChange> changes = RoundDiff.between(round1, round2);

        // a2: 3x3x2 box grown to 4x3x2, so one column of 3x2 voxels differs.
        // a3: triangle (1,1),(6,1),(6,5): pixel centres strictly inside count 10 (rows 1..4 give 4+3+2+1).
        assertThat(changes).containsExactly(
                new AnnotationChange("a2", ChangeKind.CHANGED, 6, true, false),
                new AnnotationChange("a3", ChangeKind.REMOVED, 10, true, false),
                new AnnotationChange("r1", ChangeKind.ADDED, 6, true, false));
        assertThat(RoundDiff.between(round2, round1)).containsExactly(
                new AnnotationChange("a2", ChangeKind.CHANGED, 6, true, false),
                new AnnotationChange("r1", ChangeKind.REMOVED, 6, true, false),
                new AnnotationChange("a3", ChangeKind.ADDED, 10, true, false));
    }

    @Test
    void diffReportsCategoryOnlyChange() {
        AnnotationSet round1 = ReviewTest.firstRound();
        Annotation relabelled = new Annotation("a2", new Category(3, "cyst"), round1.annotations().get(1).shape(), 0.9,
                round1.annotations().get(1).provenance());
        AnnotationSet round2 = new AnnotationSet("scan-1", 2, java.util.OptionalInt.of(1),
                List.of(round1.annotations().get(0), relabelled, round1.annotations().get(2)));

        assertThat(RoundDiff.between(round1, round2))
                .containsExactly(new AnnotationChange("a2", ChangeKind.CHANGED, 0, false, true));
    }

    @Test
    void diffRejectsOtherScan() {
        AnnotationSet round1 = ReviewTest.firstRound();
        AnnotationSet other = AnnotationSet.firstRound("scan-2", List.of());

        assertThatThrownBy(() -> RoundDiff.between(round1, other)).isInstanceOf(ReviewException.class)
                .hasMessageContaining("scan-2");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void symmetricDifferenceMatchesVoxelSets(long seed) {
        Random random = Seeds.random(seed);
        Shape a = randomShape(random);
        Shape b = randomShape(random);

        Set<Long> voxelsA = voxelSet(a);
        Set<Long> voxelsB = voxelSet(b);
        Set<Long> onlyOne = new HashSet<>(voxelsA);
        onlyOne.addAll(voxelsB);
        Set<Long> both = new HashSet<>(voxelsA);
        both.retainAll(voxelsB);
        onlyOne.removeAll(both);

        assertThat(ShapeVoxels.count(a)).as("count of %s", a).isEqualTo(voxelsA.size());
        assertThat(ShapeVoxels.count(b)).as("count of %s", b).isEqualTo(voxelsB.size());
        assertThat(ShapeVoxels.symmetricDifference(a, b)).as("%s vs %s", a, b).isEqualTo(onlyOne.size());
        assertThat(ShapeVoxels.symmetricDifference(b, a)).isEqualTo(onlyOne.size());
    }

    private static Shape randomShape(Random random) {
        switch (random.nextInt(3)) {
            case 0: {
                Mask mask = new Mask(GRID);
                for (int index = 0; index < GRID.voxelCount(); index++) {
                    mask.set(index, random.nextInt(4) == 0);
                }
                return mask;
            }
            case 1: {
                int x = random.nextInt(24) - 2;
                int y = random.nextInt(18) - 2;
                int z = random.nextInt(5) - 1;
                return new BoundingBox(x, y, z, x + random.nextInt(8), y + random.nextInt(8), z + random.nextInt(3));
            }
            default: {
                int points = 3 + random.nextInt(5);
                double[] ring = new double[2 * points];
                for (int n = 0; n < ring.length; n++) {
                    ring[n] = random.nextInt(3) == 0 ? random.nextInt(22) - 1 : random.nextDouble() * 22 - 1;
                }
                return new Polygon(ring, List.of(), random.nextInt(4));
            }
        }
    }

    /** Enumerates the voxel set by testing every voxel of a region that contains all shapes. */
    private static Set<Long> voxelSet(Shape shape) {
        Set<Long> voxels = new HashSet<>();
        for (int k = -3; k < 10; k++) {
            for (int j = -5; j < 30; j++) {
                for (int i = -5; i < 30; i++) {
                    boolean inside;
                    if (shape instanceof Mask mask) {
                        inside = i >= 0 && j >= 0 && k >= 0 && i < GRID.columns() && j < GRID.rows()
                                && k < GRID.slices() && mask.get(i + GRID.columns() * (j + GRID.rows() * k));
                    } else if (shape instanceof BoundingBox box) {
                        inside = i >= box.minX() && i < box.maxX() && j >= box.minY() && j < box.maxY()
                                && k >= box.minZ() && k < box.maxZ();
                    } else {
                        Polygon polygon = (Polygon) shape;
                        inside = k == polygon.slice() && polygon.contains(i + 0.5, j + 0.5);
                    }
                    if (inside) {
                        voxels.add(((long) k * 1000 + j) * 1000 + i);
                    }
                }
            }
        }
        return voxels;
    }
}
