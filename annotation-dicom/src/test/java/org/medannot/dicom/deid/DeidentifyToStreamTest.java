package org.medannot.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.crypto.KeyFile;
import org.medannot.core.crypto.StreamingEncryption;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.output.OutputSink;
import org.medannot.core.spi.Scan;
import org.medannot.core.testing.SharedData;
import org.medannot.core.volume.UByteVolume;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.VR;

/** De-identification into a stream and through an encrypting output sink, against the file-based result. */
class DeidentifyToStreamTest {

    @TempDir
    Path temp;

    /** Returns a CT image in Implicit VR Little Endian with patient, study and institution identifiers. */
    private static Path ctFile() {
        return SharedData.require("dicom/rtstruct/dicompyler-breast/ct.0.dcm");
    }

    private static Scan scanOf(Path input) {
        return new Scan("1.2.3.4", new UByteVolume(Geometry.of2D(2, 2), new byte[4]), Map.of("Modality", "CT"),
                List.of(input), List.of(), null);
    }

    private List<Path> filesUnder(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void streamCopyEqualsFileCopy() throws IOException {
        Path input = ctFile();
        DicomDeidentifier deidentifier = DeidTestSupport.basic(DeidTestSupport.SECRET);
        Path file = temp.resolve("file.dcm");
        ByteArrayOutputStream stream = new ByteArrayOutputStream();

        DeidentificationReport fileReport = deidentifier.deidentifyFile(input, file);
        DeidentificationReport streamReport = deidentifier.deidentifyFile(input, stream, "copy.dcm");

        assertThat(streamReport.rejected()).as(streamReport.reason()).isFalse();
        assertThat(stream.toByteArray()).isEqualTo(Files.readAllBytes(file));
        assertThat(streamReport.output()).isEqualTo("copy.dcm");
        assertThat(streamReport.actions()).isEqualTo(fileReport.actions());
    }

    @Test
    void rejectedCopyWritesNoByte() throws IOException {
        Path input = DeidTestSupport.modifiedCopy(ctFile(), temp.resolve("burned.dcm"),
                data -> data.setString(0x00280301, VR.CS, "YES"));
        ByteArrayOutputStream stream = new ByteArrayOutputStream();

        DeidentificationReport report = DeidTestSupport.basic(DeidTestSupport.SECRET).deidentifyFile(input, stream, "out.dcm");

        assertThat(report.rejected()).isTrue();
        assertThat(report.reason()).contains("Burned In Annotation (0028,0301) is YES");
        assertThat(stream.size()).isZero();
    }

    @Test
    void encryptedScanCopyDecryptsToFileCopy() throws IOException {
        Path input = ctFile();
        DicomDeidentifier deidentifier = DeidTestSupport.basic(DeidTestSupport.SECRET);
        KeyFile keys = KeyFile.generate(temp.resolve("keys.txt"), "k1");
        OutputSink sink = OutputSink.encrypting(temp.resolve("scan"), keys);
        String name = deidentifier.outputName(input);
        Path plain = temp.resolve("plain.dcm");
        deidentifier.deidentifyFile(input, plain);

        Scan result = deidentifier.deidentify(scanOf(input), sink);

        Path stored = temp.resolve("scan").resolve(name + ".enc").toAbsolutePath();
        assertThat(filesUnder(temp.resolve("scan"))).containsExactly(stored);
        assertThat(result.sourceFiles()).containsExactly(sink.directory().resolve(name));
        assertThat(result.id()).isEqualTo(DeidTestSupport.SECRET.uid("1.2.3.4"));
        byte[] raw = Files.readAllBytes(stored);
        assertThat(new String(raw, 128, 4, java.nio.charset.StandardCharsets.ISO_8859_1)).isNotEqualTo("DICM");
        byte[] decrypted;
        try (InputStream in = StreamingEncryption.decrypting(Files.newInputStream(stored), keys, stored.toString())) {
            decrypted = in.readAllBytes();
        }
        assertThat(decrypted).isEqualTo(Files.readAllBytes(plain));
        assertThat(DicomFile.read(stored, decrypted, org.medannot.dicom.ReadOptions.DEFAULT).dataSet()
                .getString(0x00120062)).isEqualTo("YES");
        assertThat(Arrays.equals(raw, 0, 8, "MAENC\r\n\u001a".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, 8))
                .isTrue();
    }

    @Test
    void rejectedScanLeavesNoFile() throws IOException {
        Path input = DeidTestSupport.modifiedCopy(ctFile(), temp.resolve("burned.dcm"),
                data -> data.setString(0x00280301, VR.CS, "YES"));
        KeyFile keys = KeyFile.generate(temp.resolve("keys.txt"), "k1");
        OutputSink sink = OutputSink.encrypting(temp.resolve("scan"), keys);

        assertThatThrownBy(() -> DeidTestSupport.basic(DeidTestSupport.SECRET).deidentify(scanOf(input), sink))
                .isInstanceOf(IOException.class).hasMessageContaining("Burned In Annotation");
        assertThat(filesUnder(temp.resolve("scan"))).isEmpty();
    }
}
