package org.medannot.dicom.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.medannot.core.spi.Scan;
import org.medannot.core.spi.ScanReader;
import org.medannot.core.testing.SharedData;

class DicomScanReaderTest {

    @Test
    void foundByServiceLoader() {
        List<String> names = new ArrayList<>();
        ServiceLoader.load(ScanReader.class).forEach(reader -> names.add(reader.name()));
        assertThat(names).contains("dicom");
    }

    @Test
    void readsSeriesAsScan() throws IOException {
        Path folder = SharedData.require("dicom/series/mr-siemens-t1-sag-HFDL/dicom");
        DicomScanReader reader = new DicomScanReader();
        assertThat(reader.canRead(folder.resolve(folderFile(folder)))).isTrue();
        List<Scan> scans = reader.read(folder);
        assertThat(scans).hasSize(1);
        Scan scan = scans.get(0);
        assertThat(scan.property("Modality", "")).isEqualTo("MR");
        assertThat(scan.sourceFiles()).hasSize(35);
        assertThat(scan.source()).isInstanceOf(DicomVolume.class);
        assertThat(scan.volume().geometry().slices()).isEqualTo(35);
    }

    @Test
    void irregularSeriesSkippedOrRaised() throws IOException {
        // Enhanced MR whose frames have no Plane Position Sequence.
        Path file = SharedData.require("dicom/multiframe/emri_small.dcm");
        List<String> reasons = new ArrayList<>();
        List<Scan> scans = new DicomScanReader().read(file, (skippedFile, reason) -> reasons.add(reason));
        assertThat(scans).isEmpty();
        assertThat(reasons).singleElement().asString().contains("MISSING_POSITION");
        assertThatThrownBy(() -> new DicomScanReader().read(file)).isInstanceOf(IOException.class);
        assertThat(new DicomScanReader(true).read(file)).hasSize(1);
    }

    @Test
    void repeatedPositionsGiveOneScanPerTimePoint() throws IOException {
        Path folder = SharedData.require("dicom/series/mr-philips-epi-9sl-3vol/dicom");
        List<Scan> scans = new DicomScanReader().read(folder);
        assertThat(scans).hasSize(3);
        assertThat(scans.get(0).id()).endsWith("@1");
        assertThat(scans.get(2).volume().geometry().slices()).isEqualTo(9);
    }

    private static String folderFile(Path folder) throws IOException {
        try (var files = java.nio.file.Files.list(folder)) {
            return files.sorted().findFirst().orElseThrow().getFileName().toString();
        }
    }
}
