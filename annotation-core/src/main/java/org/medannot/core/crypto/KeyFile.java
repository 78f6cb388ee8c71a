package org.medannot.core.crypto;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KeyProvider} that reads AES-256 keys from a local file, in one of two formats.
 *
 * <p><b>Text</b> (UTF-8): one key per line as {@code KEY_ID HEX} or {@code KEY_ID base64:BASE64},
 * where KEY_ID matches {@code [A-Za-z0-9_.:-]{1,64}}, HEX is 64 hex digits and BASE64 the standard
 * Base64 of 32 bytes. Blank lines and lines starting with {@code #} are ignored. The first key is
 * the default for new files. Example:
 * <pre>
 * # archive keys
 * site-a-2026 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
 * </pre>
 *
 * <p><b>Raw</b>: a file of exactly 32 bytes that is not a text key file is one raw key. Its key id
 * is {@code sha256:} followed by the first 16 hex digits of the key's SHA-256, so the id reveals
 * nothing useful about the key.
 *
 * <p>On POSIX file systems a file readable or writable by group or others is logged at WARN,
 * because anyone who reads the key can decrypt the files. Keys are never logged.
 */
public final class KeyFile implements KeyProvider {

    private static final Logger LOG = LoggerFactory.getLogger(KeyFile.class);

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private final Path path;
    private final Map<String, byte[]> keys;
    private final String defaultKeyId;

    private KeyFile(Path path, Map<String, byte[]> keys, String defaultKeyId) {
        this.path = path;
        this.keys = Collections.unmodifiableMap(keys);
        this.defaultKeyId = defaultKeyId;
    }

    /**
     * Reads a key file.
     *
     * @throws CryptoException when the file cannot be read, has no key, or a line is invalid. The
     *                         message names the line number but never the key material.
     */
    public static KeyFile read(Path path) throws CryptoException {
        Objects.requireNonNull(path, "path");
        byte[] bytes;
        try {
            if (Files.size(path) > 1 << 20) {
                throw new CryptoException("key file " + path + " is larger than 1 MiB; expected a few lines of keys");
            }
            bytes = Files.readAllBytes(path);
        } catch (CryptoException e) {
            throw e;
        } catch (IOException e) {
            throw new CryptoException("cannot read key file " + path + ": " + e.getMessage(), e);
        }
        warnIfShared(path);

        String text = decodeText(bytes);
        if (text == null || (bytes.length == 32 && !looksLikeText(text))) {
            if (bytes.length != 32) {
                throw new CryptoException("key file " + path + " is neither UTF-8 text nor a raw key of 32 bytes ("
                        + bytes.length + " bytes)");
            }
            String keyId = fingerprint(bytes);
            Map<String, byte[]> keys = new LinkedHashMap<>();
            keys.put(keyId, bytes.clone());
            return new KeyFile(path, keys, keyId);
        }
        return parseText(path, text);
    }

    private static KeyFile parseText(Path path, String text) throws CryptoException {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            String where = "key file " + path + " line " + (n + 1);
            if (parts.length != 2) {
                throw new CryptoException(where + ": expected 'KEY_ID HEX' or 'KEY_ID base64:BASE64', found "
                        + parts.length + " fields");
            }
            if (!KEY_ID.matcher(parts[0]).matches()) {
                throw new CryptoException(where + ": key id '" + parts[0] + "' is invalid; expected [A-Za-z0-9_.:-]{1,64}");
            }
            byte[] key = decodeKey(parts[1], where);
            if (keys.putIfAbsent(parts[0], key) != null) {
                throw new CryptoException(where + ": key id '" + parts[0] + "' appears more than once");
            }
        }
        if (keys.isEmpty()) {
            throw new CryptoException("key file " + path + " contains no key");
        }
        return new KeyFile(path, keys, keys.keySet().iterator().next());
    }

    private static byte[] decodeKey(String value, String where) throws CryptoException {
        byte[] key;
        try {
            key = value.startsWith("base64:") ? Base64.getDecoder().decode(value.substring(7)) : HexFormat.of().parseHex(value);
        } catch (IllegalArgumentException e) {
            throw new CryptoException(where + ": the key is neither 64 hex digits nor base64:BASE64");
        }
        if (key.length != 32) {
            throw new CryptoException(where + ": the key has " + key.length + " bytes, expected 32 (AES-256)");
        }
        return key;
    }

    /**
     * Writes a new key file with one random key under {@code keyId}, readable by the owner only
     * where the file system supports POSIX permissions.
     *
     * @throws CryptoException when the file exists or cannot be written
     */
    public static KeyFile generate(Path path, String keyId) throws CryptoException {
        if (!KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("key id '" + keyId + "' is invalid; expected [A-Za-z0-9_.:-]{1,64}");
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String line = keyId + " " + HexFormat.of().formatHex(key) + "\n";
        try {
            if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(path);
            }
            Files.writeString(path, line, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CryptoException("cannot create key file " + path + ": " + e.getMessage(), e);
        }
        Map<String, byte[]> keys = new LinkedHashMap<>();
        keys.put(keyId, key);
        return new KeyFile(path, keys, keyId);
    }

    @Override
    public String defaultKeyId() {
        return defaultKeyId;
    }

    @Override
    public SecretKey key(String keyId) throws CryptoException {
        byte[] key = keys.get(keyId);
        if (key == null) {
            throw new CryptoException("key file " + path + " has no key with id '" + keyId + "'; it has " + keys.keySet());
        }
        return new SecretKeySpec(key, "AES");
    }

    /** Returns the raw bytes of the default key, for uses other than AES such as an HMAC key. */
    public byte[] defaultKeyBytes() {
        return keys.get(defaultKeyId).clone();
    }

    private static String decodeText(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean looksLikeText(String text) {
        return text.chars().allMatch(c -> c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7f));
    }

    private static String fingerprint(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private static void warnIfShared(Path path) {
        try {
            if (!path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                return;
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            boolean shared = permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
            if (shared) {
                LOG.warn("Key file {} is accessible to group or others (permissions {}); restrict it with chmod 600",
                        path, PosixFilePermissions.toString(permissions));
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("Cannot read the permissions of key file {}: {}", path, e.getMessage());
        }
    }
}
