package org.medannot.dicom.series;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.testing.SharedData;

/** Reasons that {@link SeriesScanner} gives for the files it skips. */
class SeriesScannerSkipTest {

    @TempDir
    Path folder;

    @Test
    void unreadableAndForeignFilesNamed() throws IOException {
        Path ct = SharedData.require("dicom/rtstruct/dicompyler-breast/ct.0.dcm");
        Path dangling = Files.createSymbolicLink(folder.resolve("gone.dcm"), folder.resolve("absent.dcm"));
        Path subfolder = Files.createDirectories(folder.resolve("sub.dcm"));
        Path text = Files.writeString(folder.resolve("notes.txt"), "not a DICOM file, only some text");

        SeriesScanner.Result result = new SeriesScanner().scan(List.of(ct, dangling, subfolder, text));

        assertThat(result.series()).hasSize(1);
        assertThat(result.skipped()).hasSize(3);
        assertThat(result.skipped().get(0).file()).isEqualTo(dangling);
        assertThat(result.skipped().get(0).reason()).isEqualTo(dangling + ": cannot be read: not found");
        assertThat(result.skipped().get(0).invalid()).isTrue();
        assertThat(result.skipped().get(1).file()).isEqualTo(subfolder);
        assertThat(result.skipped().get(1).reason()).startsWith(subfolder + ": cannot be read: ");
        assertThat(result.skipped().get(1).invalid()).isTrue();
        assertThat(result.skipped().get(2).file()).isEqualTo(text);
        assertThat(result.skipped().get(2).reason()).startsWith("not a DICOM file");
        assertThat(result.skipped().get(2).invalid()).isFalse();
    }
}
