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
import org.medannot.dicom.VR;

/**
 * Searches a written file for original identifying values, twice: in the raw bytes of the
 * whole file (ISO 8859-1 and UTF-8 encodings of each value), and in every parsed element at
 * every nesting level, the File Meta Information and private blocks included (text values, and
 * the bytes of UN and OB values read as ISO 8859-1).
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
        scanBytes(content, searched, findings);
        DicomFile parsed = DicomFile.read(file, content, ReadOptions.DEFAULT);
        scanAttributes(parsed.fileMeta(), "", searched, findings);
        scanAttributes(parsed.dataSet(), "", searched, findings);
        return new ArrayList<>(findings);
    }

    /**
     * Searches the raw bytes for the ISO 8859-1 and the UTF-8 encoding of each value in one pass.
     * Each value found adds a finding with its first offset: that of its ISO 8859-1 encoding
     * when that occurs, else that of its UTF-8 encoding.
     */
    private static void scanBytes(byte[] content, Map<String, String> searched, Set<String> findings) {
        List<byte[]> patterns = new ArrayList<>();
        List<String> values = new ArrayList<>(searched.keySet());
        // Index of each value's UTF-8 pattern; the same as its ISO 8859-1 pattern for ASCII values.
        int[] utf8Patterns = new int[values.size()];
        int[] latin1Patterns = new int[values.size()];
        for (int n = 0; n < values.size(); n++) {
            byte[] latin1 = values.get(n).getBytes(StandardCharsets.ISO_8859_1);
            byte[] utf8 = values.get(n).getBytes(StandardCharsets.UTF_8);
            latin1Patterns[n] = patterns.size();
            patterns.add(latin1);
            if (!Arrays.equals(latin1, utf8)) {
                patterns.add(utf8);
            }
            utf8Patterns[n] = patterns.size() - 1;
        }
        long[] firstOffsets = BytePatterns.firstOffsets(content, patterns);
        for (int n = 0; n < values.size(); n++) {
            long at = firstOffsets[latin1Patterns[n]] >= 0 ? firstOffsets[latin1Patterns[n]] : firstOffsets[utf8Patterns[n]];
            if (at >= 0) {
                findings.add("original value of " + searched.get(values.get(n)) + " found at byte offset " + at);
            }
        }
    }

    private static void scanAttributes(Attributes attributes, String path, Map<String, String> searched, Set<String> findings) {
        int shortest = Integer.MAX_VALUE;
        for (String value : searched.keySet()) {
            shortest = Math.min(shortest, value.length());
        }
        scanAttributes(attributes, path, searched, shortest, findings);
    }

    private static void scanAttributes(Attributes attributes, String path, Map<String, String> searched, int shortest,
            Set<String> findings) {
        for (DicomElement element : attributes.elements()) {
            if (element.isSequence()) {
                String where = path + Tag.toString(element.tag());
                List<Attributes> items = element.items();
                for (int n = 0; n < items.size(); n++) {
                    scanAttributes(items.get(n), where + "[" + n + "]/", searched, shortest, findings);
                }
                continue;
            }
            List<String> texts = new ArrayList<>();
            if (element.vr().isText()) {
                texts.addAll(List.of(attributes.getStrings(element.tag())));
            } else if ((element.vr() == VR.UN || element.vr() == VR.OB) && element.bytes() != null) {
                texts.add(new String(element.bytes(), StandardCharsets.ISO_8859_1));
            }
            for (String text : texts) {
                if (text.length() < shortest) {
                    continue;
                }
                for (Map.Entry<String, String> entry : searched.entrySet()) {
                    if (text.contains(entry.getKey())) {
                        findings.add("original value of " + entry.getValue() + " found in " + path + Tag.toString(element.tag()));
                    }
                }
            }
        }
    }
}
