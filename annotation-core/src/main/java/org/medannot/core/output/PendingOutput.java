package org.medannot.core.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * One output file being written by an {@link OutputSink}. The content goes to a temporary file
 * beside the target, and {@link #commit()} moves it into place. Use it in a try-with-resources
 * block: {@link #close()} without a commit deletes the temporary file, so a writer that fails
 * leaves nothing under the target name.
 *
 * <p>Not thread-safe: one writer uses it at a time.
 */
public interface PendingOutput extends AutoCloseable {

    /**
     * Returns the stream that receives the file's content. Closing it only flushes it, so writers
     * that close their stream need no special care. The stream rejects writes after
     * {@link #commit()} or {@link #close()}.
     */
    OutputStream stream();

    /** Returns the path where the file is stored once committed. */
    Path target();

    /**
     * Finishes the content (with an encrypting sink, seals the final chunk), forces it to the
     * storage device and moves the temporary file to {@link #target()}, replacing a file of that
     * name.
     *
     * @return {@link #target()}
     * @throws IOException when finishing or moving fails, after deleting the temporary file
     * @throws IllegalStateException when called a second time or after {@link #close()}
     */
    Path commit() throws IOException;

    /** Deletes the temporary file unless {@link #commit()} moved it into place, so it does nothing after a commit. */
    @Override
    void close() throws IOException;
}
