package org.medannot.coco.rle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.medannot.coco.testing.Golden;

/** RLE encoding, string form, area, box, merge and IoU against pycocotools' recorded outputs. */
class RleGoldenTest {

    @TestFactory
    Stream<DynamicTest> encodeMatchesPycocotools() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : Golden.load("rle.json").get("cases")) {
            tests.add(dynamicTest(c.get("name").textValue(), () -> {
                int h = c.get("height").intValue();
                int w = c.get("width").intValue();
                byte[] mask = Golden.columnMajorMask(c.get("mask").textValue(), h, w);

                Rle encoded = Rle.encode(mask, h, w);
                assertThat(encoded.counts()).as("counts").containsExactly(Golden.ints(c.get("counts")));
                assertThat(encoded.toCompressedString()).as("string").isEqualTo(c.get("rle").textValue());
                assertThat(encoded.area()).as("area").isEqualTo(c.get("area").longValue());
                assertThat(encoded.toBbox()).as("bbox").containsExactly(Golden.doubles(c.get("bbox")));
                assertThat(encoded.isCanonical()).as("canonical").isTrue();

                Rle parsed = Rle.fromCompressedString(h, w, c.get("rle").textValue());
                assertThat(parsed).as("parsed string").isEqualTo(encoded);
                assertThat(parsed.decode()).as("decoded").isEqualTo(mask);
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> nonCanonicalRunsKeptAndMeasuredFromPixels() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : Golden.load("rle_noncanonical.json").get("cases")) {
            tests.add(dynamicTest(c.get("name").textValue(), () -> {
                int h = c.get("height").intValue();
                int w = c.get("width").intValue();
                int[] counts = Golden.ints(c.get("counts"));
                byte[] mask = Golden.columnMajorMask(c.get("mask").textValue(), h, w);

                Rle rle = Rle.ofCounts(h, w, counts);
                assertThat(rle.toCompressedString()).as("string keeps zero runs").isEqualTo(c.get("rle").textValue());
                assertThat(Rle.fromCompressedString(h, w, c.get("rle").textValue()).counts())
                        .as("parsed counts").containsExactly(counts);
                boolean sameAsCanonical = java.util.Arrays.equals(counts, Golden.ints(c.get("canonical_counts")));
                assertThat(rle.isCanonical()).as("canonical").isEqualTo(sameAsCanonical);
                assertThat(rle.decode()).as("decoded").isEqualTo(mask);
                assertThat(rle.area()).as("area").isEqualTo(c.get("area").longValue());

                // pycocotools' toBbox is wrong for many of these; the box of the pixels is expected.
                int[] trueBox = Golden.ints(c.get("bbox_of_mask"));
                assertThat(rle.toBbox()).as("bbox of the pixels")
                        .containsExactly(trueBox[0], trueBox[1], trueBox[2], trueBox[3]);
                assertThat(rle.canonical().toBbox()).as("canonical bbox")
                        .containsExactly(Golden.doubles(c.get("canonical_bbox")));

                Rle canonical = rle.canonical();
                assertThat(canonical.counts()).as("canonical counts")
                        .containsExactly(Golden.ints(c.get("canonical_counts")));
                assertThat(canonical.toCompressedString()).as("canonical string")
                        .isEqualTo(c.get("canonical_rle").textValue());
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> maskIouMatchesPycocotools() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode group : Golden.load("iou.json").get("mask_groups")) {
            String name = group.get("name").textValue();
            tests.add(dynamicTest(name, () -> {
                List<Rle> dt = Golden.rles(group.get("dt"));
                List<Rle> gt = Golden.rles(group.get("gt"));
                boolean[] iscrowd = Golden.flags(group.get("iscrowd"));
                double[][] iou = Rle.iou(dt, gt, iscrowd);

                assertThat(iou.length).as("rows").isEqualTo(dt.size());
                if (dt.isEmpty() || gt.isEmpty()) {
                    assertThat(group.get("iou").size()).as("pycocotools result").isZero();
                    return;
                }
                JsonNode pycocotools = group.get("iou");
                JsonNode ofMasks = group.get("iou_of_masks");
                boolean nonCanonical = name.startsWith("noncanonical");
                for (int d = 0; d < dt.size(); d++) {
                    for (int g = 0; g < gt.size(); g++) {
                        JsonNode truth = ofMasks.get(d).get(g);
                        // Non-canonical inputs stop pycocotools' loop early; the pixel value is expected.
                        double expected = nonCanonical && !truth.isNull()
                                ? truth.doubleValue() : pycocotools.get(d).get(g).doubleValue();
                        assertThat(iou[d][g]).as("iou[%d][%d]", d, g).isEqualTo(expected);
                    }
                }
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> boxIouMatchesPycocotools() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode group : Golden.load("iou.json").get("box_groups")) {
            tests.add(dynamicTest(group.get("name").textValue(), () -> {
                double[][] dt = Golden.matrix(group.get("dt"));
                double[][] gt = Golden.matrix(group.get("gt"));
                double[][] iou = BoxIou.iou(dt, gt, Golden.flags(group.get("iscrowd")));
                if (dt.length == 0 || gt.length == 0) {
                    assertThat(group.get("iou").size()).as("pycocotools result").isZero();
                    assertThat(iou.length).as("rows").isEqualTo(dt.length);
                    return;
                }
                double[][] expected = Golden.matrix(group.get("iou"));
                for (int d = 0; d < dt.length; d++) {
                    assertThat(iou[d]).as("row %d", d).containsExactly(expected[d]);
                }
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> mergeMatchesPixelwiseResult() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : Golden.load("merge.json").get("cases")) {
            String name = c.get("name").textValue();
            tests.add(dynamicTest(name, () -> {
                List<Rle> inputs = Golden.rles(c.get("rles"));
                if (c.get("union_of_masks_rle").isNull()) {
                    // Sizes differ: pycocotools returns a [0, 0] RLE; this library rejects the call.
                    assertThatThrownBy(() -> Rle.merge(inputs, false))
                            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different sizes");
                    return;
                }
                checkMerge(c, inputs, false, "union");
                checkMerge(c, inputs, true, "intersection");
            }));
        }
        return tests.stream();
    }

    private static void checkMerge(JsonNode c, List<Rle> inputs, boolean intersect, String kind) {
        Rle merged = Rle.merge(inputs, intersect);
        String ofMasks = c.get(kind + "_of_masks_rle").textValue();
        assertThat(merged.toCompressedString()).as(kind).isEqualTo(ofMasks);

        // With zero-length runs in an input, pycocotools' result is truncated or keeps the zero runs.
        JsonNode pycocotools = c.get(kind);
        boolean canonicalInputs = inputs.stream().allMatch(Rle::isCanonical);
        if (canonicalInputs) {
            assertThat(merged.toCompressedString()).as(kind + " as pycocotools")
                    .isEqualTo(pycocotools.get("counts").textValue());
            assertThat(merged.area()).as(kind + " area").isEqualTo(c.get(kind + "_area").longValue());
        }
    }
}
