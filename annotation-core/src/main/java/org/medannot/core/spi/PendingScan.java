package org.medannot.core.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A scan that a {@link ScanReader} has found from file headers but whose voxels are not read yet.
 * The pipeline loads one pending scan at a time per worker, so that a folder of many series
 * keeps in memory only the volumes being processed.
 */
public interface PendingScan {

    /** Returns the identifier the loaded scan will carry (for a time series, that of the whole series). */
    String id();

    /** Returns the files the scan will be read from. */
    List<Path> sourceFiles();

    /**
     * Returns an estimate, from the headers, of the bytes the loaded voxels take on the heap, or 0
     * when the reader cannot tell.
     */
    long estimatedVoxelBytes();

    /**
     * Reads the voxels.
     *
     * @return the scans of this source: one, or one per time point of a time series
     * @throws IOException when the files cannot be read or do not form a volume; the message names
     *                     the file or series and the reason
     */
    List<Scan> load() throws IOException;

    /**
     * Loads every pending scan in order. A scan that fails to load is reported to
     * {@code skipped} for each of its files, or raised when {@code skipped} is null.
     *
     * @throws IOException the first load failure, when {@code skipped} is null
     */
    static List<Scan> loadAll(List<PendingScan> pending, ScanReader.SkipListener skipped) throws IOException {
        List<Scan> scans = new java.util.ArrayList<>();
        for (PendingScan scan : pending) {
            try {
                scans.addAll(scan.load());
            } catch (IOException e) {
                if (skipped == null) {
                    throw e;
                }
                for (Path file : scan.sourceFiles()) {
                    skipped.skipped(file, e.getMessage());
                }
            }
        }
        return scans;
    }

    /** Wraps a scan that is already in memory. */
    static PendingScan of(Scan scan) {
        Objects.requireNonNull(scan, "scan");
        return new PendingScan() {
            @Override
            public String id() {
                return scan.id();
            }

            @Override
            public List<Path> sourceFiles() {
                return scan.sourceFiles();
            }

            @Override
            public long estimatedVoxelBytes() {
                return scan.volume().geometry().voxelCount() * (long) scan.volume().voxelType().bytes();
            }

            @Override
            public List<Scan> load() {
                return List.of(scan);
            }
        };
    }
}
