package org.medannot.coco.rle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.medannot.coco.CocoFormatException;
import org.medannot.core.testing.Seeds;

/** Checks of RLE input validation and invariants; reference values come from the COCO RLE definition. */
class RleTest {

    @Test
    void runsThatDoNotSumAreRejected() {
        assertThatThrownBy(() -> Rle.ofCounts(4, 4, new int[] {3, 4}))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageContaining("add up to 7")
                .hasMessageContaining("16 pixels");
    }

    @Test
    void negativeRunIsRejected() {
        assertThatThrownBy(() -> Rle.ofCounts(2, 2, new int[] {5, -1}))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageContaining("run 1 is negative");
    }

    @Test
    void hugeDeclaredSizeIsRejectedBeforeAllocation() {
        // 100000 x 100000 is 10^10 pixels, about 10 GB as one byte per pixel.
        assertThatThrownBy(() -> Rle.fromCompressedString(100_000, 100_000, "0"))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageContaining("10000000000 pixels");
    }

    @Test
    void negativeSizeIsRejected() {
        assertThatThrownBy(() -> Rle.ofCounts(-1, 4, new int[] {0}))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageContaining("[-1, 4]");
    }

    @Test
    void characterOutsideAlphabetIsRejected() {
        assertThatThrownBy(() -> Rle.fromCompressedString(2, 2, "1 3"))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageContaining("' ' at offset 1");
    }

    @Test
    void stringEndingInsideRunIsRejected() {
        // 'P' is 48 + 0x20: a group with the continuation bit and nothing after it.
        assertThatThrownBy(() -> Rle.fromCompressedString(2, 2, "4P"))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageContaining("ends inside run 1");
    }

    @Test
    void overlongRunIsRejected() {
        assertThatThrownBy(() -> Rle.fromCompressedString(2, 2, "PPPPPPPP0"))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageContaining("longer than 7 characters");
    }

    @Test
    void negativeDecodedRunIsRejected() {
        // 'O' is 48 + 31: bit 4 set and no continuation, so the value sign-extends to -1.
        assertThatThrownBy(() -> Rle.fromCompressedString(4, 4, "O"))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageContaining("decodes to -1");
    }

    @Test
    void emptyImageEncodesLikePycocotools() {
        Rle rle = Rle.encode(new byte[0], 0, 5);
        assertThat(rle.counts()).containsExactly(0);
        assertThat(rle.toCompressedString()).isEqualTo("0");
        assertThat(rle.toBbox()).containsExactly(0, 0, 0, 0);
    }

    @Test
    void mergeOfEmptyListIsRejected() {
        assertThatThrownBy(() -> Rle.merge(List.of(), false)).isInstanceOf(IllegalArgumentException.class);
    }

    static LongStream seeds() {
        return Seeds.seeds(20);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomMasksRoundTrip(long seed) throws CocoFormatException {
        Random random = Seeds.random(seed);
        int height = 1 + random.nextInt(40);
        int width = 1 + random.nextInt(40);
        double density = random.nextDouble();
        List<byte[]> masks = new ArrayList<>();
        List<Rle> rles = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            byte[] mask = new byte[height * width];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = (byte) (random.nextDouble() < density ? 1 : 0);
            }
            masks.add(mask);
            rles.add(Rle.encode(mask, height, width));
        }

        for (int m = 0; m < 3; m++) {
            Rle rle = rles.get(m);
            assertThat(rle.decode()).as("decode(encode)").isEqualTo(masks.get(m));
            assertThat(Rle.fromCompressedString(height, width, rle.toCompressedString())).as("string").isEqualTo(rle);
        }

        // Union and intersection against pixelwise OR and AND; IoU symmetry without crowd.
        byte[] or = new byte[height * width];
        byte[] and = new byte[height * width];
        for (int i = 0; i < or.length; i++) {
            or[i] = (byte) (masks.get(0)[i] | masks.get(1)[i] | masks.get(2)[i]);
            and[i] = (byte) (masks.get(0)[i] & masks.get(1)[i] & masks.get(2)[i]);
        }
        assertThat(Rle.merge(rles, false)).as("union").isEqualTo(Rle.encode(or, height, width));
        assertThat(Rle.merge(rles, true)).as("intersection").isEqualTo(Rle.encode(and, height, width));
        double[][] iou = Rle.iou(rles, rles, null);
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                assertThat(iou[a][b]).as("iou[%d][%d] symmetric", a, b).isEqualTo(iou[b][a]);
            }
        }
    }
}
