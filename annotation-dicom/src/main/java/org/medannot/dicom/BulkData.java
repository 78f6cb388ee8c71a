package org.medannot.dicom;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A value that is read from its file only when asked for (Pixel Data and its fragments), or a
 * value already in memory: read for streams that cannot seek (such as Deflated Explicit VR Little
 * Endian data sets), or a range of file content that was read whole
 * ({@link DicomFile#read(Path, byte[], ReadOptions)}).
 *
 * <p>{@code declaredLength} is the length in the element header; {@code length} is what the
 * file holds, which is shorter only for a truncated file, and reading such a value raises
 * {@link DicomException}.
 */
public final class BulkData {

    private final Path file;
    private final long offset;
    private final long length;
    private final long declaredLength;
    /** The value in memory, or the whole file content when {@link #contentOffset} is not -1; null for a value in a file. */
    private final byte[] bytes;
    /** Offset of the value in {@link #bytes} when that array is the whole file content, else -1. */
    private final int contentOffset;

    private BulkData(Path file, long offset, long length, long declaredLength, byte[] bytes, int contentOffset) {
        this.file = file;
        this.offset = offset;
        this.length = length;
        this.declaredLength = declaredLength;
        this.bytes = bytes;
        this.contentOffset = contentOffset;
    }

    static BulkData inFile(Path file, long offset, long length, long declaredLength) {
        return new BulkData(file, offset, length, declaredLength, null, -1);
    }

    static BulkData inMemory(byte[] bytes, long offset) {
        return new BulkData(null, offset, bytes.length, bytes.length, bytes, -1);
    }

    /** Creates a value that lies at {@code offset} in the file content {@code content}, already in memory (not copied). */
    static BulkData inContent(byte[] content, int offset, int length, long declaredLength) {
        return new BulkData(null, offset, length, declaredLength, content, offset);
    }

    /** Byte offset of the value in the file (or inflated stream). */
    public long offset() {
        return offset;
    }

    /** Number of value bytes that the file holds. */
    public long length() {
        return length;
    }

    /** Value length in the element or item header. */
    public long declaredLength() {
        return declaredLength;
    }

    /** Whether the file ends before the declared end of the value. */
    public boolean truncated() {
        return length < declaredLength;
    }

    /**
     * Reads the value.
     *
     * @param source name of the file for error messages
     * @throws DicomException when the value is truncated, larger than a Java array or unreadable
     */
    public byte[] read(String source) {
        if (truncated()) {
            throw DicomException.at(source, offset, "a value of " + declaredLength + " bytes",
                    "only " + length + " bytes before the end of the file");
        }
        if (bytes != null) {
            return contentOffset < 0 ? bytes : Arrays.copyOfRange(bytes, contentOffset, contentOffset + (int) length);
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw DicomException.at(source, offset, "a value shorter than 2 GiB", length + " bytes");
        }
        byte[] value = new byte[(int) length];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.wrap(value);
            long position = offset;
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, position);
                if (read < 0) {
                    throw DicomException.at(source, position, length + " value bytes", "the end of the file");
                }
                position += read;
            }
        } catch (IOException e) {
            throw new DicomException(source + ": cannot read " + length + " bytes at offset " + offset + ": " + e.getMessage(), e);
        }
        return value;
    }

    /**
     * Writes the value to {@code out}; a value already in memory is written without a copy.
     *
     * @param source name of the file for error messages
     * @throws DicomException when the value is truncated, larger than a Java array or unreadable
     * @throws IOException when writing to {@code out} fails
     */
    public void writeTo(OutputStream out, String source) throws IOException {
        if (bytes != null && contentOffset >= 0 && !truncated()) {
            out.write(bytes, contentOffset, (int) length);
        } else {
            out.write(read(source));
        }
    }
}
