package org.medannot.coco.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.medannot.coco.CocoFormatException;
import org.medannot.coco.rle.Rle;
import org.medannot.core.testing.SharedData;

/**
 * Reads the pycocotools reference fixtures of the test data set (folder {@code coco-golden}). Their
 * masks are base64 GZIP streams of bits packed 8 per byte, MSB first, in row-major order.
 */
public final class Golden {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Golden() {
    }

    /** Reads one fixture file, skipping the calling test when the test data set is absent. */
    public static JsonNode load(String name) {
        Path path = SharedData.require("coco-golden/" + name);
        try {
            return MAPPER.readTree(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes a fixture mask into one byte (0 or 1) per pixel in column-major order. */
    public static byte[] columnMajorMask(String encoded, int height, int width) {
        byte[] packed;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(encoded)))) {
            packed = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] pixels = new byte[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int bit = y * width + x;
                pixels[x * height + y] = (byte) ((packed[bit >> 3] >> (7 - (bit & 7))) & 1);
            }
        }
        return pixels;
    }

    public static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).intValue();
        }
        return values;
    }

    public static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).doubleValue();
        }
        return values;
    }

    public static double[][] matrix(JsonNode array) {
        double[][] rows = new double[array.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = doubles(array.get(i));
        }
        return rows;
    }

    /** Parses an RLE object {@code {"size": [h, w], "counts": "..."}}. */
    public static Rle rle(JsonNode node) {
        try {
            return Rle.fromCompressedString(node.get("size").get(0).intValue(), node.get("size").get(1).intValue(),
                    node.get("counts").textValue());
        } catch (CocoFormatException e) {
            throw new AssertionError("fixture RLE does not parse: " + node, e);
        }
    }

    public static List<Rle> rles(JsonNode array) {
        List<Rle> list = new ArrayList<>();
        for (JsonNode node : array) {
            list.add(rle(node));
        }
        return list;
    }

    public static boolean[] flags(JsonNode array) {
        boolean[] values = new boolean[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).intValue() != 0;
        }
        return values;
    }
}
