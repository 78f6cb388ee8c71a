package org.medannot.core.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

import org.medannot.core.crypto.CryptoException;
import org.medannot.core.crypto.KeyProvider;
import org.medannot.core.crypto.StreamingEncryption;

/**
 * Destination of output files in one folder. A writer requests a {@link PendingOutput} from the sink
 * under a relative name, writes the content to its stream and commits it. The bytes go to a
 * temporary file beside the target, and the commit moves that file into place, so an interrupted
 * write leaves no partial file under the target name.
 *
 * <p>An encrypting sink ({@link #encrypting}) encrypts the stream with
 * {@link StreamingEncryption} before any byte reaches the disk, the temporary file included, and
 * stores the file under its name with {@link #ENCRYPTED_SUFFIX} appended. A plain sink
 * ({@link #plain}) stores the bytes as written.
 *
 * <p>Names are relative paths with {@code /} as separator, such as {@code "labels.nii.gz"} or
 * {@code "overlays/slice-005.png"}. Folders in a name are created when missing.
 *
 * <p>Implementations must be thread-safe: several writers may create files in one sink at once.
 */
public interface OutputSink {

    /** Suffix that an encrypting sink appends to every file name. */
    String ENCRYPTED_SUFFIX = ".enc";

    /** Returns a sink that writes plain files into {@code directory}. */
    static OutputSink plain(Path directory) {
        return new DirectorySink(directory, null);
    }

    /**
     * Returns a sink that encrypts every file into {@code directory} under the provider's default key.
     *
     * @throws CryptoException when the provider has no such key or it is not a 32-byte AES key
     */
    static OutputSink encrypting(Path directory, KeyProvider keys) throws CryptoException {
        return encrypting(directory, keys, keys.defaultKeyId());
    }

    /**
     * Returns a sink that encrypts every file into {@code directory} under key {@code keyId}, with
     * chunks of {@link StreamingEncryption#DEFAULT_CHUNK_SIZE}.
     *
     * @throws CryptoException when the provider has no key {@code keyId} or it is not a 32-byte AES
     *     key, so that a missing key fails before the first file is opened
     */
    static OutputSink encrypting(Path directory, KeyProvider keys, String keyId) throws CryptoException {
        return new DirectorySink(directory, DirectorySink.Encryption.checked(keys, keyId));
    }

    /** Returns the folder that the files of this sink are stored in. */
    Path directory();

    /** Returns true when this sink encrypts every file it stores. */
    boolean encrypts();

    /**
     * Returns the path where a committed file {@code name} is stored: {@code directory()/name},
     * with {@link #ENCRYPTED_SUFFIX} appended when this sink encrypts.
     *
     * @throws IllegalArgumentException when {@code name} is not a valid relative name
     */
    Path location(String name);

    /** Returns a sink of the same kind for the subfolder {@code name} of this sink's folder. */
    OutputSink resolve(String name);

    /**
     * Opens a new file {@code name}. Nothing appears at {@link #location(String)} until
     * {@link PendingOutput#commit()}. Closing the pending output without a commit deletes what
     * was written.
     *
     * @throws IllegalArgumentException when {@code name} is not a valid relative name
     * @throws IOException when the folder or the temporary file cannot be created
     */
    PendingOutput create(String name) throws IOException;

    /**
     * Writes the file {@code name} with {@code content} and commits it. When {@code content}
     * throws, the file is not stored.
     *
     * @return the path where the file is stored
     */
    default Path write(String name, Content content) throws IOException {
        try (PendingOutput output = create(name)) {
            content.writeTo(output.stream());
            return output.commit();
        }
    }

    /** Writes {@code bytes} as the file {@code name} and commits it. */
    default Path write(String name, byte[] bytes) throws IOException {
        return write(name, out -> out.write(bytes));
    }

    /** Code that writes the content of one file to a stream. */
    @FunctionalInterface
    interface Content {

        /**
         * Writes the content to {@code out}. Closing {@code out} is allowed and only flushes it,
         * because the sink closes the underlying file on commit.
         */
        void writeTo(OutputStream out) throws IOException;
    }
}
