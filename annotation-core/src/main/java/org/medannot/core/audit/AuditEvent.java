package org.medannot.core.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An event that a caller records in the {@link AuditLog}: the actor, the action, its subject, and
 * further details as named string attributes (for example the reason, a round's content hash, a
 * model name and version).
 *
 * <p>Never put a patient identifier in an event: the log is meant to be kept and shown to
 * auditors. Use de-identified ids.
 *
 * @param actor      reviewer id, user id or model name that acted
 * @param action     what was done, for example {@code review.edit} or {@code round.close}
 * @param subject    what it was done to, for example {@code scan-1/round-2/a7}; may be empty
 * @param attributes further details in the order they are written; names match
 *                   {@code [A-Za-z0-9_.-]+} and must not be one of the entry's own members
 *                   ({@link #RESERVED_NAMES})
 */
public record AuditEvent(String actor, String action, String subject, Map<String, String> attributes) {

    /** Member names that the log writes itself and an attribute cannot use. */
    public static final Set<String> RESERVED_NAMES = Set.of("seq", "time", "actor", "action", "subject", "prev",
            "hash", "hmac");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    /** Validates the components and copies the attributes, keeping their order. */
    public AuditEvent {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(attributes, "attributes");
        if (actor.isBlank()) {
            throw new IllegalArgumentException("actor must not be blank");
        }
        if (action.isBlank()) {
            throw new IllegalArgumentException("action must not be blank");
        }
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            String name = attribute.getKey();
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("attribute name '" + name + "' is invalid; expected [A-Za-z0-9_.-]+");
            }
            if (RESERVED_NAMES.contains(name)) {
                throw new IllegalArgumentException("attribute name '" + name + "' is reserved for the log's own members "
                        + RESERVED_NAMES);
            }
            Objects.requireNonNull(attribute.getValue(), "value of attribute " + name);
        }
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** Creates an event without attributes. */
    public static AuditEvent of(String actor, String action, String subject) {
        return new AuditEvent(actor, action, subject, Map.of());
    }
}
