package org.medannot.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.spi.Scan;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.image.ImageScanReader;
import org.medannot.dicom.nifti.NiftiReader;
import org.medannot.dicom.nifti.NiftiScanReader;
import org.medannot.dicom.series.DicomSeries;
import org.medannot.dicom.series.GeometryIrregularity;
import org.medannot.dicom.series.SeriesGeometry;
import org.medannot.dicom.series.SeriesScanner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code annotate info PATH...}: prints one JSON document with an entry per series (DICOM) or
 * file (NIfTI, JPEG, PNG) found under the paths, and the files skipped with the reason.
 * DICOM files are read up to their Pixel Data only, so no pixels are decoded for DICOM.
 *
 * <p>Each entry: format, id, seriesInstanceUid, modality, transferSyntaxUids, fileCount, size
 * [columns, rows, slices], spacing [x, y, z] in mm, origin (LPS mm of the first voxel's centre),
 * direction (nine LPS direction cosines of i, j and k) and warnings (grouping warnings and
 * geometry irregularities).
 *
 * <p>A file in none of these formats, a DICOM file without Pixel Data and a mosaic that cannot be
 * unpacked are skipped with the reason and leave the exit status at 0. A PATH that is missing or
 * cannot be read, and a DICOM, NIfTI, JPEG or PNG file that fails to parse, are skipped too, but
 * each is also named on standard error and the exit status is 1.
 */
@Command(name = "info",
        mixinStandardHelpOptions = true,
        description = {
                "Print the series found in DICOM, NIfTI, JPEG and PNG files as JSON: size, spacing, origin, "
                        + "direction (LPS), transfer syntaxes and geometry warnings. Other files are listed under"
                        + " \"skipped\" with the reason.",
                "Exit status: 0 on success, also when other files were skipped; 1 when a path is missing or cannot be"
                        + " read, or a DICOM, NIfTI, JPEG or PNG file is invalid (the JSON still describes the rest);"
                        + " 2 for bad usage."
        })
public final class InfoCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders (searched recursively).")
    private List<Path> paths;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Entries of the "skipped" array, in the order found. */
    private final List<Map<String, Object>> skipped = new ArrayList<>();

    /** One line per skipped file that makes the exit status 1, for standard error. */
    private final List<String> failures = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            files.addAll(listReadableFiles(path));
        }

        List<Path> dicomFiles = new ArrayList<>();
        List<Map<String, Object>> entries = new ArrayList<>();
        NiftiScanReader niftiReader = new NiftiScanReader();
        ImageScanReader imageReader = new ImageScanReader();
        for (Path file : files) {
            if (NiftiReader.isNifti(file)) {
                readOther(niftiReader, "nifti", file, entries);
            } else if (imageReader.canRead(file)) {
                readOther(imageReader, "image", file, entries);
            } else {
                dicomFiles.add(file);
            }
        }

        SeriesScanner.Result result = new SeriesScanner().scan(dicomFiles);
        for (DicomSeries series : result.series()) {
            try {
                entries.add(dicomEntry(series));
            } catch (DicomException e) {
                for (Path file : series.files()) {
                    fail(file, e.getMessage());
                }
            }
        }
        for (SeriesScanner.Skipped file : result.skipped()) {
            if (file.invalid()) {
                fail(file.file(), file.reason());
            } else if (file.reason().startsWith("not a DICOM file")) {
                skip(file.file(), "not a DICOM, NIfTI, JPEG or PNG file");
            } else {
                skip(file.file(), file.reason());
            }
        }

        Map<String, Object> document = new LinkedHashMap<>();
        document.put("series", entries);
        document.put("skipped", skipped);
        PrintWriter out = spec.commandLine().getOut();
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document));
        out.flush();

        PrintWriter err = spec.commandLine().getErr();
        failures.forEach(failure -> err.println("annotate: " + failure));
        err.flush();
        return failures.isEmpty() ? AnnotateCommand.EXIT_OK : AnnotateCommand.EXIT_FAILURE;
    }

    /**
     * Returns the regular files under {@code path} in name order, or {@code path} itself when it
     * is a file, following symbolic links. Each path that is missing or cannot be read is recorded
     * as failed instead.
     */
    private List<Path> listReadableFiles(Path path) throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(path, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isSymbolicLink()) {
                    fail(file, "symbolic link to a missing file");
                } else if (!attributes.isRegularFile()) {
                    return FileVisitResult.CONTINUE;
                } else if (Files.isReadable(file)) {
                    files.add(file);
                } else {
                    fail(file, "permission denied");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exception) {
                fail(file, problem(exception));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path folder, IOException exception) {
                if (exception != null) {
                    fail(folder, problem(exception));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        return files;
    }

    private static String problem(IOException exception) {
        if (exception instanceof NoSuchFileException) {
            return "file or folder not found";
        }
        if (exception instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (exception instanceof FileSystemLoopException) {
            return "symbolic link loop";
        }
        if (exception instanceof FileSystemException fileError && fileError.getReason() != null) {
            return fileError.getReason();
        }
        return AnnotateCommand.oneLine(exception);
    }

    /**
     * Returns the regular files under {@code path} in name order, or {@code path} itself when it
     * is not a folder.
     *
     * @throws IOException when {@code path} does not exist or a folder cannot be listed
     */
    static List<Path> listFiles(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new IOException(path + ": file or folder not found");
        }
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static Map<String, Object> dicomEntry(DicomSeries series) {
        SeriesGeometry geometry = SeriesGeometry.of(series);
        List<String> warnings = new ArrayList<>(series.warnings());
        for (GeometryIrregularity irregularity : geometry.irregularities()) {
            warnings.add(irregularity.toString());
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("format", "dicom");
        entry.put("id", series.id());
        entry.put("seriesInstanceUid", series.seriesInstanceUid());
        entry.put("modality", series.modality());
        entry.put("transferSyntaxUids", series.transferSyntaxUids());
        entry.put("fileCount", series.files().size());
        putGeometry(entry, geometry.geometry());
        entry.put("warnings", warnings);
        return entry;
    }

    private void readOther(org.medannot.core.spi.ScanReader reader, String format, Path file, List<Map<String, Object>> entries) {
        try {
            for (Scan scan : reader.read(file)) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("format", format);
                entry.put("id", scan.id());
                entry.put("seriesInstanceUid", null);
                entry.put("modality", scan.property("Modality", null));
                entry.put("transferSyntaxUids", List.of());
                entry.put("fileCount", 1);
                putGeometry(entry, scan.volume().geometry());
                entry.put("warnings", scan.warnings());
                entries.add(entry);
            }
        } catch (IOException | RuntimeException e) {
            fail(file, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static void putGeometry(Map<String, Object> entry, Geometry geometry) {
        entry.put("size", new int[] {geometry.columns(), geometry.rows(), geometry.slices()});
        entry.put("spacing", geometry.spacing());
        entry.put("origin", geometry.origin());
        entry.put("direction", geometry.direction());
    }

    /** Lists {@code file} under "skipped" without changing the exit status. */
    private void skip(Path file, String reason) {
        skipped.add(skippedEntry(file, reason));
    }

    /** Lists {@code file} under "skipped" and makes the exit status 1. */
    private void fail(Path file, String reason) {
        skipped.add(skippedEntry(file, reason));
        failures.add(AnnotateCommand.aboutFile(file, reason));
    }

    private static Map<String, Object> skippedEntry(Path file, String reason) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", file.toString());
        entry.put("reason", reason);
        return entry;
    }
}
