package org.medannot.core.audit;

import java.util.Objects;

/**
 * The first entry of an audit log that failed verification.
 *
 * @param line   1-based line number of the bad entry
 * @param kind   what is wrong
 * @param reason one sentence for people, naming the line and the mismatch
 */
public record AuditProblem(long line, Kind kind, String reason) {

    /** Validates the components. */
    public AuditProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        if (line < 1) {
            throw new IllegalArgumentException("line must be >= 1, but was " + line);
        }
    }

    /** Category of a verification failure. */
    public enum Kind {
        /** The line is not a valid entry: invalid UTF-8 or JSON, a missing or mistyped member, non-canonical form. */
        INVALID_ENTRY,
        /** The entry's {@code hash} member does not match its content. */
        CONTENT_CHANGED,
        /** The entry's HMAC does not match under the key given to the verifier. */
        HMAC_MISMATCH,
        /** A key was given to the verifier but the entry has no HMAC. */
        MISSING_HMAC,
        /** The sequence number differs from the line number: entries were removed, inserted, duplicated or reordered. */
        OUT_OF_SEQUENCE,
        /** The {@code prev} member does not match the SHA-256 of the line before. */
        CHAIN_BROKEN,
        /** The log ends before the entry count or head hash that the caller recorded. */
        MISSING_ENTRIES,
        /** The last line has no line feed: a write was interrupted; the entries before it are unaffected. */
        TORN_LAST_LINE
    }

    /** Returns "line N: reason", without repeating the line when the reason starts with it. */
    @Override
    public String toString() {
        String prefix = "line " + line;
        if (reason.startsWith(prefix + ":")) {
            return reason;
        }
        String rest = reason.startsWith(prefix + " ") ? reason.substring(prefix.length() + 1) : reason;
        return prefix + ": " + rest;
    }
}
