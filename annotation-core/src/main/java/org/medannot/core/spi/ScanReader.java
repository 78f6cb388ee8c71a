package org.medannot.core.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads scans from files: DICOM series, NIfTI volumes, plain images. Found with
 * {@link java.util.ServiceLoader} or passed to the pipeline directly.
 *
 * <p>Implementations must be thread-safe: the pipeline may call {@link #read} for several inputs
 * at once.
 */
public interface ScanReader {

    /** Short name of the format, such as "dicom" or "nifti". */
    String name();

    /**
     * Returns true when this reader recognizes the file (by content where possible, not only by
     * name). Must not throw for unreadable files; return false instead.
     */
    boolean canRead(Path file);

    /**
     * Reads every scan found at {@code path}: one file, or a folder searched recursively.
     *
     * @return the scans found, possibly empty
     * @throws IOException when a file cannot be read or is malformed; the message names the file
     *                     and what was wrong
     */
    List<Scan> read(Path path) throws IOException;
}
