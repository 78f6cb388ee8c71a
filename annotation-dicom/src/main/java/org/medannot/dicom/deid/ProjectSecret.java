package org.medannot.dicom.deid;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives every replacement value of a de-identification project from one secret, with
 * HMAC-SHA256: UIDs, patient pseudonyms and per-patient date offsets.
 *
 * <p>The same input under the same secret always gives the same output, across files, runs and
 * machines, so a follow-up scan of a patient maps to the same pseudonym and a study keeps
 * hanging together. Another secret gives unrelated outputs, so two projects cannot be linked.
 * Each kind of value uses its own domain label inside the HMAC input, so a patient id and a UID
 * with equal text do not map to related outputs.
 *
 * <p>Instances are immutable and thread-safe. The secret is never logged or returned.
 */
public final class ProjectSecret {

    /** Smallest accepted secret length in bytes. */
    public static final int MIN_SECRET_BYTES = 16;

    /** Largest date offset in days (about 10 years); offsets lie in [-MAX, -MIN]. */
    static final int MAX_DATE_OFFSET_DAYS = 3652;
    /** Smallest date offset in days (one year), so that no shifted date equals the original. */
    static final int MIN_DATE_OFFSET_DAYS = 365;

    private final SecretKeySpec key;
    /** Initialized Mac that {@link #hmac} clones, because Mac.getInstance and init cost more than the HMAC of a UID. */
    private final Mac prototype;

    private ProjectSecret(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.prototype = newMac(key);
    }

    /**
     * Creates the deriver from the raw secret bytes (copied).
     *
     * @throws IllegalArgumentException when the secret is shorter than {@link #MIN_SECRET_BYTES}
     */
    public static ProjectSecret of(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("project secret must have at least " + MIN_SECRET_BYTES
                    + " bytes, but has " + secret.length);
        }
        return new ProjectSecret(secret.clone());
    }

    /**
     * Reads the secret from a file: its bytes, with trailing spaces, tabs and line breaks removed
     * so that a secret typed into a text file works.
     *
     * @throws java.nio.file.NoSuchFileException when the file does not exist
     * @throws IOException              when the path is a folder or the file cannot be read
     * @throws IllegalArgumentException when fewer than {@link #MIN_SECRET_BYTES} bytes remain (the
     *                                  message names the file, not the secret)
     */
    public static ProjectSecret fromFile(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("secret file " + file + " is a folder; expected a file of at least " + MIN_SECRET_BYTES + " bytes");
        }
        if (!Files.exists(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "secret file not found");
        }
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r' || bytes[end - 1] == ' ' || bytes[end - 1] == '\t')) {
            end--;
        }
        if (end < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("secret file " + file + " must hold at least " + MIN_SECRET_BYTES
                    + " bytes, but holds " + end);
        }
        byte[] secret = Arrays.copyOf(bytes, end);
        Arrays.fill(bytes, (byte) 0);
        return new ProjectSecret(secret);
    }

    /**
     * Returns the replacement for a UID: {@code 2.25.} followed by the decimal value of the first
     * 128 bits of HMAC-SHA256(secret, "uid:" + uid), at most 44 characters (PS3.5 section 9.1
     * limits UIDs to 64), as PS3.5 Annex B.2 defines UUID-derived UIDs.
     */
    public String uid(String originalUid) {
        byte[] digest = hmac("uid:", originalUid.strip());
        BigInteger value = new BigInteger(1, Arrays.copyOf(digest, 16));
        return "2.25." + value.toString();
    }

    /**
     * Returns the pseudonym for a Patient ID: "PAT" followed by 16 upper-case base-32 characters
     * of HMAC-SHA256(secret, "patient-id:" + id), within the 64-character limit of LO.
     */
    public String patientPseudonym(String originalPatientId) {
        return "PAT" + base32(hmac("patient-id:", originalPatientId.strip()), 16);
    }

    /**
     * Returns the day offset for a patient's dates, derived from the original Patient ID: a value
     * in [-3652, -365], so dates move back by one to ten years. All dates of one patient move by
     * the same offset, which keeps the intervals between the patient's studies.
     */
    public int dateOffsetDays(String originalPatientId) {
        byte[] digest = hmac("date-offset:", originalPatientId.strip());
        long value = new BigInteger(1, Arrays.copyOf(digest, 8)).longValue() & Long.MAX_VALUE;
        int span = MAX_DATE_OFFSET_DAYS - MIN_DATE_OFFSET_DAYS + 1;
        return -(MIN_DATE_OFFSET_DAYS + (int) (value % span));
    }

    /** Returns a short fingerprint of the secret (first 8 hex digits of its HMAC of a fixed label), for reports. */
    public String fingerprint() {
        byte[] digest = hmac("fingerprint:", "");
        return String.format("%02x%02x%02x%02x", digest[0], digest[1], digest[2], digest[3]);
    }

    private byte[] hmac(String domain, String value) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            mac = newMac(key);
        }
        mac.update(domain.getBytes(StandardCharsets.UTF_8));
        return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private static String base32(byte[] bytes, int characters) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder text = new StringBuilder(characters);
        long buffer = 0;
        int bits = 0;
        int index = 0;
        while (text.length() < characters) {
            if (bits < 5) {
                buffer = (buffer << 8) | (bytes[index++] & 0xFF);
                bits += 8;
            }
            text.append(alphabet.charAt((int) ((buffer >>> (bits - 5)) & 31)));
            bits -= 5;
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return "ProjectSecret[fingerprint=" + fingerprint() + "]";
    }
}
