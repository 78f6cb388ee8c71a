package org.medannot.dicom.nifti;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.spi.Scan;
import org.medannot.core.spi.ScanReader;
import org.medannot.core.volume.UByteVolume;

class NiftiScanReaderTest {

    @TempDir
    Path folder;

    @Test
    void serviceLoaderFindsReader() {
        assertThat(ServiceLoader.load(ScanReader.class).stream().map(provider -> provider.type().getName()))
                .contains(NiftiScanReader.class.getName());
    }

    @Test
    void recognizesContentNotName() throws IOException {
        Path nifti = folder.resolve("volume.dat");
        new NiftiWriter().write(new UByteVolume(Geometry.of2D(2, 2), new byte[] {1, 2, 3, 4}), folder.resolve("v.nii.gz"));
        Files.move(folder.resolve("v.nii.gz"), nifti);
        Path text = Files.writeString(folder.resolve("notes.nii"), "not a NIfTI file");

        NiftiScanReader reader = new NiftiScanReader();
        assertThat(reader.canRead(nifti)).isTrue();
        assertThat(reader.canRead(text)).isFalse();
        assertThat(reader.canRead(folder.resolve("missing.nii"))).isFalse();
        assertThatThrownBy(() -> reader.read(text)).isInstanceOf(NiftiException.class);
    }

    @Test
    void fourDimensionalFileGivesOneScanPerVolume() throws IOException, URISyntaxException {
        Path file = Path.of(NiftiScanReaderTest.class.getResource("synthetic/float64-4d-scaled.nii").toURI());
        List<Scan> scans = new NiftiScanReader().read(file);
        assertThat(scans).extracting(Scan::id).containsExactly("float64-4d-scaled#0", "float64-4d-scaled#1",
                "float64-4d-scaled#2");
        assertThat(scans.get(2).properties()).containsEntry("TimePoint", "2").containsEntry("TimePoints", "3")
                .containsEntry("Format", "NIfTI-1").containsEntry("DataType", "FLOAT64");
        assertThat(scans.get(0).warnings()).anyMatch(warning -> warning.contains("float32"));
        assertThat(scans.get(0).source()).isInstanceOf(NiftiHeader.class);
    }

    @Test
    void folderIsSearchedRecursively() throws IOException {
        Path sub = Files.createDirectories(folder.resolve("a/b"));
        NiftiWriter writer = new NiftiWriter();
        writer.write(new UByteVolume(Geometry.of2D(2, 1), new byte[] {1, 2}), sub.resolve("deep.nii.gz"));
        writer.write(new UByteVolume(Geometry.of2D(1, 2), new byte[] {3, 4}), folder.resolve("top.nii"));
        Files.writeString(folder.resolve("readme.txt"), "skipped");

        List<Path> skipped = new ArrayList<>();
        List<Scan> scans = new NiftiScanReader().read(folder, (file, reason) -> skipped.add(file));

        assertThat(scans).extracting(Scan::id).containsExactly("deep", "top");
        assertThat(skipped).containsExactly(folder.resolve("readme.txt"));
        assertThat(scans.get(1).sourceFiles()).containsExactly(folder.resolve("top.nii"));
    }
}
