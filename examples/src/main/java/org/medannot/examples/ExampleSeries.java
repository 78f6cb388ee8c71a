package org.medannot.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.medannot.core.spi.Scan;
import org.medannot.dicom.series.DicomScanReader;

/** Reads the one DICOM series of a folder, as every example here starts by doing. */
final class ExampleSeries {

    private ExampleSeries() {
    }

    /**
     * Returns the scan of the single DICOM series in {@code folder} (files in sub-folders
     * included). The scan's {@code source()} is the {@link org.medannot.dicom.series.DicomVolume}
     * with the data sets of its slices.
     *
     * @throws IOException when the folder cannot be read or holds no series or several
     */
    static Scan read(Path folder) throws IOException {
        List<Scan> scans = new DicomScanReader().read(folder);
        if (scans.size() != 1) {
            throw new IOException(folder + ": expected one DICOM series, but found " + scans.size());
        }
        return scans.get(0);
    }
}
