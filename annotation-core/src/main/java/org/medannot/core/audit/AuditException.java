package org.medannot.core.audit;

import java.io.IOException;

/**
 * Raised when an audit log cannot be appended to or read: the file is locked by another instance
 * in the same JVM, its last entry cannot be parsed, or an I/O operation failed.
 */
public class AuditException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the file and the problem. */
    public AuditException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause. */
    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }
}
