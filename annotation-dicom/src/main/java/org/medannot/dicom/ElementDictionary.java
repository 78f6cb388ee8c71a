package org.medannot.dicom;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The data dictionary of DICOM PS3.6 section 6: tag to VR, VM and keyword, loaded from the
 * resource {@code dictionary.tsv} that tools/dictionary/generate_dictionary.py generates from
 * the standard's attributes.json.
 *
 * <p>Repeating groups and elements (for example Overlay Data (60xx,3000) in groups 6000-601E)
 * are matched by mask after exact tags. Private tags are not in the dictionary, so they read
 * as UN in implicit VR, except Private Creator elements (LO) and group lengths (UL).
 */
public final class ElementDictionary {

    /** One dictionary entry. {@code vrs} lists every VR the standard allows, the usual one first. */
    public record Entry(int tag, List<VR> vrs, String vm, String keyword, boolean retired) {
    }

    private record MaskedEntry(int mask, int value, Entry entry) {
    }

    private static final Map<Integer, Entry> BY_TAG = new HashMap<>();
    private static final Map<String, Entry> BY_KEYWORD = new HashMap<>();
    private static final List<MaskedEntry> MASKED = new ArrayList<>();

    static {
        load();
    }

    private ElementDictionary() {
    }

    private static void load() {
        try (InputStream in = ElementDictionary.class.getResourceAsStream("dictionary.tsv")) {
            if (in == null) {
                throw new IllegalStateException("resource org/medannot/dicom/dictionary.tsv is missing from the jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                addLine(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the DICOM dictionary resource", e);
        }
    }

    private static void addLine(String line) {
        String[] fields = line.split("\t");
        String pattern = fields[0];
        List<VR> vrs = new ArrayList<>();
        if (!fields[1].equals("NONE")) {
            for (String vr : fields[1].split("/")) {
                vrs.add(VR.valueOf(vr));
            }
        }
        int mask = 0;
        int value = 0;
        for (int i = 0; i < 8; i++) {
            char c = pattern.charAt(i);
            mask <<= 4;
            value <<= 4;
            if (c != 'x') {
                mask |= 0xF;
                value |= Character.digit(c, 16);
            }
        }
        Entry entry = new Entry(value, List.copyOf(vrs), fields[2], fields[3], fields[4].equals("Y"));
        BY_KEYWORD.putIfAbsent(entry.keyword(), entry);
        if (mask == 0xFFFFFFFF) {
            BY_TAG.put(value, entry);
        } else {
            MASKED.add(new MaskedEntry(mask, value, entry));
        }
    }

    /** Returns the entry of the tag (exact, then repeating group), or null when there is none. */
    public static Entry entry(int tag) {
        Entry exact = BY_TAG.get(tag);
        if (exact != null || Tag.isPrivate(tag)) {
            return exact;
        }
        for (MaskedEntry masked : MASKED) {
            if ((tag & masked.mask()) == masked.value()) {
                return masked.entry();
            }
        }
        return null;
    }

    /**
     * Returns the VR used when the transfer syntax does not encode one (implicit VR): the
     * dictionary's first VR, UL for group lengths, LO for Private Creators, UN otherwise.
     * Where the standard lists several VRs, callers that know the context (Pixel Representation
     * for "US or SS") choose among {@link Entry#vrs()} themselves.
     */
    public static VR implicitVr(int tag) {
        if (Tag.element(tag) == 0) {
            return VR.UL;
        }
        if (Tag.isPrivateCreator(tag)) {
            return VR.LO;
        }
        Entry entry = entry(tag);
        if (entry == null || entry.vrs().isEmpty()) {
            return VR.UN;
        }
        return entry.vrs().get(0);
    }

    /** Returns the keyword of the tag, or null when the dictionary has none. */
    public static String keywordOf(int tag) {
        Entry entry = entry(tag);
        return entry == null ? null : entry.keyword();
    }

    /** Returns the Value Multiplicity text of the tag ("1", "2-n", ...), or null. */
    public static String vmOf(int tag) {
        Entry entry = entry(tag);
        return entry == null ? null : entry.vm();
    }

    /**
     * Returns the tag of a keyword; for a repeating group, the tag in its first group.
     *
     * @throws IllegalArgumentException when the keyword is not in the dictionary
     */
    public static int tagOf(String keyword) {
        Entry entry = BY_KEYWORD.get(keyword);
        if (entry == null) {
            throw new IllegalArgumentException("unknown DICOM keyword: " + keyword);
        }
        return entry.tag();
    }
}
