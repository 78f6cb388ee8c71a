package org.medannot.core.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.medannot.core.audit.FlatJson.JsonException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only audit log in JSON Lines: one UTF-8 JSON object per line, each line ended by a
 * line feed (0x0A). Every entry stores its
 * 1-based sequence number, the SHA-256 of the exact bytes of the previous line (the hash chain,
 * starting from {@link #GENESIS_HASH}), the SHA-256 of its own content and, when the log is opened
 * with a key, an HMAC-SHA256 under that key. {@link AuditLogVerifier} checks all of it.
 *
 * <p>Concurrency and crash safety. {@link #append} is thread-safe. Appends from several processes
 * are serialized by an exclusive {@link FileChannel#lock()} on the log file itself; under that
 * lock the writer rereads the last line to get the sequence number and previous hash, writes the
 * new line with one positional write, and forces it to the storage device before releasing the
 * lock. A crash can therefore only leave an incomplete last line. The verifier reports such a line,
 * and the next append under the lock removes it (logged at WARN) before writing. Instances of this class
 * for the same file in one JVM share an in-process lock, because file locks are held per process.
 *
 * <p>NOTE: file locks are advisory on Linux and may not work on network file systems; all writers
 * must use this class.
 */
public final class AuditLog implements AutoCloseable {

    /** Previous-line hash of the first entry: 64 zeros. */
    public static final String GENESIS_HASH = "0".repeat(64);

    /** The bytes every entry line starts with. */
    private static final String ENTRY_START = "{\"seq\":";

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    /** In-process locks per real path, because a JVM cannot hold two file locks on one file. */
    private static final Map<Path, ReentrantLock> PROCESS_LOCKS = new ConcurrentHashMap<>();

    private static final int TAIL_BLOCK = 8192;

    private final Path path;
    private final FileChannel channel;
    private final ReentrantLock lock;
    private final byte[] hmacKey;
    private final Clock clock;

    private AuditLog(Path path, FileChannel channel, ReentrantLock lock, byte[] hmacKey, Clock clock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
        this.hmacKey = hmacKey;
        this.clock = clock;
    }

    /** Opens or creates a log without HMAC, with entry times from the system clock in UTC. */
    public static AuditLog open(Path path) throws AuditException {
        return open(path, null, Clock.systemUTC());
    }

    /**
     * Opens or creates a log.
     *
     * @param path    the log file; created when absent
     * @param hmacKey key for HMAC-SHA256 over each entry, at least 16 bytes; null for none. The
     *                array is copied.
     * @param clock   source of entry times
     * @throws AuditException when the file cannot be opened
     */
    public static AuditLog open(Path path, byte[] hmacKey, Clock clock) throws AuditException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(clock, "clock");
        if (hmacKey != null && hmacKey.length < 16) {
            throw new IllegalArgumentException("HMAC key must have at least 16 bytes, but has " + hmacKey.length);
        }
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            Path realPath = path.toRealPath();
            ReentrantLock lock = PROCESS_LOCKS.computeIfAbsent(realPath, key -> new ReentrantLock());
            return new AuditLog(realPath, channel, lock, hmacKey == null ? null : hmacKey.clone(), clock);
        } catch (IOException e) {
            throw new AuditException("cannot open audit log " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a new log with one entry per event to {@code out}, byte for byte as {@link #append}
     * would write them to an empty file, and leaves {@code out} open. Use it to store the log of a
     * finished round through a stream, for example an encrypting one. The bytes verify with
     * {@link AuditLogVerifier} once stored in a file. Entry times come from {@code clock}.
     *
     * @param hmacKey key for HMAC-SHA256 over each entry, at least 16 bytes; null for none
     * @return the entries as written
     * @throws AuditException when an entry is longer than the maximum line length
     * @throws IOException when writing to {@code out} fails
     */
    public static List<AuditEntry> write(OutputStream out, List<AuditEvent> events, byte[] hmacKey, Clock clock)
            throws IOException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(clock, "clock");
        if (hmacKey != null && hmacKey.length < 16) {
            throw new IllegalArgumentException("HMAC key must have at least 16 bytes, but has " + hmacKey.length);
        }
        List<AuditEntry> entries = new ArrayList<>();
        String previousHash = GENESIS_HASH;
        for (AuditEvent event : events) {
            byte[] line = AuditLines.encode(entries.size() + 1, clock.instant(), Objects.requireNonNull(event, "event"),
                    previousHash, hmacKey);
            if (line.length > AuditLines.MAX_LINE_BYTES) {
                throw new AuditException("audit entry of " + line.length + " bytes is longer than the maximum of "
                        + AuditLines.MAX_LINE_BYTES + " bytes; shorten its attributes");
            }
            out.write(line);
            out.write('\n');
            try {
                entries.add(AuditLines.decode(line));
            } catch (AuditLines.LineException e) {
                throw new IllegalStateException("an audit entry just encoded does not decode: " + e.getMessage(), e);
            }
            previousHash = AuditLines.sha256Hex(line);
        }
        return entries;
    }

    /** Returns the log file (its real path). */
    public Path path() {
        return path;
    }

    /**
     * Appends one entry and forces it to storage before returning.
     *
     * @return the entry as written
     * @throws AuditException when the last entry cannot be read, or writing fails
     */
    public AuditEntry append(AuditEvent event) throws AuditException {
        Objects.requireNonNull(event, "event");
        lock.lock();
        try (FileLock fileLock = channel.lock()) {
            AuditHead head = readHead(true);
            long sequence = head.entries() + 1;
            Instant time = clock.instant();
            byte[] line = AuditLines.encode(sequence, time, event, head.lastLineHash(), hmacKey);
            if (line.length > AuditLines.MAX_LINE_BYTES) {
                throw new AuditException("audit entry of " + line.length + " bytes is longer than the maximum of "
                        + AuditLines.MAX_LINE_BYTES + " bytes; shorten its attributes");
            }
            ByteBuffer buffer = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
            long position = channel.size();
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            channel.force(false);
            return decodeOwn(line);
        } catch (OverlappingFileLockException e) {
            throw new AuditException("audit log " + path + " is locked by another channel in this JVM", e);
        } catch (IOException e) {
            if (e instanceof AuditException audit) {
                throw audit;
            }
            throw new AuditException("cannot append to audit log " + path + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private AuditEntry decodeOwn(byte[] line) {
        try {
            return AuditLines.decode(line);
        } catch (AuditLines.LineException e) {
            throw new IllegalStateException("the entry just written to " + path + " does not decode: " + e.getMessage(), e);
        }
    }

    /**
     * Returns the number of entries and the hash of the last line, read under the file lock. Record
     * it elsewhere to detect removal of entries from the end later.
     */
    public AuditHead head() throws AuditException {
        lock.lock();
        try (FileLock fileLock = channel.lock()) {
            return readHead(false);
        } catch (IOException e) {
            if (e instanceof AuditException audit) {
                throw audit;
            }
            throw new AuditException("cannot read audit log " + path + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads the last complete line under the file lock. With {@code repair}, an incomplete last
     * line left by a crashed writer is cut off first.
     */
    private AuditHead readHead(boolean repair) throws IOException {
        long size = channel.size();
        long end = size;
        boolean torn = size > 0 && byteAt(size - 1) != '\n';
        if (torn) {
            end = lastLineFeedBefore(size) + 1;
        }
        // The last complete line is checked before anything is cut, so a file that is not an
        // audit log is rejected unchanged.
        AuditHead head = end == 0 ? new AuditHead(0, GENESIS_HASH) : lastEntry(end);
        if (torn && !startsLikeEntry(end, size)) {
            throw new AuditException("audit log " + path + " ends at byte offset " + end + " with " + (size - end)
                    + " bytes that do not start an entry (expected " + ENTRY_START + "); verify the log");
        }
        if (torn && repair) {
            LOG.warn("Audit log {}: removing an incomplete last line of {} bytes left by an interrupted write",
                    path, size - end);
            channel.truncate(end);
            channel.force(true);
        }
        return head;
    }

    /**
     * Returns whether the bytes from {@code start} to {@code end} begin as an entry line does, or
     * are a beginning of {@link #ENTRY_START}, as an interrupted write leaves them.
     */
    private boolean startsLikeEntry(long start, long end) throws IOException {
        byte[] expected = ENTRY_START.getBytes(StandardCharsets.US_ASCII);
        int count = (int) Math.min(expected.length, end - start);
        byte[] actual = new byte[count];
        readFully(ByteBuffer.wrap(actual), start);
        return Arrays.equals(actual, 0, count, expected, 0, count);
    }

    /** Returns the head after the complete line that ends at {@code end}, checking that it is an entry. */
    private AuditHead lastEntry(long end) throws IOException {
        long start = lastLineFeedBefore(end - 1) + 1;
        long length = end - 1 - start;
        if (length > AuditLines.MAX_LINE_BYTES) {
            throw new AuditException("last line of audit log " + path + " at byte offset " + start + " has " + length
                    + " bytes, more than the maximum of " + AuditLines.MAX_LINE_BYTES + "; verify the log");
        }
        byte[] line = new byte[(int) length];
        readFully(ByteBuffer.wrap(line), start);

        Object sequence;
        try {
            sequence = FlatJson.parse(line).get("seq");
        } catch (JsonException e) {
            throw new AuditException("last line of audit log " + path + " at byte offset " + start
                    + " is not a valid entry (" + e.getMessage() + "); verify the log", e);
        }
        if (!(sequence instanceof Long value)) {
            throw new AuditException("last line of audit log " + path + " at byte offset " + start
                    + " has no integer member \"seq\"; verify the log");
        }
        return new AuditHead(value, AuditLines.sha256Hex(line));
    }

    /** Returns the offset of the last line feed before {@code limit}, or -1 when there is none. */
    private long lastLineFeedBefore(long limit) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(TAIL_BLOCK);
        long blockEnd = limit;
        while (blockEnd > 0) {
            long blockStart = Math.max(0, blockEnd - TAIL_BLOCK);
            block.clear().limit((int) (blockEnd - blockStart));
            readFully(block, blockStart);
            for (int n = block.limit() - 1; n >= 0; n--) {
                if (block.get(n) == '\n') {
                    return blockStart + n;
                }
            }
            blockEnd = blockStart;
        }
        return -1;
    }

    private byte byteAt(long offset) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        readFully(one, offset);
        return one.get(0);
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new AuditException("audit log " + path + " ended at byte " + at + " while reading");
            }
            at += read;
        }
    }

    /** Closes the file; appends afterwards fail. */
    @Override
    public void close() throws AuditException {
        try {
            channel.close();
        } catch (IOException e) {
            throw new AuditException("cannot close audit log " + path + ": " + e.getMessage(), e);
        }
    }
}
