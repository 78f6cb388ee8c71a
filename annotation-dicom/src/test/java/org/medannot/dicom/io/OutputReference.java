package org.medannot.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Results of tools/reference/dicom_output_check.py (dcmtk dcmdump, pydicom, dicom3tools
 * dciodvfy) for files the tests write, and the export of those files for the script.
 *
 * <p>Each result is tied to the SHA-256 of the file the script checked, so a test that writes
 * other bytes fails until the script is run again on the new output. Setting the system
 * property {@code medannot.export.dir} makes the tests copy what they write into that folder,
 * with a manifest.tsv of (file name, input path) lines.
 */
public final class OutputReference {

    private final String resource;
    private final JsonNode results;
    private final Path exportDir;

    /** Loads a committed result file from the test resources. */
    public OutputReference(String resource) {
        this.resource = resource;
        try (InputStream in = OutputReference.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource + "; run tools/reference/dicom_output_check.py");
            }
            results = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String export = System.getProperty("medannot.export.dir");
        exportDir = export == null || export.isBlank() ? null : Path.of(export);
    }

    /** Returns whether the tests run to export their outputs (then committed results are not checked). */
    public boolean exporting() {
        return exportDir != null;
    }

    /**
     * Exports {@code written} when exporting; otherwise asserts that the committed results have
     * it, with the same SHA-256, and that dcmdump and pydicom read it.
     */
    public JsonNode check(String name, Path written, Path input) throws IOException {
        if (exportDir != null) {
            Files.createDirectories(exportDir);
            Files.copy(written, exportDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(exportDir.resolve("manifest.tsv"), name + "\t" + input.toAbsolutePath() + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return null;
        }
        JsonNode entry = results.get(name);
        assertThat(entry).as(resource + " has no result for " + name + "; run tools/reference/dicom_output_check.py").isNotNull();
        assertThat(sha256(written)).as(name + ": written bytes differ from the ones the reference tools checked")
                .isEqualTo(entry.get("sha256").asText());
        assertThat(entry.get("dcmdump_ok").asBoolean()).as(name + ": dcmdump").isTrue();
        assertThat(entry.get("pydicom_ok").asBoolean()).as(name + ": pydicom").isTrue();
        return entry;
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
