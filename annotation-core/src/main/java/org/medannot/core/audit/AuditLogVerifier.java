package org.medannot.core.audit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies an audit log written by {@link AuditLog} and names its first bad entry. Reads the file
 * once, line by line, holding one line at a time.
 *
 * <p>Each line n (1-based) must be a canonical entry whose {@code hash} matches its content, whose
 * {@code seq} is n, whose {@code prev} is the SHA-256 of line n - 1 ({@link AuditLog#GENESIS_HASH}
 * for line 1) and, when a key is given, whose {@code hmac} matches. So a changed byte is reported
 * at the changed line. A removed, inserted, duplicated or moved entry is reported at the first
 * line whose position changed. Removal of entries from the end of the log leaves a valid shorter
 * chain; pass the {@link AuditHead} recorded earlier to detect it.
 *
 * <p>Without a key, someone who can write the file can also rewrite every hash after a change.
 * With a key kept away from the log, any change shows as an HMAC mismatch.
 */
public final class AuditLogVerifier {

    private AuditLogVerifier() {
    }

    /** Verifies without HMAC and without a recorded head. */
    public static AuditVerification verify(Path log) throws AuditException {
        return verify(log, null, null);
    }

    /**
     * Verifies a log.
     *
     * @param log          the log file
     * @param hmacKey      the key the log was written with; null to skip the HMAC check
     * @param expectedHead a head recorded earlier; null for none. When given, the log must have at
     *                     least that many entries and the line at that position must have that hash.
     * @throws AuditException when the file cannot be read
     */
    public static AuditVerification verify(Path log, byte[] hmacKey, AuditHead expectedHead) throws AuditException {
        Objects.requireNonNull(log, "log");
        try (InputStream in = new BufferedInputStream(Files.newInputStream(log), 1 << 16)) {
            return verify(in, hmacKey, expectedHead);
        } catch (IOException e) {
            if (e instanceof AuditException audit) {
                throw audit;
            }
            throw new AuditException("cannot read audit log " + log + ": " + e.getMessage(), e);
        }
    }

    /** Verifies a log read from a stream; the caller closes the stream. */
    public static AuditVerification verify(InputStream in, byte[] hmacKey, AuditHead expectedHead) throws IOException {
        LineReader reader = new LineReader(in);
        String previousHash = AuditLog.GENESIS_HASH;
        long entries = 0;
        AuditProblem problem = null;

        while (problem == null) {
            long lineNumber = entries + 1;
            LineReader.Line line = reader.next();
            if (line == null) {
                break;
            }
            if (line.tooLong()) {
                problem = new AuditProblem(lineNumber, AuditProblem.Kind.INVALID_ENTRY, "line " + lineNumber
                        + " is longer than the maximum of " + AuditLines.MAX_LINE_BYTES + " bytes");
                break;
            }
            if (!line.terminated()) {
                problem = new AuditProblem(lineNumber, AuditProblem.Kind.TORN_LAST_LINE, "line " + lineNumber
                        + " has no line feed, so a write was interrupted; the " + entries + " entries before it are complete");
                break;
            }
            problem = check(line.bytes(), lineNumber, previousHash, hmacKey);
            if (problem == null) {
                previousHash = AuditLines.sha256Hex(line.bytes());
                entries = lineNumber;
                if (expectedHead != null && lineNumber == expectedHead.entries()
                        && !MessageDigest.isEqual(previousHash.getBytes(), expectedHead.lastLineHash().getBytes())) {
                    problem = new AuditProblem(lineNumber, AuditProblem.Kind.CHAIN_BROKEN, "line " + lineNumber
                            + " has SHA-256 " + previousHash + ", but the recorded head has " + expectedHead.lastLineHash());
                    entries = lineNumber - 1;
                }
            }
        }

        if (problem == null && expectedHead != null && entries < expectedHead.entries()) {
            problem = new AuditProblem(entries + 1, AuditProblem.Kind.MISSING_ENTRIES, "the log ends after " + entries
                    + " entries, but the recorded head has " + expectedHead.entries());
        }
        return new AuditVerification(entries, Optional.ofNullable(problem), hmacKey != null,
                new AuditHead(entries, previousHash));
    }

    private static AuditProblem check(byte[] line, long lineNumber, String previousHash, byte[] hmacKey) {
        AuditEntry entry;
        try {
            entry = AuditLines.decode(line);
        } catch (AuditLines.LineException e) {
            return new AuditProblem(lineNumber, e.kind(), "line " + lineNumber + " " + e.getMessage());
        }
        if (hmacKey != null) {
            if (entry.hmac().isEmpty()) {
                return new AuditProblem(lineNumber, AuditProblem.Kind.MISSING_HMAC, "line " + lineNumber
                        + " has no member \"hmac\", but a key was given");
            }
            String expected = AuditLines.hmacOf(entry, hmacKey);
            if (!MessageDigest.isEqual(expected.getBytes(), entry.hmac().get().getBytes())) {
                return new AuditProblem(lineNumber, AuditProblem.Kind.HMAC_MISMATCH, "line " + lineNumber
                        + " has an HMAC that does not match under the given key, so the entry was changed or the key is wrong");
            }
        }
        if (entry.sequence() != lineNumber) {
            return new AuditProblem(lineNumber, AuditProblem.Kind.OUT_OF_SEQUENCE, "line " + lineNumber
                    + " has sequence number " + entry.sequence() + ", so entries were removed, inserted, duplicated or reordered");
        }
        if (!entry.previousHash().equals(previousHash)) {
            return new AuditProblem(lineNumber, AuditProblem.Kind.CHAIN_BROKEN, "line " + lineNumber
                    + " has member \"prev\" " + entry.previousHash() + ", but the SHA-256 of "
                    + (lineNumber == 1 ? "the genesis value" : "line " + (lineNumber - 1)) + " is " + previousHash);
        }
        return null;
    }

    /** Splits a stream into lines at line feeds, keeping the exact bytes, with a bound on line length. */
    private static final class LineReader {

        record Line(byte[] bytes, boolean terminated, boolean tooLong) {
        }

        private final InputStream in;
        private final byte[] chunk = new byte[1 << 16];
        private int chunkPosition;
        private int chunkLimit;
        private byte[] buffer = new byte[1024];

        LineReader(InputStream in) {
            this.in = in;
        }

        /** Returns the next line, or null at the end of the stream. */
        Line next() throws IOException {
            int length = 0;
            while (true) {
                if (chunkPosition == chunkLimit) {
                    int read = in.read(chunk);
                    if (read < 0) {
                        return length == 0 ? null : new Line(Arrays.copyOf(buffer, length), false, false);
                    }
                    chunkPosition = 0;
                    chunkLimit = read;
                }
                byte b = chunk[chunkPosition++];
                if (b == '\n') {
                    return new Line(Arrays.copyOf(buffer, length), true, false);
                }
                if (length == AuditLines.MAX_LINE_BYTES) {
                    return new Line(new byte[0], false, true);
                }
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, Math.min(AuditLines.MAX_LINE_BYTES, buffer.length * 2));
                }
                buffer[length++] = b;
            }
        }
    }
}
