package org.medannot.core.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * Result of {@link AuditLogVerifier#verify}.
 *
 * @param entries     number of complete entries that verified, all before the first problem
 * @param problem     the first bad entry; empty when every line verified
 * @param hmacChecked true when a key was given, so every verified entry's HMAC was checked
 * @param head        entry count and hash of the last verified line, to record for later checks
 */
public record AuditVerification(long entries, Optional<AuditProblem> problem, boolean hmacChecked, AuditHead head) {

    /** Validates that no component is null. */
    public AuditVerification {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(head, "head");
    }

    /** Returns true when the whole log verified. */
    public boolean isValid() {
        return problem.isEmpty();
    }

    /**
     * Returns true when every complete entry verified and the only problem, if any, is an
     * incomplete last line left by an interrupted write.
     */
    public boolean completeEntriesValid() {
        return problem.isEmpty() || problem.get().kind() == AuditProblem.Kind.TORN_LAST_LINE;
    }
}
