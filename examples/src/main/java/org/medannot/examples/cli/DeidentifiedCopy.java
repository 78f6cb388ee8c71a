package org.medannot.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.medannot.core.spi.Deidentifier;
import org.medannot.core.spi.Scan;
import org.medannot.dicom.series.DicomVolume;

/**
 * The de-identification step of {@code annotate pipeline}: writes de-identified copies of a
 * DICOM series into {@code deidentified/} and continues under the de-identified scan id with
 * the copies' file names, so that later outputs (COCO file names, the SEG's references) name only
 * de-identified instances. A scan that was not read from DICOM passes through unchanged, with a note.
 */
final class DeidentifiedCopy implements Deidentifier {

    private final Deidentifier dicom;
    private final Map<String, List<String>> notes;

    DeidentifiedCopy(Deidentifier dicom, Map<String, List<String>> notes) {
        this.dicom = dicom;
        this.notes = notes;
    }

    @Override
    public Scan deidentify(Scan scan, Path outputDirectory) throws IOException {
        if (!(scan.source() instanceof DicomVolume)) {
            PipelineWriters.note(notes, scan.id(), "deidentified/ not written: the scan was not read from DICOM");
            return scan;
        }
        Path folder = Files.createDirectories(outputDirectory.resolve("deidentified"));
        Scan deidentified = dicom.deidentify(scan, folder);
        // The pipeline moves the copies into the series folder after this returns. So the scan keeps
        // only their file names (COCO uses them) and no DICOM source. The SEG writer reads them back.
        return new Scan(deidentified.id(), scan.volume(), scan.properties(), deidentified.sourceFiles(), scan.warnings(),
                null);
    }
}
