package org.medannot.core.crypto;

import java.io.IOException;

/**
 * Raised when an encrypted file cannot be read or a key cannot be found: a wrong magic or version,
 * an unknown key id, a wrong key, or a chunk that fails authentication because the file was
 * changed, truncated or reordered.
 */
public class CryptoException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the file or key and the problem. */
    public CryptoException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause. */
    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
