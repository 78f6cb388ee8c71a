package org.medannot.core.audit;

import java.nio.file.Path;
import java.util.Map;

/**
 * Appends entries to an audit log from a separate JVM, for the multi-process tests.
 * Arguments: log path, source name, entry count (a negative count appends until killed).
 * Each entry has actor = source name and the attribute {@code n} = its number within the source.
 */
public final class AuditAppenderMain {

    private AuditAppenderMain() {
    }

    public static void main(String[] args) throws Exception {
        Path log = Path.of(args[0]);
        String source = args[1];
        long count = Long.parseLong(args[2]);
        try (AuditLog audit = AuditLog.open(log)) {
            for (long n = 0; count < 0 || n < count; n++) {
                audit.append(new AuditEvent(source, "test.append", "log", Map.of("n", Long.toString(n),
                        "padding", "x".repeat(200))));
            }
        }
    }
}
