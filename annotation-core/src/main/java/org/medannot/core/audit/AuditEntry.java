package org.medannot.core.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of an {@link AuditLog}, as written and as read back.
 *
 * @param sequence     1-based position in the log, equal to the line number
 * @param time         when the entry was appended (UTC, written in ISO-8601 form)
 * @param event        what happened
 * @param previousHash SHA-256 (64 lower-case hex digits) of the exact bytes of the previous line,
 *                     without its line feed; {@link AuditLog#GENESIS_HASH} for the first entry
 * @param hash         SHA-256 of this line's bytes before the {@code ,"hash":} member, so that an
 *                     edit of the entry is detected at the entry itself
 * @param hmac         HMAC-SHA256 under the log's key of this line's bytes before the
 *                     {@code ,"hmac":} member, when the log has a key
 */
public record AuditEntry(long sequence, Instant time, AuditEvent event, String previousHash, String hash,
        Optional<String> hmac) {

    /** Validates that no component is null. */
    public AuditEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(hmac, "hmac");
    }
}
