package org.medannot.core.crypto;

import javax.crypto.SecretKey;

/**
 * Source of AES-256 keys by key id. {@link KeyFile} reads keys from a local file; hardware
 * security modules and cloud key stores can implement this interface too.
 *
 * <p>Implementations must be thread-safe. Key ids are stored in encrypted files in clear text, so
 * they must not contain secrets or patient identifiers.
 */
public interface KeyProvider {

    /** Returns the id of the key that new files are encrypted with. */
    String defaultKeyId();

    /**
     * Returns the 32-byte AES key with the given id.
     *
     * @throws CryptoException when this provider has no key with that id
     */
    SecretKey key(String keyId) throws CryptoException;
}
