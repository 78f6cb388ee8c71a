package org.medannot.core.crypto;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Objects;

import javax.crypto.SecretKey;

/**
 * Encryption at rest: a streaming AES-256-GCM file format that authenticates every chunk, so
 * files of any size are encrypted and decrypted holding one chunk in memory.
 *
 * <p>File layout, integers big-endian:
 * <pre>
 * offset      size  field
 * 0           8     magic 4D 41 45 4E 43 0D 0A 1A ("MAENC\r\n" and 0x1A, so text-mode mangling shows)
 * 8           1     format version, 1
 * 9           1     L, length of the key id in bytes, 1..255
 * 10          L     key id, UTF-8 (not secret: it names the key in the {@link KeyProvider})
 * 10+L        12    base nonce, random per file
 * 22+L        4     chunk size C: plaintext bytes per chunk, 16..67108864
 * 26+L        16    key check: first 16 bytes of HMAC-SHA256(key, "medannot key check" || base nonce)
 * 42+L        ...   chunks 0, 1, ..., n-1
 * </pre>
 * Chunk i is the AES-GCM ciphertext of plaintext bytes [i*C, (i+1)*C) followed by its 16-byte tag.
 * Every chunk but the last has exactly C plaintext bytes. The last has 0..C bytes, and 0 only for
 * an empty input, so a file always has at least one chunk. Chunk i is sealed with:
 * <ul>
 *   <li>nonce: the base nonce with its last 8 bytes XORed with i as a big-endian 64-bit integer,
 *       so no nonce repeats within a file;</li>
 *   <li>associated data: the whole header (bytes 0 to 42+L), then i as a big-endian 64-bit integer,
 *       then one byte 1 for the last chunk and 0 for the others.</li>
 * </ul>
 * So a changed header or chunk, a reordered, duplicated or removed chunk, a truncated file and
 * bytes appended after the last chunk all fail authentication, and the key check tells a wrong key
 * apart from damaged data before any chunk is read. Random base nonces make a nonce collision
 * between two files under one key unlikely (about 2^-32 after 2^32 files); rotate keys well
 * before that many files.
 *
 * <p>A decrypting stream returns a chunk only after its tag verified, but a truncated file is only
 * detected at its end: treat the output as valid only when the stream reached its end without an
 * exception. {@link #decryptFile} does that by writing to a temporary file that is moved into
 * place on success.
 */
public final class StreamingEncryption {

    /** Default plaintext bytes per chunk: 1 MiB. */
    public static final int DEFAULT_CHUNK_SIZE = 1 << 20;

    private static final SecureRandom RANDOM = new SecureRandom();

    private StreamingEncryption() {
    }

    /**
     * Returns a stream that encrypts what is written to it into {@code out} under the provider's
     * default key, with chunks of {@link #DEFAULT_CHUNK_SIZE}. Closing it writes the final chunk
     * and closes {@code out}; without {@code close()} the output is incomplete and will not decrypt.
     */
    public static OutputStream encrypting(OutputStream out, KeyProvider keys) throws IOException {
        return encrypting(out, keys, keys.defaultKeyId(), DEFAULT_CHUNK_SIZE);
    }

    /**
     * Returns a stream that encrypts into {@code out} under key {@code keyId}.
     *
     * @param chunkSize plaintext bytes per chunk, 16..67108864
     * @throws CryptoException when the provider has no such key
     */
    public static OutputStream encrypting(OutputStream out, KeyProvider keys, String keyId, int chunkSize)
            throws IOException {
        Objects.requireNonNull(out, "out");
        SecretKey key = checkedKey(keys, keyId);
        byte[] nonce = new byte[EncryptedFileHeader.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return new EncryptingOutputStream(out, key, EncryptedFileHeader.create(keyId, key, nonce, chunkSize));
    }

    /**
     * Reads the header from {@code in} and returns a stream of the decrypted content.
     *
     * @param source name of the input for error messages, such as its path
     * @throws CryptoException when the header is invalid, the key id is unknown or the key is wrong
     */
    public static InputStream decrypting(InputStream in, KeyProvider keys, String source) throws IOException {
        Objects.requireNonNull(in, "in");
        EncryptedFileHeader header = EncryptedFileHeader.read(in, source);
        SecretKey key = checkedKey(keys, header.keyId);
        if (!header.matches(key)) {
            throw new CryptoException(source + ": wrong key for key id '" + header.keyId
                    + "': the key check value in the header does not match");
        }
        return new DecryptingInputStream(in, key, header, source);
    }

    /** Encrypts file {@code in} to {@code out} under the provider's default key, through a temporary file. */
    public static void encryptFile(Path in, Path out, KeyProvider keys) throws IOException {
        requireDistinct(in, out);
        Path temporary = temporaryNextTo(out);
        try {
            try (InputStream plain = Files.newInputStream(in);
                    OutputStream sealed = encrypting(new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16), keys)) {
                plain.transferTo(sealed);
            }
            Files.move(temporary, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Decrypts file {@code in} to {@code out} through a temporary file, so {@code out} appears only
     * when every chunk verified.
     */
    public static void decryptFile(Path in, Path out, KeyProvider keys) throws IOException {
        requireDistinct(in, out);
        Path temporary = temporaryNextTo(out);
        try {
            try (InputStream plain = decrypting(new BufferedInputStream(Files.newInputStream(in), 1 << 16), keys,
                    in.toString());
                    OutputStream target = Files.newOutputStream(temporary)) {
                plain.transferTo(target);
            }
            Files.move(temporary, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static SecretKey checkedKey(KeyProvider keys, String keyId) throws CryptoException {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(keyId, "keyId");
        SecretKey key = keys.key(keyId);
        byte[] encoded = key.getEncoded();
        if (encoded == null || encoded.length != 32) {
            throw new CryptoException("key '" + keyId + "' is not a 32-byte AES-256 key");
        }
        return key;
    }

    private static void requireDistinct(Path in, Path out) throws IOException {
        if (Files.exists(out) && Files.isSameFile(in, out)) {
            throw new IllegalArgumentException("output " + out + " is the input file; choose another output path");
        }
    }

    private static Path temporaryNextTo(Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        return Files.createTempFile(parent, "." + out.getFileName(), ".part");
    }
}
