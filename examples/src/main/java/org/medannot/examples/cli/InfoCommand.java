package org.medannot.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 */
@Command(name = "info",
        mixinStandardHelpOptions = true,
        description = {
                "Print the series found in DICOM, NIfTI, JPEG and PNG files as JSON: size, spacing, origin, "
                        + "direction (LPS), transfer syntaxes and geometry warnings.",
                "Exit status: 0 on success, 1 when a path cannot be read, 2 for bad usage."
        })
public final class InfoCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders (searched recursively).")
    private List<Path> paths;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            files.addAll(listFiles(path));
        }

        List<Path> dicomFiles = new ArrayList<>();
        List<Map<String, Object>> entries = new ArrayList<>();
        List<Map<String, Object>> skipped = new ArrayList<>();
        NiftiScanReader niftiReader = new NiftiScanReader();
        ImageScanReader imageReader = new ImageScanReader();
        for (Path file : files) {
            if (NiftiReader.isNifti(file)) {
                readOther(niftiReader, "nifti", file, entries, skipped);
            } else if (imageReader.canRead(file)) {
                readOther(imageReader, "image", file, entries, skipped);
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
                    skipped.add(skippedEntry(file, e.getMessage()));
                }
            }
        }
        for (SeriesScanner.Skipped file : result.skipped()) {
            String reason = file.reason().startsWith("not a DICOM file") ? "not a DICOM, NIfTI, JPEG or PNG file" : file.reason();
            skipped.add(skippedEntry(file.file(), reason));
        }

        Map<String, Object> document = new LinkedHashMap<>();
        document.put("series", entries);
        document.put("skipped", skipped);
        PrintWriter out = spec.commandLine().getOut();
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document));
        out.flush();
        return AnnotateCommand.EXIT_OK;
    }

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

    private static void readOther(org.medannot.core.spi.ScanReader reader, String format, Path file, List<Map<String, Object>> entries,
            List<Map<String, Object>> skipped) {
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
            skipped.add(skippedEntry(file, e.getMessage()));
        }
    }

    private static void putGeometry(Map<String, Object> entry, Geometry geometry) {
        entry.put("size", new int[] {geometry.columns(), geometry.rows(), geometry.slices()});
        entry.put("spacing", geometry.spacing());
        entry.put("origin", geometry.origin());
        entry.put("direction", geometry.direction());
    }

    private static Map<String, Object> skippedEntry(Path file, String reason) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", file.toString());
        entry.put("reason", reason);
        return entry;
    }
}
