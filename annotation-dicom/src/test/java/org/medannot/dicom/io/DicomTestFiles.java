package org.medannot.dicom.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.medannot.dicom.DicomException;
import org.medannot.dicom.DicomFile;

/** Lists the DICOM files of a folder of the test data set that the reader accepts. */
public final class DicomTestFiles {

    private DicomTestFiles() {
    }

    /** Returns every regular file under {@code root} that opens as DICOM, sorted by path. */
    public static List<Path> readable(Path root) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".nii") || name.endsWith(".gz") || name.endsWith(".json") || name.endsWith(".md")
                        || name.endsWith(".txt") || name.endsWith(".bval") || name.endsWith(".bvec")) {
                    continue;
                }
                try {
                    DicomFile.open(file);
                    files.add(file);
                } catch (DicomException notDicom) {
                    // Not DICOM or not readable: the reader tests cover these files.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Returns a flat file name for a file below {@code root}: the relative path with '/' as "__". */
    public static String flatName(Path root, Path file) {
        return root.relativize(file).toString().replace('/', '_').replace("_", "__").replace("____", "__");
    }
}
