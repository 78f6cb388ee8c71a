package org.medannot.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the reference values under {@code org/medannot/metrics/reference} in the test resources,
 * written by {@code tools/reference/surface_metrics_reference.py}.
 */
public final class ReferenceFiles {

    private static final String FOLDER = "/org/medannot/metrics/reference/";

    private ReferenceFiles() {
    }

    /** Returns the gunzipped bytes of a resource in the reference folder. */
    public static byte[] gunzip(String name) {
        try (InputStream raw = ReferenceFiles.class.getResourceAsStream(FOLDER + name)) {
            if (raw == null) {
                throw new IllegalStateException("test resource not found: " + FOLDER + name);
            }
            try (GZIPInputStream in = new GZIPInputStream(raw)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns little-endian float64 values from a gzipped resource. */
    public static double[] gunzipDoubles(String name) {
        byte[] bytes = gunzip(name);
        double[] values = new double[bytes.length / 8];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
        return values;
    }

    /** Returns a JSON resource of the reference folder. */
    public static JsonNode json(String name) {
        try (InputStream in = ReferenceFiles.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource not found: " + FOLDER + name);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
