package org.medannot.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.medannot.core.spi.Scan;
import org.medannot.dicom.deid.DicomDeidentifier;
import org.medannot.dicom.deid.ProjectSecret;

/**
 * Loads a DICOM series and writes a de-identified copy of each of its files.
 *
 * <p>The de-identifier applies the Basic Application Level Confidentiality Profile (PS3.15
 * Annex E) keyed by a project secret: the same secret maps the same UID, Patient ID and dates to
 * the same replacements on every run, so series de-identified separately still match.
 *
 * <pre>java -cp examples/target/annotate.jar org.medannot.examples.AnonymizeSeriesExample SERIES_DIR SECRET_FILE OUT_DIR</pre>
 */
public final class AnonymizeSeriesExample {

    private AnonymizeSeriesExample() {
    }

    /**
     * De-identifies the series in {@code seriesFolder} into {@code outputFolder}.
     *
     * @param secretFile a file of at least 16 bytes that keys the pseudonyms; keep it secret
     * @return the de-identified files, one per input file
     */
    public static List<Path> run(Path seriesFolder, Path secretFile, Path outputFolder) throws IOException {
        Scan scan = ExampleSeries.read(seriesFolder);
        System.out.printf("read %d slices of %d x %d pixels%n", scan.volume().geometry().slices(),
                scan.volume().geometry().columns(), scan.volume().geometry().rows());

        DicomDeidentifier deidentifier = DicomDeidentifier.builder(ProjectSecret.fromFile(secretFile)).build();
        Files.createDirectories(outputFolder);
        Scan anonymous = deidentifier.deidentify(scan, outputFolder);

        System.out.printf("wrote %d de-identified files to %s; the series is now %s%n", anonymous.sourceFiles().size(),
                outputFolder, anonymous.id());
        return anonymous.sourceFiles();
    }

    /** Arguments: the series folder, the secret file and the output folder. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: AnonymizeSeriesExample SERIES_DIR SECRET_FILE OUT_DIR");
            System.exit(2);
        }
        run(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
    }
}
