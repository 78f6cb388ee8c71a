package org.medannot.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.medannot.core.spi.PendingScan;
import org.medannot.core.spi.Scan;
import org.medannot.core.spi.ScanReader;

/**
 * Runs several scan readers over one input and reports a file as skipped only when no reader
 * used it, with the reasons of every reader that skipped it.
 *
 * <p>Each reader on its own reports the files of the other formats as skipped (the image reader
 * skips DICOM files, for example); this reader hides those reports for files that another
 * reader turned into a scan. A reader that fails outright is reported as a skip of the input.
 */
final class AllFormatsReader implements ScanReader {

    private final List<ScanReader> readers;

    AllFormatsReader(List<ScanReader> readers) {
        this.readers = List.copyOf(readers);
    }

    @Override
    public String name() {
        return "all formats";
    }

    @Override
    public boolean canRead(Path file) {
        return readers.stream().anyMatch(reader -> reader.canRead(file));
    }

    @Override
    public List<Scan> read(Path path) throws IOException {
        return read(path, null);
    }

    /**
     * Reads every scan found by {@link #find}; a scan that fails to load is reported to
     * {@code skipped} for each of its files, or raised when {@code skipped} is null.
     */
    @Override
    public List<Scan> read(Path path, SkipListener skipped) throws IOException {
        return PendingScan.loadAll(find(path, skipped), skipped);
    }

    @Override
    public List<PendingScan> find(Path path, SkipListener skipped) throws IOException {
        List<PendingScan> found = new ArrayList<>();
        Map<Path, List<String>> reasons = new LinkedHashMap<>();
        for (ScanReader reader : readers) {
            if (Files.isRegularFile(path) && !reader.canRead(path)) {
                continue;
            }
            try {
                found.addAll(reader.find(path, (file, reason) -> reasons.computeIfAbsent(file.toAbsolutePath().normalize(),
                        f -> new ArrayList<>()).add(reader.name() + ": " + reason)));
            } catch (IOException | RuntimeException e) {
                reasons.computeIfAbsent(path.toAbsolutePath().normalize(), f -> new ArrayList<>())
                        .add(reader.name() + " reader failed: " + e.getMessage());
            }
        }
        Set<Path> used = new HashSet<>();
        for (PendingScan pending : found) {
            for (Path file : pending.sourceFiles()) {
                used.add(file.toAbsolutePath().normalize());
            }
        }
        if (skipped != null) {
            for (Map.Entry<Path, List<String>> entry : reasons.entrySet()) {
                if (!used.contains(entry.getKey())) {
                    skipped.skipped(entry.getKey(), String.join("; ", entry.getValue()));
                }
            }
        }
        return found;
    }
}
