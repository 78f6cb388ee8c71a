package org.medannot.dicom.seg;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.medannot.core.geometry.Geometry;

/**
 * Loads the reference tables and fixtures made by tools/reference/seg_rtstruct_reference.py
 * with pydicom and numpy.
 */
final class SegReferenceData {

    private static final String BASE = "/org/medannot/dicom/seg/";

    private SegReferenceData() {
    }

    /** One line of seg.tsv or rtstruct.tsv: a segment or ROI with its voxel count and centroid. */
    record MaskReference(String file, int number, long count, double[] centroid) {
    }

    static List<MaskReference> masks(String table) {
        List<MaskReference> references = new ArrayList<>();
        for (String[] fields : rows(table)) {
            double[] centroid = {Double.parseDouble(fields[3]), Double.parseDouble(fields[4]), Double.parseDouble(fields[5])};
            references.add(new MaskReference(fields[0], Integer.parseInt(fields[1]), Long.parseLong(fields[2]), centroid));
        }
        return references;
    }

    /** The grid that the script used for {@code name} (a row of grids.tsv). */
    static Geometry grid(String name) {
        for (String[] fields : rows("grids.tsv")) {
            if (!fields[0].equals(name)) {
                continue;
            }
            double[] numbers = Arrays.stream(fields, 4, fields.length).mapToDouble(Double::parseDouble).toArray();
            return Geometry.of(Integer.parseInt(fields[1]), Integer.parseInt(fields[2]), Integer.parseInt(fields[3]),
                    Arrays.copyOfRange(numbers, 0, 3), Arrays.copyOfRange(numbers, 3, 6), Arrays.copyOfRange(numbers, 6, 15));
        }
        throw new IllegalArgumentException("no grid " + name + " in grids.tsv");
    }

    static List<String[]> rows(String table) {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = SegReferenceData.class.getResourceAsStream(BASE + "reference/" + table)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource reference/" + table);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split("\t"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Copies a fixture of the test resources to {@code folder} and returns its path. */
    static Path fixture(String name, Path folder) {
        try (InputStream in = SegReferenceData.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            Path target = folder.resolve(name);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
