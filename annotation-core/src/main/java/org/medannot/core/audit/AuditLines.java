package org.medannot.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encodes and decodes one audit log line. Layout, without whitespace:
 * <pre>{"seq":N,"time":"ISO-8601 UTC","actor":"..","action":"..","subject":"..",ATTRIBUTES,"prev":"HEX"[,"hmac":"HEX"],"hash":"HEX"}</pre>
 * where ATTRIBUTES are the event's attributes as string members in their order. {@code hmac} is
 * the HMAC-SHA256 of the UTF-8 bytes from the opening brace up to, not including, the comma
 * before {@code "hmac"}. {@code hash} is the SHA-256 of the bytes up to the comma before
 * {@code "hash"}, so it covers the HMAC too and any changed byte shows at its own line.
 */
final class AuditLines {

    /** Longest accepted line in bytes, without the line feed; longer lines are rejected before buffering. */
    static final int MAX_LINE_BYTES = 1 << 20;

    private static final HexFormat HEX = HexFormat.of();

    private AuditLines() {
    }

    /** Returns the line bytes (without line feed) of an entry. */
    static byte[] encode(long sequence, Instant time, AuditEvent event, String previousHash, byte[] hmacKey) {
        String prefix = prefix(sequence, time, event, previousHash);
        StringBuilder hashed = new StringBuilder(prefix.length() + 160).append(prefix);
        if (hmacKey != null) {
            hashed.append(",\"hmac\":\"").append(hmacHex(hmacKey, prefix.getBytes(StandardCharsets.UTF_8))).append('"');
        }
        byte[] hashedBytes = hashed.toString().getBytes(StandardCharsets.UTF_8);
        String line = hashed + ",\"hash\":\"" + sha256Hex(hashedBytes) + "\"}";
        return line.getBytes(StandardCharsets.UTF_8);
    }

    private static String prefix(long sequence, Instant time, AuditEvent event, String previousHash) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("seq", sequence);
        members.put("time", DateTimeFormatter.ISO_INSTANT.format(time));
        members.put("actor", event.actor());
        members.put("action", event.action());
        members.put("subject", event.subject());
        members.putAll(event.attributes());
        members.put("prev", previousHash);
        String json = FlatJson.write(members);
        return json.substring(0, json.length() - 1);
    }

    /**
     * Decodes a line and checks that it is in canonical form and that its hash matches.
     *
     * @throws LineException with the problem kind and reason (without the line number)
     */
    static AuditEntry decode(byte[] line) throws LineException {
        Map<String, Object> members;
        try {
            members = FlatJson.parse(line);
        } catch (FlatJson.JsonException e) {
            throw new LineException(AuditProblem.Kind.INVALID_ENTRY, "not a valid entry: " + e.getMessage());
        }

        long sequence = number(members, "seq");
        String timeText = text(members, "time");
        String actor = text(members, "actor");
        String action = text(members, "action");
        String subject = text(members, "subject");
        String previousHash = hex(members, "prev");
        String hash = hex(members, "hash");
        Optional<String> hmac = members.containsKey("hmac") ? Optional.of(hex(members, "hmac")) : Optional.empty();

        Instant time;
        try {
            time = Instant.from(DateTimeFormatter.ISO_INSTANT.parse(timeText));
        } catch (DateTimeParseException e) {
            throw new LineException(AuditProblem.Kind.INVALID_ENTRY, "member \"time\" is not an ISO-8601 UTC time: '"
                    + timeText + "'");
        }

        Map<String, String> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, Object> member : members.entrySet()) {
            if (AuditEvent.RESERVED_NAMES.contains(member.getKey())) {
                continue;
            }
            if (!(member.getValue() instanceof String value)) {
                throw new LineException(AuditProblem.Kind.INVALID_ENTRY, "attribute \"" + member.getKey()
                        + "\" must be a string");
            }
            attributes.put(member.getKey(), value);
        }

        AuditEvent event;
        try {
            event = new AuditEvent(actor, action, subject, attributes);
        } catch (IllegalArgumentException e) {
            throw new LineException(AuditProblem.Kind.INVALID_ENTRY, "invalid event: " + e.getMessage());
        }

        StringBuilder hashed = new StringBuilder(prefix(sequence, time, event, previousHash));
        hmac.ifPresent(value -> hashed.append(",\"hmac\":\"").append(value).append('"'));
        byte[] hashedBytes = hashed.toString().getBytes(StandardCharsets.UTF_8);
        String canonical = hashed + ",\"hash\":\"" + hash + "\"}";
        if (!Arrays.equals(canonical.getBytes(StandardCharsets.UTF_8), line)) {
            throw new LineException(AuditProblem.Kind.INVALID_ENTRY,
                    "not in canonical form (member order, spacing, escapes or time format differ from what the writer produces)");
        }
        if (!sha256Hex(hashedBytes).equals(hash)) {
            throw new LineException(AuditProblem.Kind.CONTENT_CHANGED,
                    "member \"hash\" does not match the SHA-256 of the entry's content, so the entry was changed");
        }
        return new AuditEntry(sequence, time, event, previousHash, hash, hmac);
    }

    /** Returns the HMAC-SHA256 of the hashed part of a decoded line under {@code key}, as hex. */
    static String hmacOf(AuditEntry entry, byte[] key) {
        String prefix = prefix(entry.sequence(), entry.time(), entry.event(), entry.previousHash());
        return hmacHex(key, prefix.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Hex(byte[] bytes) {
        return sha256Hex(bytes, 0, bytes.length);
    }

    static String sha256Hex(byte[] bytes, int offset, int length) {
        MessageDigest digest = SHA256.get();
        digest.update(bytes, offset, length);
        return HEX.formatHex(digest.digest());
    }

    static String hmacHex(byte[] key, byte[] message) {
        return HEX.formatHex(hmac(key).doFinal(message));
    }

    /** Returns this thread's HMAC-SHA256 instance, initialized with {@code key} unless it already is. */
    private static Mac hmac(byte[] key) {
        KeyedMac keyed = HMAC.get();
        if (keyed == null || !Arrays.equals(keyed.key, key)) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                keyed = new KeyedMac(key.clone(), mac);
                HMAC.set(keyed);
            } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
            }
        }
        return keyed.mac;
    }

    private record KeyedMac(byte[] key, Mac mac) {
    }

    private static final ThreadLocal<KeyedMac> HMAC = new ThreadLocal<>();

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    });

    private static long number(Map<String, Object> members, String name) throws LineException {
        if (!(members.get(name) instanceof Long value)) {
            throw new LineException(AuditProblem.Kind.INVALID_ENTRY, "member \"" + name + "\" is missing or not an integer");
        }
        return value;
    }

    private static String text(Map<String, Object> members, String name) throws LineException {
        if (!(members.get(name) instanceof String value)) {
            throw new LineException(AuditProblem.Kind.INVALID_ENTRY, "member \"" + name + "\" is missing or not a string");
        }
        return value;
    }

    private static String hex(Map<String, Object> members, String name) throws LineException {
        String value = text(members, name);
        if (value.length() != 64 || !value.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new LineException(AuditProblem.Kind.INVALID_ENTRY, "member \"" + name
                    + "\" must be 64 lower-case hex digits");
        }
        return value;
    }

    /** A line that failed decoding, with the kind of problem. */
    static final class LineException extends Exception {

        private static final long serialVersionUID = 1L;

        private final AuditProblem.Kind kind;

        LineException(AuditProblem.Kind kind, String message) {
            super(message);
            this.kind = kind;
        }

        AuditProblem.Kind kind() {
            return kind;
        }
    }
}
