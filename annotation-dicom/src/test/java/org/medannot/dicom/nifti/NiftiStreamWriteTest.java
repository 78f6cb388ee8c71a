package org.medannot.dicom.nifti;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.volume.Volume;

/**
 * The stream methods of {@link NiftiWriter} against nibabel 5.0.0's reading of the same fixtures
 * ({@code nibabel-writer-reference.tsv}, made by {@code tools/reference/nifti_writer_nibabel.py}).
 */
class NiftiStreamWriteTest {

    /** The fixtures that {@link NiftiWriterFixtures} writes with {@link NiftiWriter.CoordinateCode#ALIGNED}. */
    private static final Set<String> ALIGNED = Set.of("float32-sagittal.nii", "labels-int16.nii");

    @TempDir
    Path folder;

    @Test
    void streamContentMatchesNibabelReference() throws IOException {
        Map<String, Object> inputs = NiftiWriterFixtures.writeAll(folder);
        List<Map<String, String>> rows = NiftiReaderReferenceTest.table(
                NiftiStreamWriteTest.class.getResourceAsStream("nibabel-writer-reference.tsv"));
        assertThat(rows).isNotEmpty();

        for (Map<String, String> row : rows) {
            String name = row.get("name");
            boolean gzip = name.endsWith(".gz");
            NiftiWriter writer = new NiftiWriter(ALIGNED.contains(name) ? NiftiWriter.CoordinateCode.ALIGNED
                    : NiftiWriter.CoordinateCode.SCANNER);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Object input = inputs.get(name);
            if (input instanceof LabelMap labels) {
                writer.write(labels, out, gzip);
            } else {
                writer.write((Volume) input, out, gzip);
            }

            assertThat(contentSha256(out.toByteArray(), gzip)).as(name).isEqualTo(row.get("content_sha"));
            assertThat(out.toByteArray()).as(name + " equals the file").isEqualTo(Files.readAllBytes(folder.resolve(name)));
        }
    }

    @Test
    void streamStaysOpen() throws IOException {
        Map<String, Object> inputs = NiftiWriterFixtures.writeAll(folder);
        String name = inputs.keySet().stream().filter(n -> n.endsWith(".gz")).findFirst().orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Object input = inputs.get(name);

        if (input instanceof LabelMap labels) {
            new NiftiWriter().write(labels, out, true);
        } else {
            new NiftiWriter().write((Volume) input, out, true);
        }
        out.write(new byte[] {1, 2, 3});

        byte[] bytes = out.toByteArray();
        assertThat(bytes).endsWith(1, 2, 3);
        assertThat(bytes.length).isEqualTo(Files.size(folder.resolve(name)) + 3);
    }

    private static String contentSha256(byte[] bytes, boolean gzip) throws IOException {
        try (InputStream raw = new ByteArrayInputStream(bytes);
                InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(in.readAllBytes());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
