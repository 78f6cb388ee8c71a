package org.medannot.dicom.deid;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The mapping from original identifiers to pseudonyms, kept only when the caller asks for it and
 * then stored only encrypted.
 *
 * <p>File format (all of it authenticated with AES-256-GCM):
 * <pre>
 *   offset 0   12 bytes  magic "MEDANNOT-MAP"
 *   offset 12   1 byte   format version, 1
 *   offset 13  12 bytes  GCM nonce (random per file)
 *   offset 25   n bytes  ciphertext followed by the 16-byte GCM tag
 * </pre>
 * The first 13 bytes are the GCM associated data. The plaintext is UTF-8 text with one entry per
 * line: {@code kind TAB original TAB pseudonym}, where backslash, tab and line feed inside a field
 * are written as {@code \\}, {@code \t} and {@code \n}.
 *
 * <p>Instances are immutable.
 */
public final class PseudonymMap {

    /** Length in bytes of the AES-256 key. */
    public static final int KEY_BYTES = 32;

    private static final byte[] MAGIC = "MEDANNOT-MAP".getBytes(StandardCharsets.US_ASCII);
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int HEADER_BYTES = MAGIC.length + 1 + NONCE_BYTES;

    private final List<Entry> entries;

    /** Creates a map from its entries (copied). */
    public PseudonymMap(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * One mapping.
     *
     * @param kind      what was mapped: "PatientID", "PatientName", "UID" or "DateOffsetDays"
     * @param original  the original value
     * @param pseudonym the replacement
     */
    public record Entry(String kind, String original, String pseudonym) {

        /** Validates that no field is null. */
        public Entry {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(original, "original");
            Objects.requireNonNull(pseudonym, "pseudonym");
        }
    }

    /** The entries in the order given. */
    public List<Entry> entries() {
        return entries;
    }

    /**
     * Encrypts the map into {@code file} under {@code key}, through a temporary file moved into
     * place.
     *
     * @throws IllegalArgumentException when the key is not 32 bytes
     * @throws IOException              when writing fails
     */
    public void write(Path file, byte[] key) throws IOException {
        checkKey(key);
        byte[] nonce = new byte[NONCE_BYTES];
        new SecureRandom().nextBytes(nonce);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes(MAGIC);
        header.write(VERSION);
        header.writeBytes(nonce);
        byte[] headerBytes = header.toByteArray();
        byte[] plain = serialize();
        byte[] sealed;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(headerBytes);
            sealed = cipher.doFinal(plain);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available in this JVM", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try {
            Files.write(temporary, concat(headerBytes, sealed));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Decrypts a map written by {@link #write}.
     *
     * @throws IOException when the file cannot be read, is not a pseudonym map, has another
     *                     version, or fails authentication (wrong key or modified bytes)
     */
    public static PseudonymMap read(Path file, byte[] key) throws IOException {
        checkKey(key);
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < HEADER_BYTES + TAG_BITS / 8) {
            throw new IOException(file + ": pseudonym map too short: " + bytes.length + " bytes, expected at least "
                    + (HEADER_BYTES + TAG_BITS / 8));
        }
        if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException(file + ": not a pseudonym map (magic \"MEDANNOT-MAP\" not found at offset 0)");
        }
        if (bytes[MAGIC.length] != VERSION) {
            throw new IOException(file + ": pseudonym map version " + bytes[MAGIC.length] + " at offset " + MAGIC.length
                    + " is not supported; expected " + VERSION);
        }
        byte[] nonce = Arrays.copyOfRange(bytes, MAGIC.length + 1, HEADER_BYTES);
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(bytes, 0, HEADER_BYTES);
            plain = cipher.doFinal(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES);
        } catch (AEADBadTagException e) {
            throw new IOException(file + ": pseudonym map failed authentication: wrong key, or the file was modified");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available in this JVM", e);
        }
        try {
            return new PseudonymMap(parse(file, new String(plain, StandardCharsets.UTF_8)));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private byte[] serialize() {
        StringBuilder text = new StringBuilder();
        for (Entry entry : entries) {
            text.append(escape(entry.kind())).append('\t').append(escape(entry.original())).append('\t')
                    .append(escape(entry.pseudonym())).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<Entry> parse(Path file, String text) throws IOException {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            if (lines[n].isEmpty()) {
                continue;
            }
            String[] fields = lines[n].split("\t", -1);
            if (fields.length != 3) {
                throw new IOException(file + ": pseudonym map entry " + (n + 1) + " has " + fields.length
                        + " fields, expected 3");
            }
            entries.add(new Entry(unescape(fields[0]), unescape(fields[1]), unescape(fields[2])));
        }
        return entries;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    private static String unescape(String value) {
        StringBuilder result = new StringBuilder(value.length());
        for (int n = 0; n < value.length(); n++) {
            char c = value.charAt(n);
            if (c == '\\' && n + 1 < value.length()) {
                char next = value.charAt(++n);
                result.append(next == 't' ? '\t' : next == 'n' ? '\n' : next);
            } else {
                result.append(c);
            }
        }
        return result.toString();
    }

    private static void checkKey(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("pseudonym map key must be " + KEY_BYTES + " bytes (AES-256), but was "
                    + (key == null ? "null" : key.length + " bytes"));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
