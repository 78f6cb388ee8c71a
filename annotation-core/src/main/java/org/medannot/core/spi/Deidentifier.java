package org.medannot.core.spi;

import java.io.IOException;
import java.nio.file.Path;

import org.medannot.core.output.OutputSink;

/**
 * Removes or replaces patient identifiers in a scan and its source files.
 *
 * <p>Implementations must be deterministic for a given configuration (the same input and secret
 * give the same output) and thread-safe.
 */
public interface Deidentifier {

    /**
     * De-identifies {@code scan}: writes de-identified copies of its source files under
     * {@code outputDirectory} (never over an input) and returns the scan as it reads after
     * de-identification, with a pseudonymous id.
     *
     * @throws IOException when a source file cannot be read or written, or must be refused (for
     *                     example burned-in text that the caller did not ask to blank)
     */
    Scan deidentify(Scan scan, Path outputDirectory) throws IOException;

    /**
     * De-identifies {@code scan} and writes the de-identified copies through {@code output}.
     *
     * <p>The default implementation calls {@link #deidentify(Scan, Path)} with the sink's folder
     * when the sink is plain, and raises {@link UnsupportedOperationException} for an encrypting
     * sink, because a path-based de-identifier would store plaintext.
     */
    default Scan deidentify(Scan scan, OutputSink output) throws IOException {
        if (output.encrypts()) {
            throw new UnsupportedOperationException("the de-identifier " + getClass().getName()
                    + " writes only to a folder, so it cannot write through an encrypting output sink");
        }
        return deidentify(scan, output.directory());
    }
}
