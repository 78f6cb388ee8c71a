package org.medannot.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.medannot.core.mask.LabelMap;
import org.medannot.core.spi.Scan;
import org.medannot.core.spi.ScanReader;
import org.medannot.core.volume.Volume;
import org.medannot.metrics.MetricsException;

/**
 * Reads label maps for evaluation through the {@link ScanReader} implementations on the class
 * path (found with {@link ServiceLoader}; the NIfTI reader of annotation-dicom is one).
 *
 * <p>A path is either a label-map file or a folder, such as an {@code annotate segment} output
 * folder, that contains exactly one NIfTI file ({@code .nii} or {@code .nii.gz}) at its top level.
 */
final class LabelMapFiles {

    private LabelMapFiles() {
    }

    /**
     * Reads the label map at {@code path}.
     *
     * @throws MetricsException when no reader accepts the file, the file contains no or several
     *                          volumes, or a voxel value is not an integer in [0, 65535]
     */
    static LabelMap read(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? labelFileIn(path) : path;
        if (!Files.isRegularFile(file)) {
            throw new MetricsException(file + ": label map not found");
        }
        for (ScanReader reader : ServiceLoader.load(ScanReader.class)) {
            if (reader.canRead(file)) {
                List<Scan> scans = reader.read(file);
                if (scans.size() != 1) {
                    throw new MetricsException(file + ": expected one label map, but the " + reader.name()
                            + " reader found " + scans.size() + " volumes");
                }
                return toLabelMap(scans.get(0).volume(), file);
            }
        }
        throw new MetricsException(file + ": no scan reader on the class path accepts this file; label maps are read "
                + "by annotation-dicom's NIfTI reader, so check that it is on the class path and the file is NIfTI");
    }

    /** Returns true when the file name ends in .nii or .nii.gz. */
    static boolean looksLikeNifti(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".nii") || name.endsWith(".nii.gz");
    }

    private static Path labelFileIn(Path folder) throws IOException {
        List<Path> candidates;
        try (Stream<Path> files = Files.list(folder)) {
            candidates = files.filter(Files::isRegularFile)
                    .filter(f -> {
                        String name = f.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                        return name.endsWith(".nii") || name.endsWith(".nii.gz");
                    })
                    .sorted()
                    .toList();
        }
        if (candidates.size() != 1) {
            throw new MetricsException(folder + ": expected exactly one .nii or .nii.gz label map in the folder, but found "
                    + candidates.size() + (candidates.isEmpty() ? "" : " " + candidates));
        }
        return candidates.get(0);
    }

    private static LabelMap toLabelMap(Volume volume, Path file) {
        LabelMap labels = LabelMap.of(volume.geometry());
        int count = volume.geometry().voxelCount();
        for (int n = 0; n < count; n++) {
            double value = volume.getDouble(n);
            if (value != Math.rint(value) || value < 0 || value > LabelMap.MAX_LABEL) {
                throw new MetricsException(file + ": not a label map, because voxel " + n
                        + " is not an integer in [0, " + LabelMap.MAX_LABEL + "]");
            }
            if (value != 0) {
                labels.set(n, (int) value);
            }
        }
        return labels;
    }
}
