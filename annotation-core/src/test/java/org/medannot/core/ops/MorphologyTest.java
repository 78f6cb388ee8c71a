package org.medannot.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.Mask;
import org.medannot.core.mask.VoxelOrder;

/**
 * Connected components, hole filling and binary morphology against scipy.ndimage values from
 * tools/reference/ops_morphology.py.
 */
class MorphologyTest {

    private static Map<String, Npy> reference;

    @BeforeAll
    static void load() {
        reference = Npy.loadArchive("morphology");
    }

    static Stream<Arguments> labelCases() {
        return Stream.of(Arguments.of("random2d", 4), Arguments.of("random2d", 8), Arguments.of("speckle2d", 4),
                Arguments.of("speckle2d", 8), Arguments.of("random3d", 6), Arguments.of("random3d", 18),
                Arguments.of("random3d", 26), Arguments.of("speckle3d", 6), Arguments.of("speckle3d", 18),
                Arguments.of("speckle3d", 26), Arguments.of("dense3d", 6), Arguments.of("dense3d", 18),
                Arguments.of("dense3d", 26), Arguments.of("liver", 6), Arguments.of("liver", 18),
                Arguments.of("liver", 26));
    }

    @ParameterizedTest(name = "{0} connectivity {1}")
    @MethodSource("labelCases")
    void labelsMatchScipy(String name, int connectivity) {
        Mask mask = mask(name);
        int[] expected = Npy.get(reference, name + "_label_" + connectivity).ints();
        ComponentLabels labels = ConnectedComponents.label(mask, connectivity);

        int expectedCount = 0;
        for (int label : expected) {
            expectedCount = Math.max(expectedCount, label);
        }
        assertThat(labels.count()).isEqualTo(expectedCount);
        assertThat(labels.labelArray()).isEqualTo(expected);

        long[] expectedSizes = new long[expectedCount];
        for (int label : expected) {
            if (label > 0) {
                expectedSizes[label - 1]++;
            }
        }
        assertThat(labels.sizes()).isEqualTo(expectedSizes);

        Mask atLeastTwo = labels.mask(label -> labels.size(label) >= 2);
        for (int n = 0; n < expected.length; n++) {
            boolean selected = expected[n] > 0 && expectedSizes[expected[n] - 1] >= 2;
            if (atLeastTwo.get(n) != selected) {
                assertThat(atLeastTwo.get(n)).as("voxel %d of the components of two or more voxels", n).isEqualTo(selected);
            }
        }

        if (expectedCount > 0) {
            int largest = 1;
            for (int label = 2; label <= expectedCount; label++) {
                if (expectedSizes[label - 1] > expectedSizes[largest - 1]) {
                    largest = label;
                }
            }
            Mask largestMask = ConnectedComponents.largest(mask, connectivity);
            assertThat(largestMask.count()).isEqualTo(expectedSizes[largest - 1]);
            for (int n = 0; n < expected.length; n++) {
                if (largestMask.get(n) != (expected[n] == largest)) {
                    assertThat(largestMask.get(n)).as("voxel %d of the largest component", n)
                            .isEqualTo(expected[n] == largest);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} connectivity {1}")
    @MethodSource("labelCases")
    void fillHolesMatchesScipy(String name, int connectivity) {
        Mask filled = HoleFilling.fill(mask(name), connectivity);
        assertSameMask(filled, name + "_fill_" + connectivity);
    }

    @Test
    void fillHolesDefaultsToScipyDefault() {
        assertSameMask(HoleFilling.fill(mask("random2d")), "random2d_fill_4");
        assertSameMask(HoleFilling.fill(mask("random3d")), "random3d_fill_6");
    }

    static Stream<Arguments> morphologyCases() {
        Map<String, Supplier<StructuringElement>> elements2d = Map.of(
                "disk1", () -> StructuringElement.disk(1),
                "disk3", () -> StructuringElement.disk(3),
                "box_2_1_0", () -> StructuringElement.box(2, 1, 0),
                "diskmm_4", () -> StructuringElement.diskMm(4.0, new double[] {0.7, 1.3, 100.0}));
        Map<String, Supplier<StructuringElement>> elements3d = Map.of(
                "ball1", () -> StructuringElement.ball(1),
                "ball2", () -> StructuringElement.ball(2),
                "box_1_2_0", () -> StructuringElement.box(1, 2, 0),
                "box_2_1_1", () -> StructuringElement.box(2, 1, 1),
                "ballmm_3.5", () -> StructuringElement.ballMm(3.5, new double[] {1.0, 1.5, 2.5}));
        Stream.Builder<Arguments> cases = Stream.builder();
        elements2d.forEach((name, element) -> cases.add(Arguments.of("random2d", name, element)));
        elements3d.forEach((name, element) -> cases.add(Arguments.of("random3d", name, element)));
        cases.add(Arguments.of("liver", "ball2", (Supplier<StructuringElement>) () -> StructuringElement.ball(2)));
        return cases.build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("morphologyCases")
    void morphologyMatchesScipy(String name, String elementName, Supplier<StructuringElement> factory) {
        StructuringElement element = factory.get();
        Mask mask = mask(name);
        assertSameMask(BinaryMorphology.erode(mask, element), name + "_erode_" + elementName);
        assertSameMask(BinaryMorphology.dilate(mask, element), name + "_dilate_" + elementName);
        assertSameMask(BinaryMorphology.open(mask, element), name + "_open_" + elementName);
        assertSameMask(BinaryMorphology.close(mask, element), name + "_close_" + elementName);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("morphologyCases")
    void elementMatchesReferenceStructure(String name, String elementName, Supplier<StructuringElement> factory) {
        StructuringElement element = factory.get();
        Npy structure = Npy.get(reference, "se_" + elementName);
        int hk = structure.shape[0] / 2;
        int hj = structure.shape[1] / 2;
        int hi = structure.shape[2] / 2;
        assertThat(element.halfExtent()).containsExactly(hi, hj, hk);
        byte[] inside = structure.bytes();
        int count = 0;
        for (int dk = -hk - 1; dk <= hk + 1; dk++) {
            for (int dj = -hj - 1; dj <= hj + 1; dj++) {
                for (int di = -hi - 1; di <= hi + 1; di++) {
                    boolean expected = Math.abs(di) <= hi && Math.abs(dj) <= hj && Math.abs(dk) <= hk
                            && inside[(di + hi) + structure.shape[2] * ((dj + hj) + structure.shape[1] * (dk + hk))] != 0;
                    assertThat(element.contains(di, dj, dk)).as("offset (%d, %d, %d)", di, dj, dk).isEqualTo(expected);
                    count += expected ? 1 : 0;
                }
            }
        }
        assertThat(element.size()).isEqualTo(count);
    }

    @Test
    void morphologyAcrossWordBoundaries() {
        // With 130 columns a row spans three words, so a run touching both ends checks the shifts there.
        Geometry geometry = Geometry.of2D(130, 3);
        Mask mask = new Mask(geometry);
        mask.setRange(130, 260);
        Mask eroded = BinaryMorphology.erode(mask, StructuringElement.box(70, 0, 0));
        assertThat(eroded.isEmpty()).isTrue();
        Mask wide = BinaryMorphology.erode(mask, StructuringElement.box(64, 0, 0));
        assertThat(wide.count()).isEqualTo(130 - 128);
        assertThat(wide.get(64, 1, 0)).isTrue();
        assertThat(wide.get(65, 1, 0)).isTrue();
        Mask single = new Mask(geometry);
        single.set(63, 0, 0, true);
        Mask dilated = BinaryMorphology.dilate(single, StructuringElement.box(65, 1, 0));
        assertThat(dilated.count()).isEqualTo(2 * 129);
        assertThat(dilated.get(0, 1, 0)).isTrue();
        assertThat(dilated.get(128, 1, 0)).isTrue();
        assertThat(dilated.get(129, 1, 0)).isFalse();
    }

    @Test
    void labelsOnSliceView() {
        Mask volume = mask("random3d");
        int[] expected = Npy.get(reference, "random3d_label_6").ints();
        Mask slice = volume.slice(4);
        ComponentLabels labels = ConnectedComponents.label(slice, 6);
        int sliceSize = slice.geometry().sliceSize();
        int[] actual = labels.labelArray();
        // Component ids differ from the 3D labelling, but the foreground must be the slice's.
        for (int n = 0; n < sliceSize; n++) {
            assertThat(actual[n] != 0).as("voxel %d", n).isEqualTo(expected[4 * sliceSize + n] != 0);
        }
    }

    @Test
    void toLabelMapKeepsLabels() {
        ComponentLabels labels = ConnectedComponents.label(mask("random2d"), 8);
        int[] expected = Npy.get(reference, "random2d_label_8").ints();
        var labelMap = labels.toLabelMap();
        for (int n = 0; n < expected.length; n++) {
            assertThat(labelMap.get(n)).isEqualTo(expected[n]);
        }
    }

    @Test
    void emptyMaskHasNoComponents() {
        Mask empty = new Mask(Geometry.of2D(5, 5));
        ComponentLabels labels = ConnectedComponents.label(empty, 8);
        assertThat(labels.count()).isZero();
        assertThat(labels.largestLabel()).isZero();
        assertThat(labels.largest().isEmpty()).isTrue();
    }

    @Test
    void badArgumentsNameTheValue() {
        Mask flat = new Mask(Geometry.of2D(5, 5));
        Mask volume = mask("random3d");
        assertThatThrownBy(() -> ConnectedComponents.label(flat, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectivity").hasMessageContaining("5");
        assertThatThrownBy(() -> ConnectedComponents.label(volume, 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectivity 8").hasMessageContaining("17 slices");
        assertThatThrownBy(() -> HoleFilling.fill(volume, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10");
        assertThatThrownBy(() -> StructuringElement.ball(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("radius").hasMessageContaining("-1");
        assertThatThrownBy(() -> StructuringElement.ballMm(Double.NaN, new double[] {1, 1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("radiusMm");
        assertThatThrownBy(() -> StructuringElement.diskMm(2, new double[] {1, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spacing[1]");
        assertThatThrownBy(() -> StructuringElement.box(1, -2, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("halfJ").hasMessageContaining("-2");
        ComponentLabels labels = ConnectedComponents.label(flat, 4);
        assertThatThrownBy(() -> labels.size(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label");
    }

    static Mask mask(String name) {
        Npy array = Npy.get(reference, name);
        return Mask.fromBytes(geometry(array), array.bytes(), VoxelOrder.ROW_MAJOR);
    }

    static Geometry geometry(Npy array) {
        int[] shape = array.shape;
        return Geometry.of(shape[2], shape[1], shape[0], new double[] {1, 1, 1}, new double[3],
                Geometry.identityDirection());
    }

    private static void assertSameMask(Mask actual, String name) {
        byte[] expected = Npy.get(reference, name).bytes();
        byte[] values = actual.toBytes(VoxelOrder.ROW_MAJOR);
        assertThat(values.length).as(name).isEqualTo(expected.length);
        for (int n = 0; n < expected.length; n++) {
            if (values[n] != expected[n]) {
                assertThat(values[n]).as("%s voxel %d of %d", name, n, expected.length).isEqualTo(expected[n]);
            }
        }
    }
}
