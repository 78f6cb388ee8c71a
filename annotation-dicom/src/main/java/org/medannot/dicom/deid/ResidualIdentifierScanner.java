package org.medannot.dicom.deid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
     * Scans the content of a DICOM file held in memory for the keys of {@code originals}, as
     * {@link #scan(Path, Map)} scans a file.
     *
     * @param file the name of the content for messages; it is not opened
     * @throws org.medannot.dicom.DicomException when the content is not valid DICOM
     */
    public static List<String> scan(Path file, byte[] content, Map<String, String> originals) {
        Map<String, String> searched = new java.util.LinkedHashMap<>();
        originals.forEach((value, label) -> {
            if (value.strip().length() >= MIN_LENGTH) {
                searched.putIfAbsent(value.strip(), label);
            }
        });
        Set<String> findings = new LinkedHashSet<>();
        if (searched.isEmpty()) {
            return List.of();
        }
        for (Map.Entry<String, String> entry : searched.entrySet()) {
            int at = indexOf(content, entry.getKey().getBytes(StandardCharsets.ISO_8859_1));
            if (at < 0) {
                at = indexOf(content, entry.getKey().getBytes(StandardCharsets.UTF_8));
            }
            if (at >= 0) {
                findings.add("original value of " + entry.getValue() + " found at byte offset " + at);
            }
        }
        DicomFile parsed = DicomFile.read(file, content, ReadOptions.DEFAULT);
        scanAttributes(parsed.fileMeta(), "", searched, findings);
        scanAttributes(parsed.dataSet(), "", searched, findings);
        return new ArrayList<>(findings);
    }

    private static void scanAttributes(Attributes attributes, String path, Map<String, String> searched, Set<String> findings) {
        for (DicomElement element : attributes.elements()) {
            String where = path + Tag.toString(element.tag());
            if (element.isSequence()) {
                List<Attributes> items = element.items();
                for (int n = 0; n < items.size(); n++) {
                    scanAttributes(items.get(n), where + "[" + n + "]/", searched, findings);
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
                for (Map.Entry<String, String> entry : searched.entrySet()) {
                    if (text.contains(entry.getKey())) {
                        findings.add("original value of " + entry.getValue() + " found in " + where);
                    }
                }
            }
        }
    }

    /** Returns the first index of {@code pattern} in {@code data}, or -1. */
    static int indexOf(byte[] data, byte[] pattern) {
        if (pattern.length == 0) {
            return -1;
        }
        byte first = pattern[0];
        int last = data.length - pattern.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (data[i] != first) {
                continue;
            }
            for (int j = 1; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
