package org.medannot.core.audit;

import java.util.Objects;

/**
 * The end of an audit log's hash chain: the number of entries and the SHA-256 of the last line.
 * Record it outside the log (for example in a database or a signed report) to detect later
 * removal of entries from the end, which the chain alone cannot show.
 *
 * @param entries      number of entries
 * @param lastLineHash SHA-256 of the last line's bytes without its line feed, as 64 lower-case hex
 *                     digits; {@link AuditLog#GENESIS_HASH} for an empty log
 */
public record AuditHead(long entries, String lastLineHash) {

    /** Validates the components. */
    public AuditHead {
        Objects.requireNonNull(lastLineHash, "lastLineHash");
        if (entries < 0) {
            throw new IllegalArgumentException("entries must be >= 0, but was " + entries);
        }
    }
}
