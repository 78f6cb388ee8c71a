package org.medannot.dicom.deid;

import java.io.IOException;
import java.nio.charset.Charset;
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
 * such as "CT" or "1" occur in any file by chance. Longer ones can too: a new 39-digit UID
 * contains a given five-digit number about once in 3,000 UIDs (an estimate from 35 positions at
 * a chance of 1 in 100,000 each). So the de-identifier passes the values it wrote itself, and an
 * occurrence that lies inside one of those is not a finding. Findings name where a value was
 * found and which attribute it came from, never the value. Stateless and thread-safe.
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
        return scan(file, content, originals, Set.of());
    }

    /**
     * Scans the content of a Part 10 file for the keys of {@code originals}, leaving out
     * occurrences that lie inside one of the {@code written} values.
     *
     * @param written values that the de-identifier wrote into the copy (new UIDs, pseudonyms,
     *                shifted dates, dummy values and the de-identification attributes)
     */
    static List<String> scan(Path file, byte[] content, Map<String, String> originals, Set<String> written) {
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
        Patterns patterns = Patterns.of(searched, written);
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
     * with the index of each value's two patterns, and for each value the written values that
     * contain it.
     */
    private record Patterns(List<String> values, Map<String, String> labels, List<byte[]> bytes, BytePatterns search,
            int[] latin1, int[] utf8, List<List<String>> containers) {

        static Patterns of(Map<String, String> searched, Set<String> written) {
            List<String> values = new ArrayList<>(searched.keySet());
            List<byte[]> bytes = new ArrayList<>();
            int[] latin1 = new int[values.size()];
            int[] utf8 = new int[values.size()];
            List<List<String>> containers = new ArrayList<>();
            for (int n = 0; n < values.size(); n++) {
                byte[] latin1Bytes = values.get(n).getBytes(StandardCharsets.ISO_8859_1);
                byte[] utf8Bytes = values.get(n).getBytes(StandardCharsets.UTF_8);
                latin1[n] = bytes.size();
                bytes.add(latin1Bytes);
                if (!Arrays.equals(latin1Bytes, utf8Bytes)) {
                    bytes.add(utf8Bytes);
                }
                utf8[n] = bytes.size() - 1;
                List<String> containing = new ArrayList<>();
                for (String value : written) {
                    if (value.contains(values.get(n))) {
                        containing.add(value);
                    }
                }
                containers.add(containing);
            }
            return new Patterns(values, searched, bytes, BytePatterns.of(bytes), latin1, utf8, containers);
        }

        /**
         * Returns, for each value, the offset of its first occurrence in {@code data} that no
         * written value covers, in either encoding, or -1.
         */
        long[] firstOffsets(byte[] data) {
            long[] offsets = search.firstOffsets(data);
            long[] first = new long[values.size()];
            for (int n = 0; n < values.size(); n++) {
                first[n] = uncovered(data, offsets[latin1[n]], n, StandardCharsets.ISO_8859_1);
                if (first[n] < 0 && utf8[n] != latin1[n]) {
                    first[n] = uncovered(data, offsets[utf8[n]], n, StandardCharsets.UTF_8);
                }
            }
            return first;
        }

        /**
         * Returns the first offset, from {@code offset} on, at which value {@code n} occurs in
         * {@code data} outside every written value that contains it, or -1.
         */
        private long uncovered(byte[] data, long offset, int n, Charset charset) {
            if (offset < 0 || containers.get(n).isEmpty()) {
                return offset;
            }
            byte[] pattern = bytes.get(charset == StandardCharsets.UTF_8 ? utf8[n] : latin1[n]);
            List<byte[]> covering = new ArrayList<>();
            for (String container : containers.get(n)) {
                covering.add(container.getBytes(charset));
            }
            for (int at = (int) offset; at >= 0; at = indexOf(data, pattern, at + 1)) {
                if (!covered(data, at, pattern, covering)) {
                    return at;
                }
            }
            return -1;
        }

        /** Returns whether value {@code n} occurs in {@code text} outside every written value that contains it. */
        boolean occursUncovered(String text, int n) {
            String value = values.get(n);
            int at = text.indexOf(value);
            if (at < 0 || containers.get(n).isEmpty()) {
                return at >= 0;
            }
            List<byte[]> covering = new ArrayList<>();
            for (String container : containers.get(n)) {
                covering.add(container.getBytes(StandardCharsets.UTF_8));
            }
            byte[] data = text.getBytes(StandardCharsets.UTF_8);
            byte[] pattern = value.getBytes(StandardCharsets.UTF_8);
            for (int offset = indexOf(data, pattern, 0); offset >= 0; offset = indexOf(data, pattern, offset + 1)) {
                if (!covered(data, offset, pattern, covering)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Returns whether one of {@code covering}, each of which contains {@code pattern}, covers its occurrence at {@code at}. */
    private static boolean covered(byte[] data, int at, byte[] pattern, List<byte[]> covering) {
        for (byte[] container : covering) {
            for (int inside = indexOf(container, pattern, 0); inside >= 0; inside = indexOf(container, pattern, inside + 1)) {
                int start = at - inside;
                if (start >= 0 && start + container.length <= data.length
                        && Arrays.equals(data, start, start + container.length, container, 0, container.length)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Returns the first offset from {@code from} on at which {@code pattern} occurs in {@code data}, or -1. */
    private static int indexOf(byte[] data, byte[] pattern, int from) {
        for (int at = Math.max(0, from); at + pattern.length <= data.length; at++) {
            if (Arrays.equals(data, at, at + pattern.length, pattern, 0, pattern.length)) {
                return at;
            }
        }
        return -1;
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
            Patterns patterns = search.patterns();
            for (String text : attributes.getStrings(element.tag())) {
                if (text.length() < search.shortest()) {
                    continue;
                }
                for (int n = 0; n < patterns.values().size(); n++) {
                    if (patterns.occursUncovered(text, n)) {
                        findings.add("original value of " + patterns.labels().get(patterns.values().get(n)) + " found in " + where);
                    }
                }
            }
        }
    }
}
