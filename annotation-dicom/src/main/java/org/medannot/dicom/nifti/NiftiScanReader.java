package org.medannot.dicom.nifti;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.medannot.core.spi.PendingScan;
import org.medannot.core.spi.Scan;
import org.medannot.core.spi.ScanReader;
import org.medannot.core.volume.Volume;

/**
 * {@link ScanReader} for single-file NIfTI-1 and NIfTI-2 ({@code .nii}, {@code .nii.gz}),
 * recognized by content, not by name. A 3D file gives one scan whose id is the file name
 * without its extension; a file with several volumes (4D) gives one scan per volume, with ids
 * {@code name#0}, {@code name#1}, ... The scan's {@code source} is the {@link NiftiHeader}.
 *
 * <p>Properties: {@code Format} ("NIfTI-1" or "NIfTI-2"), {@code DataType} (the stored NIfTI
 * type), {@code QformCode}, {@code SformCode}, and for 4D files {@code TimePoint} and
 * {@code TimePoints}.
 *
 * <p>Thread-safe.
 */
public final class NiftiScanReader implements ScanReader {

    private final NiftiReader reader;

    /** Creates a scan reader with the default {@link NiftiReader} limits; used by {@link java.util.ServiceLoader}. */
    public NiftiScanReader() {
        this(new NiftiReader());
    }

    /** Creates a scan reader that reads with {@code reader}. */
    public NiftiScanReader(NiftiReader reader) {
        this.reader = reader;
    }

    @Override
    public String name() {
        return "nifti";
    }

    @Override
    public boolean canRead(Path file) {
        return NiftiReader.isNifti(file);
    }

    /**
     * Reads the NIfTI file at {@code path}, or every NIfTI file below the folder {@code path}
     * (other files are skipped), in path order.
     */
    @Override
    public List<Scan> read(Path path) throws IOException {
        return read(path, (file, reason) -> { });
    }

    /**
     * Reads like {@link #read(Path)} and reports each file below a folder that is not NIfTI to
     * {@code skipped}. A file that has a NIfTI header but cannot be read still raises
     * {@link NiftiException}.
     */
    @Override
    public List<Scan> read(Path path, SkipListener skipped) throws IOException {
        List<Scan> scans = new ArrayList<>();
        for (PendingScan pending : find(path, skipped)) {
            scans.addAll(pending.load());
        }
        return scans;
    }

    /**
     * Finds the NIfTI files at {@code path} from their headers; the voxels are read on
     * {@link PendingScan#load()}. A file that has a NIfTI header that cannot be parsed raises
     * {@link NiftiException} here.
     */
    @Override
    public List<PendingScan> find(Path path, SkipListener skipped) throws IOException {
        boolean folder = Files.isDirectory(path);
        List<Path> files;
        if (folder) {
            try (Stream<Path> walk = Files.walk(path)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
        } else {
            files = List.of(path);
        }
        List<PendingScan> pending = new ArrayList<>();
        for (Path file : files) {
            if (folder && !NiftiReader.isNifti(file)) {
                if (skipped != null) {
                    skipped.skipped(file, "not a single-file NIfTI-1 or NIfTI-2 image");
                }
                continue;
            }
            NiftiHeader header = reader.readHeader(file);
            // The SDK stores NIfTI voxels in at most 4 bytes each (float64 is narrowed to float32).
            long bytes = header.voxelsPerVolume() * header.volumeCount() * Math.min(4, header.dataType().bytesPerVoxel());
            pending.add(new PendingNifti(file, baseName(file), bytes));
        }
        return pending;
    }

    /** A NIfTI file whose header was read, loaded into one scan per volume on {@link #load()}. */
    private final class PendingNifti implements PendingScan {

        private final Path file;
        private final String id;
        private final long bytes;

        PendingNifti(Path file, String id, long bytes) {
            this.file = file;
            this.id = id;
            this.bytes = bytes;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public List<Path> sourceFiles() {
            return List.of(file);
        }

        @Override
        public long estimatedVoxelBytes() {
            return bytes;
        }

        @Override
        public List<Scan> load() throws IOException {
            return readFile(file);
        }
    }

    private List<Scan> readFile(Path file) throws IOException {
        NiftiImage image = reader.read(file);
        NiftiHeader header = image.header();
        String baseName = baseName(file);
        List<String> warnings = new ArrayList<>();
        if (header.dataType() == NiftiDataType.FLOAT64) {
            warnings.add("float64 voxels were rounded to float32");
        }
        List<Scan> scans = new ArrayList<>();
        List<Volume> volumes = image.volumes();
        for (int t = 0; t < volumes.size(); t++) {
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("Format", "NIfTI-" + header.version());
            properties.put("DataType", header.dataType().name());
            properties.put("QformCode", Integer.toString(header.qformCode()));
            properties.put("SformCode", Integer.toString(header.sformCode()));
            String id = baseName;
            if (volumes.size() > 1) {
                properties.put("TimePoint", Integer.toString(t));
                properties.put("TimePoints", Integer.toString(volumes.size()));
                id = baseName + "#" + t;
            }
            scans.add(new Scan(id, volumes.get(t), properties, List.of(file), warnings, header));
        }
        return scans;
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".nii.gz")) {
            return name.substring(0, name.length() - ".nii.gz".length());
        }
        if (name.endsWith(".nii")) {
            return name.substring(0, name.length() - ".nii".length());
        }
        return name;
    }
}
