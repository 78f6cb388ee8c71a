package org.medannot.coco.polygon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.medannot.coco.rle.Rle;
import org.medannot.coco.testing.Golden;

/** Polygon and box rasterization against pycocotools' {@code frPyObjects} outputs. */
class CocoPolygonsGoldenTest {

    @TestFactory
    Stream<DynamicTest> polygonsMatchPycocotools() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : Golden.load("polygons.json").get("cases")) {
            tests.add(dynamicTest(c.get("name").textValue(), () -> {
                int h = c.get("height").intValue();
                int w = c.get("width").intValue();
                List<double[]> polygons = new ArrayList<>();
                for (JsonNode polygon : c.get("polygons")) {
                    polygons.add(Golden.doubles(polygon));
                }
                for (int i = 0; i < polygons.size(); i++) {
                    Rle part = CocoPolygons.rasterize(polygons.get(i), h, w);
                    assertThat(part.toCompressedString()).as("part %d", i)
                            .isEqualTo(c.get("part_rles").get(i).textValue());
                    assertThat(part.area()).as("part %d area", i).isEqualTo(c.get("part_areas").get(i).longValue());
                    assertThat(part.toBbox()).as("part %d bbox", i)
                            .containsExactly(Golden.doubles(c.get("part_bboxes").get(i)));
                }
                Rle merged = CocoPolygons.rasterizeAll(polygons, h, w);
                assertThat(merged.toCompressedString()).as("merged").isEqualTo(c.get("rle").textValue());
                assertThat(merged.area()).as("area").isEqualTo(c.get("area").longValue());
                assertThat(merged.toBbox()).as("bbox").containsExactly(Golden.doubles(c.get("bbox")));
                assertThat(merged.decode()).as("mask").isEqualTo(Golden.columnMajorMask(c.get("mask").textValue(), h, w));
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> boxesMatchPycocotools() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : Golden.load("polygons.json").get("box_cases")) {
            tests.add(dynamicTest(c.get("name").textValue(), () -> {
                int h = c.get("height").intValue();
                int w = c.get("width").intValue();
                JsonNode boxes = c.get("boxes");
                for (int i = 0; i < boxes.size(); i++) {
                    Rle rle = CocoPolygons.rasterizeBox(Golden.doubles(boxes.get(i)), h, w);
                    assertThat(rle.toCompressedString()).as("box %d", i).isEqualTo(c.get("rles").get(i).textValue());
                    assertThat(rle.area()).as("box %d area", i).isEqualTo(c.get("areas").get(i).longValue());
                    assertThat(rle.toBbox()).as("box %d bbox", i).containsExactly(Golden.doubles(c.get("bboxes").get(i)));
                    assertThat(rle.decode()).as("box %d mask", i)
                            .isEqualTo(Golden.columnMajorMask(c.get("masks").get(i).textValue(), h, w));
                }
            }));
        }
        return tests.stream();
    }
}
