package org.medannot.dicom.deid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.medannot.dicom.Attributes;
import org.medannot.dicom.DicomElement;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.ReadOptions;
import org.medannot.dicom.Tag;
import org.medannot.dicom.TransferSyntax;

/**
 * Searches a written file for original identifying values, twice: in the raw bytes of the
 * whole file (ISO 8859-1 and UTF-8 encodings of each value), and in every parsed element at
 * every nesting level, the File Meta Information and private blocks included (text values as
 * decoded, the in-memory bytes of other values in both encodings). The second search also covers
 * Deflated Explicit VR Little Endian files, whose raw bytes are compressed.
 *
 * <p>Values shorter than {@link #MIN_LENGTH} characters are not searched, because short values
 * such as "CT" or "1" occur in any file by chance. Findings name where a value was found and
 * which attribute it came from, never the value. Stateless and thread-safe.
 */
public final class ResidualIdentifierScanner {

    /** Shortest value, in characters, that is searched for. */
    public static final int MIN_LENGTH = 5;

    private ResidualIdentifierScanner() {
    }

    /**
     * Scans {@code file} for the keys of {@code originals}.
     *
     * @param originals original value to a label of where it came from (an attribute path);
     *                  the label goes into findings, the value does not
     * @return the findings, empty when no value was found
     * @throws IOException when the file cannot be read
     */
    public static List<String> scan(Path file, Map<String, String> originals) throws IOException {
        return scan(file, Files.readAllBytes(file), originals);
    }

    /**
     * Scans the content of a Part 10 file for the keys of {@code originals}, for example an
     * encoded copy before it is written.
     *
     * @param file the name of the content in messages; it is not opened
     * @param originals original value to a label of where it came from (an attribute path);
     *                  the label goes into findings, the value does not
     * @return the findings, empty when no value was found
     * @throws org.medannot.dicom.DicomException when the content is not valid DICOM
     */
    public static List<String> scan(Path file, byte[] content, Map<String, String> originals) {
        Map<String, String> searched = new LinkedHashMap<>();
        originals.forEach((value, label) -> {
            if (value.strip().length() >= MIN_LENGTH) {
                searched.putIfAbsent(value.strip(), label);
            }
        });
        if (searched.isEmpty()) {
            return List.of();
        }
        Set<String> findings = new LinkedHashSet<>();
        Patterns patterns = Patterns.of(searched);
        scanBytes(content, patterns, findings);
        DicomFile parsed = DicomFile.read(file, content, ReadOptions.DEFAULT);
        TransferSyntax syntax = parsed.transferSyntax();
        boolean deflated = syntax != null && syntax.deflated();
        Search search = new Search(shortest(searched), patterns, deflated, file.toString());
        scanAttributes(parsed.fileMeta(), "", search, findings);
        scanAttributes(parsed.dataSet(), "", search, findings);
        return new ArrayList<>(findings);
    }

    /**
     * The ISO 8859-1 and UTF-8 encodings of the searched values, the same bytes for ASCII values,
     * with the index of each value's two patterns.
     */
    private record Patterns(List<String> values, Map<String, String> labels, BytePatterns search, int[] latin1, int[] utf8) {

        static Patterns of(Map<String, String> searched) {
            List<String> values = new ArrayList<>(searched.keySet());
            List<byte[]> bytes = new ArrayList<>();
            int[] latin1 = new int[values.size()];
            int[] utf8 = new int[values.size()];
            for (int n = 0; n < values.size(); n++) {
                byte[] latin1Bytes = values.get(n).getBytes(StandardCharsets.ISO_8859_1);
                byte[] utf8Bytes = values.get(n).getBytes(StandardCharsets.UTF_8);
                latin1[n] = bytes.size();
                bytes.add(latin1Bytes);
                if (!Arrays.equals(latin1Bytes, utf8Bytes)) {
                    bytes.add(utf8Bytes);
                }
                utf8[n] = bytes.size() - 1;
            }
            return new Patterns(values, searched, BytePatterns.of(bytes), latin1, utf8);
        }

        /** Returns, for each value, the offset of its first occurrence in {@code data} in either encoding, or -1. */
        long[] firstOffsets(byte[] data) {
            long[] offsets = search.firstOffsets(data);
            long[] first = new long[values.size()];
            for (int n = 0; n < values.size(); n++) {
                first[n] = offsets[latin1[n]] >= 0 ? offsets[latin1[n]] : offsets[utf8[n]];
            }
            return first;
        }
    }

    /**
     * Searches the raw bytes for the ISO 8859-1 and the UTF-8 encoding of each value in one pass.
     * Each value found adds a finding with its first offset: that of its ISO 8859-1 encoding
     * when that occurs, else that of its UTF-8 encoding.
     */
    private static void scanBytes(byte[] content, Patterns patterns, Set<String> findings) {
        long[] first = patterns.firstOffsets(content);
        for (int n = 0; n < first.length; n++) {
            if (first[n] >= 0) {
                findings.add("original value of " + patterns.labels().get(patterns.values().get(n)) + " found at byte offset " + first[n]);
            }
        }
    }

    private static int shortest(Map<String, String> searched) {
        int shortest = Integer.MAX_VALUE;
        for (String value : searched.keySet()) {
            shortest = Math.min(shortest, value.length());
        }
        return shortest;
    }

    /** The values that {@link #scanAttributes} searches for, their patterns, and whether the file was deflated. */
    private record Search(int shortest, Patterns patterns, boolean deflated, String source) {
    }

    /**
     * Searches every element at every level: text values as decoded strings, and the in-memory
     * bytes of every other value (UN, OB, OW, OF, OD and the rest) as raw bytes. The raw bytes of a
     * Deflated Explicit VR Little Endian file are compressed, so there the bulk values (such as
     * the pixel data) are searched here too, read from the inflated data set.
     */
    private static void scanAttributes(Attributes attributes, String path, Search search, Set<String> findings) {
        for (DicomElement element : attributes.elements()) {
            String where = path + Tag.toString(element.tag());
            if (element.isSequence()) {
                List<Attributes> items = element.items();
                for (int n = 0; n < items.size(); n++) {
                    scanAttributes(items.get(n), where + "[" + n + "]/", search, findings);
                }
                continue;
            }
            if (!element.vr().isText()) {
                byte[] bytes = element.bytes();
                if (bytes == null && element.isBulkData() && search.deflated()) {
                    bytes = element.bulkData().read(search.source());
                }
                if (bytes != null && bytes.length >= search.shortest()) {
                    long[] first = search.patterns().firstOffsets(bytes);
                    for (int n = 0; n < first.length; n++) {
                        if (first[n] >= 0) {
                            findings.add("original value of " + search.patterns().labels().get(search.patterns().values().get(n)) + " found in "
                                    + where);
                        }
                    }
                }
                continue;
            }
            for (String text : attributes.getStrings(element.tag())) {
                if (text.length() < search.shortest()) {
                    continue;
                }
                for (Map.Entry<String, String> entry : search.patterns().labels().entrySet()) {
                    if (text.contains(entry.getKey())) {
                        findings.add("original value of " + entry.getValue() + " found in " + where);
                    }
                }
            }
        }
    }
}
