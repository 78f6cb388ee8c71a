package org.medannot.dicom.deid;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The DICOM Basic Application Level Confidentiality Profile with a chosen set of options
 * (PS3.15 Annex E, Table E.1-1), resolved to one {@link ProfileAction} per attribute tag.
 *
 * <p>The table is the resource {@code confidentiality-profile.tsv}, generated from the
 * standard's table by {@code tools/generate_confidentiality_profile.py}; nothing in it is typed by
 * hand.
 *
 * <p>How an attribute's action is chosen:
 * <ol>
 * <li>An enabled option whose column has a code for the attribute overrides the basic profile.
 *     When several enabled options have codes, K (keep) wins over C (clean), because an option
 *     that retains an attribute is an explicit request to keep it.</li>
 * <li>Combined basic codes are resolved without knowledge of the IOD's attribute types, to the
 *     choice that keeps every IOD conformant and leaks nothing: X/Z becomes Z (an empty value
 *     is valid for Type 2 and Type 3 attributes), X/D, Z/D and X/Z/D become D (a dummy value is
 *     valid for Type 1, 2 and 3), and X/Z/U* becomes {@link ProfileAction#REPLACE_UIDS_IN_ITEMS}.
 *     An attribute that is absent stays absent and an empty one stays empty, whatever the
 *     action.</li>
 * <li>Attributes of odd groups (private attributes) are removed; with
 *     {@link ProfileOption#RETAIN_SAFE_PRIVATE} the caller's safe list decides (see
 *     {@link #isPrivate(int)}).</li>
 * <li>Repeating groups: rows written 60XX or 50XX apply to the even groups 6000-601E and
 *     5000-501E (overlays and curves).</li>
 * <li>Attributes not in the table are kept.</li>
 * </ol>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ConfidentialityProfile {

    private static final String RESOURCE = "confidentiality-profile.tsv";

    private static final List<Row> TABLE = loadTable();

    private final Set<ProfileOption> options;
    private final Map<Integer, ProfileAction> exact = new HashMap<>();
    private final List<PatternAction> patterns = new ArrayList<>();

    private ConfidentialityProfile(Set<ProfileOption> options) {
        this.options = Collections.unmodifiableSet(options.isEmpty() ? EnumSet.noneOf(ProfileOption.class)
                : EnumSet.copyOf(options));
        for (Row row : TABLE) {
            ProfileAction action = resolve(row);
            if (row.pattern.equals("ODD_GROUPS")) {
                continue;
            }
            if (row.pattern.indexOf('X') < 0) {
                exact.put((int) Long.parseLong(row.pattern, 16), action);
            } else {
                patterns.add(new PatternAction(row.pattern, action));
            }
        }
    }

    /**
     * Creates the profile with the given options.
     *
     * @throws IllegalArgumentException when both longitudinal temporal options are given, since
     *                                  dates cannot be both kept and shifted
     */
    public static ConfidentialityProfile of(Set<ProfileOption> options) {
        if (options.contains(ProfileOption.RETAIN_LONGITUDINAL_FULL_DATES)
                && options.contains(ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES)) {
            throw new IllegalArgumentException("options must not hold both RETAIN_LONGITUDINAL_FULL_DATES and "
                    + "RETAIN_LONGITUDINAL_MODIFIED_DATES: dates are either kept or shifted");
        }
        return new ConfidentialityProfile(options);
    }

    /** Creates the basic profile without options. */
    public static ConfidentialityProfile basic() {
        return of(EnumSet.noneOf(ProfileOption.class));
    }

    /** Returns the options in effect. */
    public Set<ProfileOption> options() {
        return options;
    }

    /** Returns true when the option is in effect. */
    public boolean has(ProfileOption option) {
        return options.contains(option);
    }

    /** Returns true for attributes of odd groups, which the profile treats as private. */
    public static boolean isPrivate(int tag) {
        return ((tag >>> 16) & 1) == 1;
    }

    /**
     * Returns the action for a standard (even group) attribute, or {@link ProfileAction#KEEP}
     * when the table does not list it. Private attributes are not handled here.
     *
     * @param tag the tag as {@code (group << 16) | element}
     */
    public ProfileAction actionFor(int tag) {
        ProfileAction action = exact.get(tag);
        if (action != null) {
            return action;
        }
        for (PatternAction pattern : patterns) {
            if (pattern.matches(tag)) {
                return pattern.action;
            }
        }
        return ProfileAction.KEEP;
    }

    /** Returns true when the table lists the tag (exactly or through a repeating-group pattern). */
    public boolean lists(int tag) {
        if (exact.containsKey(tag)) {
            return true;
        }
        for (PatternAction pattern : patterns) {
            if (pattern.matches(tag)) {
                return true;
            }
        }
        return false;
    }

    private ProfileAction resolve(Row row) {
        boolean keep = false;
        boolean clean = false;
        for (Map.Entry<ProfileOption, String> entry : row.optionCodes.entrySet()) {
            if (options.contains(entry.getKey())) {
                keep |= entry.getValue().equals("K");
                clean |= entry.getValue().equals("C");
            }
        }
        if (keep) {
            return ProfileAction.KEEP;
        }
        if (clean) {
            return ProfileAction.CLEAN;
        }
        return resolveBasic(row.basic, row.pattern);
    }

    static ProfileAction resolveBasic(String code, String pattern) {
        switch (code) {
            case "X":
                return ProfileAction.REMOVE;
            case "Z":
            case "X/Z":
                return ProfileAction.EMPTY;
            case "D":
            case "X/D":
            case "Z/D":
            case "X/Z/D":
                return ProfileAction.DUMMY;
            case "K":
                return ProfileAction.KEEP;
            case "C":
                return ProfileAction.CLEAN;
            case "U":
                return ProfileAction.REPLACE_UID;
            case "X/Z/U*":
                return ProfileAction.REPLACE_UIDS_IN_ITEMS;
            default:
                throw new IllegalStateException("profile table row " + pattern + " has an unknown action code '" + code
                        + "'; regenerate the table with tools/generate_confidentiality_profile.py");
        }
    }

    private static List<Row> loadTable() {
        InputStream in = ConfidentialityProfile.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("resource " + RESOURCE + " is missing from the annotation-dicom jar");
        }
        List<Row> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t", -1);
                if (fields.length != 4) {
                    throw new IllegalStateException("resource " + RESOURCE + " has a row with " + fields.length
                            + " fields, expected 4: " + line);
                }
                Map<ProfileOption, String> optionCodes = new EnumMap<>(ProfileOption.class);
                if (!fields[3].isEmpty()) {
                    for (String pair : fields[3].split(",")) {
                        String[] parts = pair.split("=", 2);
                        ProfileOption option = ProfileOption.forColumn(parts[0]);
                        if (option == null || parts.length != 2) {
                            throw new IllegalStateException("resource " + RESOURCE + " names an unknown option column '"
                                    + pair + "'");
                        }
                        optionCodes.put(option, parts[1]);
                    }
                }
                Row row = new Row(fields[0], fields[1], fields[2], optionCodes);
                resolveBasic(row.basic, row.pattern);
                rows.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + RESOURCE, e);
        }
        return List.copyOf(rows);
    }

    private record Row(String pattern, String name, String basic, Map<ProfileOption, String> optionCodes) {
    }

    /**
     * A table row whose tag contains X digits, as a mask of the fixed hex digits and their
     * values; 60XX and 50XX groups match the even groups up to 601E / 501E.
     */
    private record PatternAction(String pattern, int mask, int value, boolean repeatingGroup, ProfileAction action) {

        PatternAction(String pattern, ProfileAction action) {
            this(pattern, fixedDigitsMask(pattern), (int) Long.parseLong(pattern.replace('X', '0'), 16),
                    pattern.startsWith("60XX") || pattern.startsWith("50XX"), action);
        }

        private static int fixedDigitsMask(String pattern) {
            int mask = 0;
            for (int n = 0; n < 8; n++) {
                mask = (mask << 4) | (pattern.charAt(n) == 'X' ? 0 : 0xF);
            }
            return mask;
        }

        boolean matches(int tag) {
            if ((tag & mask) != value) {
                return false;
            }
            int group = tag >>> 16;
            return !repeatingGroup || ((group & 1) == 0 && (group & 0xFF) <= 0x1E);
        }
    }
}
