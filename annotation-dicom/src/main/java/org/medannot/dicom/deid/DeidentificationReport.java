package org.medannot.dicom.deid;

import java.util.List;
import java.util.Objects;

/**
 * What de-identification did to one file: whether it was written or rejected, and why. For each
 * attribute it changed, and each it kept because an option or the safe private list requested
 * it, the report lists the attribute's path and the action. It never contains an original value.
 *
 * @param input            the input file as the caller named it; left out of {@link #toJson()},
 *                         because file names often contain identifiers
 * @param inputSha256      SHA-256 of the input file's bytes (hex), which names the input in
 *                         {@link #toJson()}
 * @param output           the written file, or null when rejected
 * @param status           whether the file was written
 * @param reason           why the file was rejected; null when written
 * @param actions          the actions in the order they were applied
 * @param keptUnlisted     number of attributes kept because the profile table does not list them
 * @param blankedRegions   pixel regions blanked in every frame
 * @param residualFindings places in the output where an original identifying value was found
 *                         (attribute paths or byte offsets, never the value); a file with
 *                         findings is rejected
 */
public record DeidentificationReport(String input, String inputSha256, String output, Status status, String reason, List<Action> actions,
        int keptUnlisted, List<BlankRegion> blankedRegions, List<String> residualFindings) {

    /** Outcome of one file. */
    public enum Status {
        /** The de-identified copy was written. */
        WRITTEN,
        /** Nothing was written, and {@link #reason()} gives the cause. */
        REJECTED
    }

    /**
     * One applied action.
     *
     * @param path    the attribute's place: tags from the top level down with item indexes, for
     *                example {@code (0008,1115)[0]/(0008,1155)}
     * @param keyword the attribute keyword from the data dictionary, or "Private" with the
     *                block's creator for private attributes
     * @param action  one of removed, emptied, dummy, cleaned, uid-replaced, pseudonym,
     *                date-shifted, kept, added
     */
    public record Action(String path, String keyword, String action) {

        /** Validates that no field is null. */
        public Action {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(keyword, "keyword");
            Objects.requireNonNull(action, "action");
        }
    }

    /** Copies the lists. */
    public DeidentificationReport {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(status, "status");
        actions = List.copyOf(actions);
        blankedRegions = List.copyOf(blankedRegions);
        residualFindings = List.copyOf(residualFindings);
    }

    /** Returns whether the file was rejected. */
    public boolean rejected() {
        return status == Status.REJECTED;
    }

    /**
     * Formats the report as a JSON object: every field except the input path, which
     * {@code inputSha256} replaces.
     */
    public String toJson() {
        StringBuilder json = new StringBuilder();
        json.append("{\n");
        field(json, "inputSha256", inputSha256).append(",\n");
        field(json, "output", output).append(",\n");
        field(json, "status", status.name()).append(",\n");
        field(json, "reason", reason).append(",\n");
        json.append("  \"keptUnlisted\": ").append(keptUnlisted).append(",\n");
        json.append("  \"blankedRegions\": [");
        for (int n = 0; n < blankedRegions.size(); n++) {
            BlankRegion region = blankedRegions.get(n);
            json.append(n == 0 ? "" : ", ").append("{\"x\": ").append(region.x()).append(", \"y\": ").append(region.y())
                    .append(", \"width\": ").append(region.width()).append(", \"height\": ").append(region.height()).append('}');
        }
        json.append("],\n  \"residualFindings\": [");
        for (int n = 0; n < residualFindings.size(); n++) {
            json.append(n == 0 ? "" : ", ").append(quote(residualFindings.get(n)));
        }
        json.append("],\n  \"actions\": [");
        for (int n = 0; n < actions.size(); n++) {
            Action action = actions.get(n);
            json.append(n == 0 ? "\n" : ",\n").append("    {\"path\": ").append(quote(action.path())).append(", \"keyword\": ")
                    .append(quote(action.keyword())).append(", \"action\": ").append(quote(action.action())).append('}');
        }
        json.append(actions.isEmpty() ? "]\n}" : "\n  ]\n}");
        return json.toString();
    }

    private static StringBuilder field(StringBuilder json, String name, String value) {
        return json.append("  ").append(quote(name)).append(": ").append(value == null ? "null" : quote(value));
    }

    /** Quotes a string for JSON (RFC 8259 section 7). */
    static String quote(String value) {
        if (value.chars().noneMatch(c -> c < 0x20 || c == '"' || c == '\\')) {
            // Paths, keywords and actions need no escapes, and a report contains one of each per action.
            return '"' + value + '"';
        }
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int n = 0; n < value.length(); n++) {
            char c = value.charAt(n);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
