package org.medannot.core.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.testing.Seeds;

/**
 * Checks the bit-packed mask against a plain boolean array, the obvious independent
 * implementation of the same operations.
 */
class MaskTest {

    static LongStream seeds() {
        return Seeds.seeds(60);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void operationsMatchBooleanArrays(long seed) {
        Random random = Seeds.random(seed);
        // Odd sizes so that slices start at bit offsets that are not multiples of 64.
        Geometry geometry = Geometry.of(1 + random.nextInt(37), 1 + random.nextInt(23), 1 + random.nextInt(7),
                new double[] {1, 1, 1}, new double[3], Geometry.identityDirection());
        boolean[] a = randomBits(random, geometry.voxelCount());
        boolean[] b = randomBits(random, geometry.voxelCount());
        Mask maskA = Mask.fromBooleans(geometry, a, VoxelOrder.ROW_MAJOR);
        Mask maskB = Mask.fromBooleans(geometry, b, VoxelOrder.ROW_MAJOR);

        assertThat(maskA.count()).isEqualTo(countTrue(a));
        assertThat(maskA.intersectionCount(maskB)).isEqualTo(countBoth(a, b, true));
        assertThat(maskA.unionCount(maskB)).isEqualTo(countBoth(a, b, false));
        assertThat(maskA.and(maskB).toBooleans(VoxelOrder.ROW_MAJOR)).isEqualTo(combine(a, b, 'a'));
        assertThat(maskA.or(maskB).toBooleans(VoxelOrder.ROW_MAJOR)).isEqualTo(combine(a, b, 'o'));
        assertThat(maskA.xor(maskB).toBooleans(VoxelOrder.ROW_MAJOR)).isEqualTo(combine(a, b, 'x'));
        assertThat(maskA.andNot(maskB).toBooleans(VoxelOrder.ROW_MAJOR)).isEqualTo(combine(a, b, 'n'));
        assertThat(maskA.not().count()).isEqualTo(geometry.voxelCount() - countTrue(a));
        assertThat(maskA.toBooleans(VoxelOrder.ROW_MAJOR)).isEqualTo(a);
        assertThat(maskA.boundingBox()).isEqualTo(naiveBox(geometry, a));
        assertCentroid(maskA, geometry, a);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void sliceViewsShareBits(long seed) {
        Random random = Seeds.random(seed);
        Geometry geometry = Geometry.of(1 + random.nextInt(29), 1 + random.nextInt(19), 2 + random.nextInt(6),
                new double[] {0.5, 0.5, 2}, new double[] {1, 2, 3}, Geometry.identityDirection());
        boolean[] a = randomBits(random, geometry.voxelCount());
        boolean[] b = randomBits(random, geometry.voxelCount());
        Mask maskA = Mask.fromBooleans(geometry, a, VoxelOrder.ROW_MAJOR);
        Mask maskB = Mask.fromBooleans(geometry, b, VoxelOrder.ROW_MAJOR);
        int k = random.nextInt(geometry.slices());
        int sliceSize = geometry.sliceSize();

        Mask sliceA = maskA.slice(k);
        Mask sliceB = maskB.slice(k);
        boolean[] expectedA = java.util.Arrays.copyOfRange(a, k * sliceSize, (k + 1) * sliceSize);
        boolean[] expectedB = java.util.Arrays.copyOfRange(b, k * sliceSize, (k + 1) * sliceSize);

        assertThat(sliceA.toBooleans(VoxelOrder.ROW_MAJOR)).isEqualTo(expectedA);
        assertThat(sliceA.count()).isEqualTo(countTrue(expectedA));
        assertThat(sliceA.intersectionCount(sliceB)).isEqualTo(countBoth(expectedA, expectedB, true));
        assertThat(sliceA.or(sliceB).toBooleans(VoxelOrder.ROW_MAJOR)).isEqualTo(combine(expectedA, expectedB, 'o'));

        // Writing through the view changes the parent, and only inside the slice.
        long before = maskA.count();
        long sliceBefore = sliceA.count();
        sliceA.clear();
        assertThat(maskA.count()).isEqualTo(before - sliceBefore);
        sliceA.setRange(0, sliceSize);
        assertThat(maskA.count()).isEqualTo(before - sliceBefore + sliceSize);
        for (int n = 0; n < geometry.voxelCount(); n++) {
            boolean inSlice = n / sliceSize == k;
            assertThat(maskA.get(n)).as("voxel %d", n).isEqualTo(inSlice || a[n]);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void columnMajorIsTransposePerSlice(long seed) {
        Random random = Seeds.random(seed);
        int columns = 1 + random.nextInt(13);
        int rows = 1 + random.nextInt(11);
        int slices = 1 + random.nextInt(3);
        Geometry geometry = Geometry.of(columns, rows, slices, new double[] {1, 1, 1}, new double[3],
                Geometry.identityDirection());
        byte[] columnMajor = new byte[geometry.voxelCount()];
        for (int n = 0; n < columnMajor.length; n++) {
            columnMajor[n] = (byte) (random.nextInt(3) == 0 ? 1 : 0);
        }

        Mask mask = Mask.fromBytes(geometry, columnMajor, VoxelOrder.COLUMN_MAJOR);

        for (int k = 0; k < slices; k++) {
            for (int i = 0; i < columns; i++) {
                for (int j = 0; j < rows; j++) {
                    boolean expected = columnMajor[k * columns * rows + i * rows + j] != 0;
                    assertThat(mask.get(i, j, k)).as("voxel (%d, %d, %d)", i, j, k).isEqualTo(expected);
                }
            }
        }
        assertThat(mask.toBytes(VoxelOrder.COLUMN_MAJOR)).isEqualTo(columnMajor);
    }

    @Test
    void emptyMaskHasNoBoxOrCentroid() {
        Mask mask = new Mask(Geometry.of2D(5, 5));

        assertThat(mask.isEmpty()).isTrue();
        assertThat(mask.boundingBox()).isEmpty();
        assertThat(mask.centroid()).isNull();
        assertThat(mask.iou(mask)).isZero();
        assertThat(mask.nextSetBit(0)).isEqualTo(-1);
    }

    @Test
    void differentGridsAreRejected() {
        Mask a = new Mask(Geometry.of2D(5, 5));
        Mask b = new Mask(Geometry.of2D(5, 6));
        Mask shifted = new Mask(Geometry.of(5, 5, 1, new double[] {1, 1, 1}, new double[] {0.5, 0, 0},
                Geometry.identityDirection()));

        assertThatThrownBy(() -> a.and(b)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size");
        assertThatThrownBy(() -> a.intersectionCount(shifted)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("origin");
    }

    @Test
    void outOfRangeIndexIsRejected() {
        Mask mask = new Mask(Geometry.of2D(4, 3));

        assertThatThrownBy(() -> mask.get(12)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("12");
        assertThatThrownBy(() -> mask.set(4, 0, 0, true)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("(4, 0, 0)");
        assertThatThrownBy(() -> Mask.fromBytes(mask.geometry(), new byte[11], VoxelOrder.ROW_MAJOR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("11");
    }

    @Test
    void boxRoundTripsThroughMask() {
        Geometry geometry = Geometry.of(20, 10, 5, new double[] {1, 1, 1}, new double[3], Geometry.identityDirection());
        BoundingBox box = new BoundingBox(3, 2, 1, 17, 9, 4);

        Mask mask = box.toMask(geometry);

        assertThat(mask.count()).isEqualTo(box.voxelCount());
        assertThat(mask.boundingBox()).contains(box);
        // Parts outside the grid are clipped.
        assertThat(new BoundingBox(-2, -2, 0, 3, 3, 1).toMask(geometry).count()).isEqualTo(9);
    }

    private static boolean[] randomBits(Random random, int count) {
        double density = random.nextDouble();
        boolean[] bits = new boolean[count];
        for (int n = 0; n < count; n++) {
            bits[n] = random.nextDouble() < density;
        }
        return bits;
    }

    private static long countTrue(boolean[] bits) {
        long count = 0;
        for (boolean bit : bits) {
            count += bit ? 1 : 0;
        }
        return count;
    }

    private static long countBoth(boolean[] a, boolean[] b, boolean and) {
        long count = 0;
        for (int n = 0; n < a.length; n++) {
            if (and ? a[n] && b[n] : a[n] || b[n]) {
                count++;
            }
        }
        return count;
    }

    private static boolean[] combine(boolean[] a, boolean[] b, char operation) {
        boolean[] result = new boolean[a.length];
        for (int n = 0; n < a.length; n++) {
            result[n] = switch (operation) {
                case 'a' -> a[n] && b[n];
                case 'o' -> a[n] || b[n];
                case 'x' -> a[n] ^ b[n];
                default -> a[n] && !b[n];
            };
        }
        return result;
    }

    private static Optional<BoundingBox> naiveBox(Geometry geometry, boolean[] bits) {
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int minZ = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        int maxZ = -1;
        for (int k = 0; k < geometry.slices(); k++) {
            for (int j = 0; j < geometry.rows(); j++) {
                for (int i = 0; i < geometry.columns(); i++) {
                    if (bits[geometry.index(i, j, k)]) {
                        minX = Math.min(minX, i);
                        minY = Math.min(minY, j);
                        minZ = Math.min(minZ, k);
                        maxX = Math.max(maxX, i);
                        maxY = Math.max(maxY, j);
                        maxZ = Math.max(maxZ, k);
                    }
                }
            }
        }
        return maxX < 0 ? Optional.empty() : Optional.of(new BoundingBox(minX, minY, minZ, maxX + 1, maxY + 1, maxZ + 1));
    }

    private static void assertCentroid(Mask mask, Geometry geometry, boolean[] bits) {
        double sumI = 0;
        double sumJ = 0;
        double sumK = 0;
        long count = 0;
        for (int k = 0; k < geometry.slices(); k++) {
            for (int j = 0; j < geometry.rows(); j++) {
                for (int i = 0; i < geometry.columns(); i++) {
                    if (bits[geometry.index(i, j, k)]) {
                        sumI += i;
                        sumJ += j;
                        sumK += k;
                        count++;
                    }
                }
            }
        }
        if (count == 0) {
            assertThat(mask.centroid()).isNull();
            return;
        }
        assertThat(mask.centroid()).containsExactly(new double[] {sumI / count, sumJ / count, sumK / count},
                within(1e-9));
    }
}
