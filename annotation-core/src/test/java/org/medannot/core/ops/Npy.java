package org.medannot.core.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the reference arrays that the scripts under {@code tools/reference/} write with
 * {@code numpy.savez_compressed}: a ZIP archive of NPY files (format version 1.0 or 2.0,
 * little-endian or single-byte types, C order). Test helper only.
 */
final class Npy {

    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /** The NPY type string, for example {@code <f8}, {@code <i2} or {@code |u1}. */
    final String descr;
    /** Array shape in numpy order (the last axis varies fastest). */
    final int[] shape;
    private final ByteBuffer data;

    private Npy(String descr, int[] shape, ByteBuffer data) {
        this.descr = descr;
        this.shape = shape;
        this.data = data;
    }

    /** Loads every array of {@code /ops/<archive>.npz} from the test class path, keyed by name. */
    static Map<String, Npy> loadArchive(String archive) {
        String resource = "/ops/" + archive + ".npz";
        Map<String, Npy> arrays = new HashMap<>();
        try (InputStream in = Npy.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("test resource not found: " + resource);
            }
            try (ZipInputStream zip = new ZipInputStream(in)) {
                for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    String name = entry.getName().replaceFirst("\\.npy$", "");
                    arrays.put(name, parse(resource + "!" + entry.getName(), zip.readAllBytes()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
        return arrays;
    }

    /** Returns the array {@code name} of an archive, failing with the names present when it is missing. */
    static Npy get(Map<String, Npy> archive, String name) {
        Npy array = archive.get(name);
        if (array == null) {
            throw new IllegalStateException("reference array " + name + " not found; present: " + archive.keySet());
        }
        return array;
    }

    private static Npy parse(String resource, byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || (bytes[0] & 0xFF) != 0x93 || bytes[1] != 'N') {
            throw new IllegalStateException(resource + ": not an NPY file");
        }
        int major = bytes[6];
        int headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = buffer.getShort(8) & 0xFFFF;
            headerStart = 10;
        } else {
            headerLength = buffer.getInt(8);
            headerStart = 12;
        }

        String header = new String(bytes, headerStart, headerLength, StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw new IllegalStateException(resource + ": unreadable header " + header);
        }
        if (fortran.group(1).equals("True")) {
            throw new IllegalStateException(resource + ": Fortran order is not supported");
        }

        String[] parts = shape.group(1).split(",");
        int count = 0;
        for (String part : parts) {
            if (!part.isBlank()) {
                count++;
            }
        }
        int[] dims = new int[count];
        for (int n = 0, d = 0; n < parts.length; n++) {
            if (!parts[n].isBlank()) {
                dims[d++] = Integer.parseInt(parts[n].trim());
            }
        }

        ByteBuffer data = ByteBuffer.wrap(bytes, headerStart + headerLength, bytes.length - headerStart - headerLength)
                .slice().order(ByteOrder.LITTLE_ENDIAN);
        return new Npy(descr.group(1), dims, data);
    }

    /** Number of elements. */
    int size() {
        int size = 1;
        for (int dim : shape) {
            size *= dim;
        }
        return size;
    }

    /** Returns every element as a double. */
    double[] doubles() {
        double[] values = new double[size()];
        for (int n = 0; n < values.length; n++) {
            values[n] = element(n);
        }
        return values;
    }

    /** Returns every element as a float (exact for {@code <f4} and small integers). */
    float[] floats() {
        float[] values = new float[size()];
        for (int n = 0; n < values.length; n++) {
            values[n] = (float) element(n);
        }
        return values;
    }

    /** Returns every element as a short (for {@code <i2} and {@code <u2}, the stored bits). */
    short[] shorts() {
        short[] values = new short[size()];
        for (int n = 0; n < values.length; n++) {
            values[n] = (short) (long) element(n);
        }
        return values;
    }

    /** Returns every element as an int. */
    int[] ints() {
        int[] values = new int[size()];
        for (int n = 0; n < values.length; n++) {
            values[n] = (int) element(n);
        }
        return values;
    }

    /** Returns every element as a byte (non-zero booleans become 1). */
    byte[] bytes() {
        byte[] values = new byte[size()];
        for (int n = 0; n < values.length; n++) {
            values[n] = (byte) (long) element(n);
        }
        return values;
    }

    private double element(int n) {
        switch (descr) {
            case "<f8":
                return data.getDouble(8 * n);
            case "<f4":
                return data.getFloat(4 * n);
            case "<i8":
                return data.getLong(8 * n);
            case "<i4":
                return data.getInt(4 * n);
            case "<u4":
                return data.getInt(4 * n) & 0xFFFFFFFFL;
            case "<i2":
                return data.getShort(2 * n);
            case "<u2":
                return data.getShort(2 * n) & 0xFFFF;
            case "|u1":
            case "|b1":
                return data.get(n) & 0xFF;
            case "|i1":
                return data.get(n);
            default:
                throw new IllegalStateException("NPY type " + descr + " is not supported");
        }
    }
}
