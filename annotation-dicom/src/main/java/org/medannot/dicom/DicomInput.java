package org.medannot.dicom;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Byte input with position tracking and length checks for the Part 10 reader. {@code limit} is
 * the total number of bytes when known (a file), or -1 for a stream of unknown length (an
 * inflated data set); then large values are read in chunks so that a wrong length field ends
 * in a {@link DicomException} at the end of the stream, not in a huge allocation.
 *
 * <p>Input from a byte array (a file read whole) is read without a stream, because the reader
 * fetches a few bytes at a time.
 */
final class DicomInput {

    private static final int CHUNK = 1 << 20;

    private final InputStream in;
    /** The whole input when it is read from a byte array, else null. */
    private final byte[] content;
    private final String source;
    private final long limit;
    private long position;
    private final byte[] scratch = new byte[8];

    DicomInput(InputStream in, String source, long startPosition, long limit) {
        this.in = in;
        this.content = null;
        this.source = source;
        this.position = startPosition;
        this.limit = limit;
    }

    /** Creates an input that reads {@code content} from offset 0. */
    DicomInput(byte[] content, String source) {
        this.in = null;
        this.content = content;
        this.source = source;
        this.position = 0;
        this.limit = content.length;
    }

    /** Returns a stream of the bytes from the current position on, which this input no longer reads correctly afterwards. */
    InputStream remainingStream() {
        if (content == null) {
            return in;
        }
        return new ByteArrayInputStream(content, (int) position, content.length - (int) position);
    }

    String source() {
        return source;
    }

    long position() {
        return position;
    }

    /** Bytes left, or Long.MAX_VALUE when the length of the stream is unknown. */
    long remaining() {
        return limit < 0 ? Long.MAX_VALUE : limit - position;
    }

    boolean lengthKnown() {
        return limit >= 0;
    }

    /** Whether no byte is left; for streams of unknown length this peeks one byte. */
    boolean atEnd() {
        if (limit >= 0) {
            return position >= limit;
        }
        try {
            in.mark(1);
            int b = in.read();
            in.reset();
            return b < 0;
        } catch (IOException e) {
            throw ioFailure(e);
        }
    }

    /** Reads up to {@code count} bytes without consuming them; fewer at the end of the input. */
    byte[] peek(int count) {
        if (content != null) {
            return Arrays.copyOfRange(content, (int) position, (int) Math.min(position + count, content.length));
        }
        try {
            in.mark(count);
            byte[] bytes = in.readNBytes(count);
            in.reset();
            return bytes;
        } catch (IOException e) {
            throw ioFailure(e);
        }
    }

    void readFully(byte[] target, int count, String what) {
        readFully(target, count, () -> what);
    }

    /** Reads {@code count} bytes; {@code what} describes them in the error message and is called only on failure. */
    void readFully(byte[] target, int count, Supplier<String> what) {
        if (content != null) {
            int available = (int) Math.min(count, limit - position);
            if (available < count) {
                throw DicomException.at(source, position + available, what.get(), "the end of the file");
            }
            System.arraycopy(content, (int) position, target, 0, count);
            position += count;
            return;
        }
        int read;
        try {
            read = in.readNBytes(target, 0, count);
        } catch (IOException e) {
            throw ioFailure(e);
        }
        if (read < count) {
            throw DicomException.at(source, position + read, what.get(), "the end of the file");
        }
        position += count;
    }

    int readUInt16(boolean bigEndian, String what) {
        return readUInt16(bigEndian, () -> what);
    }

    int readUInt16(boolean bigEndian, Supplier<String> what) {
        readFully(scratch, 2, what);
        int b0 = scratch[0] & 0xFF;
        int b1 = scratch[1] & 0xFF;
        return bigEndian ? (b0 << 8) | b1 : (b1 << 8) | b0;
    }

    /** Reads an unsigned 32-bit number. */
    long readUInt32(boolean bigEndian, String what) {
        return readUInt32(bigEndian, () -> what);
    }

    /** Reads an unsigned 32-bit number; {@code what} is called only to build an error message. */
    long readUInt32(boolean bigEndian, Supplier<String> what) {
        readFully(scratch, 4, what);
        long value = 0;
        for (int i = 0; i < 4; i++) {
            int b = scratch[bigEndian ? i : 3 - i] & 0xFF;
            value = (value << 8) | b;
        }
        return value;
    }

    /** Reads one byte as an unsigned number. */
    int readUInt8(String what) {
        readFully(scratch, 1, what);
        return scratch[0] & 0xFF;
    }

    int readTag(boolean bigEndian) {
        int group = readUInt16(bigEndian, "a data element tag");
        int element = readUInt16(bigEndian, "a data element tag");
        return (group << 16) | element;
    }

    /**
     * Reads a value of {@code length} bytes after checking it against what remains.
     *
     * @param what description of the value for the error message
     */
    byte[] readValue(long length, String what) {
        return readValue(length, () -> what);
    }

    /** Reads a value like {@link #readValue(long, String)}; {@code what} is called only to build an error message. */
    byte[] readValue(long length, Supplier<String> what) {
        if (length > remaining()) {
            throw DicomException.at(source, position, what.get() + " of " + length + " bytes",
                    remaining() + " bytes before the end of the file");
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw DicomException.at(source, position, what.get() + " shorter than 2 GiB", length + " bytes");
        }
        int count = (int) length;
        Supplier<String> whatWithCount = () -> what.get() + " of " + count + " bytes";
        if (limit >= 0 || count <= CHUNK) {
            byte[] value = new byte[count];
            readFully(value, count, whatWithCount);
            return value;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(CHUNK);
        byte[] chunk = new byte[CHUNK];
        int left = count;
        while (left > 0) {
            int n = Math.min(left, CHUNK);
            readFully(chunk, n, whatWithCount);
            out.write(chunk, 0, n);
            left -= n;
        }
        return out.toByteArray();
    }

    void skip(long count, String what) {
        if (count > remaining()) {
            throw DicomException.at(source, position, what + " of " + count + " bytes",
                    remaining() + " bytes before the end of the file");
        }
        if (content != null) {
            position += count;
            return;
        }
        try {
            long left = count;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw DicomException.at(source, position + count - left, what, "the end of the file");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
            position += count;
        } catch (IOException e) {
            throw ioFailure(e);
        }
    }

    private DicomException ioFailure(IOException e) {
        return new DicomException(source + ": read failed at offset " + position + ": " + e.getMessage(), e);
    }
}
