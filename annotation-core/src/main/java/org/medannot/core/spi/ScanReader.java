package org.medannot.core.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /**
     * Reads like {@link #read(Path)} and reports each file that was skipped, with the reason, to
     * {@code skipped}. Readers that search folders override this; the default reports nothing.
     */
    default List<Scan> read(Path path, SkipListener skipped) throws IOException {
        return read(path);
    }

    /**
     * Finds the scans at {@code path} from file headers without reading their voxels, and reports
     * each skipped file to {@code skipped}. Readers that can read headers alone override this;
     * the default reads every scan at once with {@link #read(Path, SkipListener)}.
     *
     * @throws IOException as {@link #read(Path)} raises
     */
    default List<PendingScan> find(Path path, SkipListener skipped) throws IOException {
        List<PendingScan> pending = new ArrayList<>();
        for (Scan scan : read(path, skipped)) {
            pending.add(PendingScan.of(scan));
        }
        return pending;
    }

    /** Receives the files a reader skipped. */
    @FunctionalInterface
    interface SkipListener {

        /** Reports that {@code file} was skipped because of {@code reason} (one sentence, no patient data). */
        void skipped(Path file, String reason);
    }
}
