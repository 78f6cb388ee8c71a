package org.medannot.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.crypto.KeyFile;
import org.medannot.core.mask.LabelMap;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.Tag;
import org.medannot.dicom.nifti.NiftiReader;
import org.medannot.dicom.seg.SegReader;
import org.medannot.dicom.seg.SegmentDescription;
import org.medannot.dicom.seg.Segmentation;

import picocli.CommandLine;

/**
 * Runs {@code annotate pipeline} on the bundled sample series twice with the same inputs and
 * secret, once plain and once with {@code --encrypt-key-file}, and checks that the encrypted run
 * stores only ciphertext and that {@code annotate decrypt} gives back the plain run's outputs.
 */
class PipelineEncryptionTest {

    /** The first 8 bytes of every encrypted file, as the format of {@code annotate encrypt} defines them. */
    private static final byte[] MAGIC = {'M', 'A', 'E', 'N', 'C', 0x0D, 0x0A, 0x1A};

    /**
     * Byte strings that the plain outputs contain: the root of the DICOM transfer syntax and SOP
     * Class UIDs, PNG's signature, JSON and XML member names and the HTML doctype. Each is 6 bytes
     * or more, so the less than 20 MB of ciphertext contain one by chance with a probability below 1e-7.
     * The gzip header of labels.nii.gz is too short to search; the magic check covers its start.
     */
    private static final List<String> PLAINTEXT_MARKERS = List.of("1.2.840.10008.", "\u0089PNG\r\n", "\"annotations\"",
            "\"images\"", "<annotations>", "\"contentHash\"", "\"seriesSucceeded\"", "<!DOCTYPE html>", "model-round");

    @TempDir
    static Path shared;

    static Path plainOut;
    static Path encryptedOut;
    static Path keyFile;
    static String[] plainRun;
    static String[] encryptedRun;

    @TempDir
    Path folder;

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = AnnotateCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int status = commandLine.execute(args);
        return new String[] {Integer.toString(status), out.toString(), err.toString()};
    }

    @BeforeAll
    static void runPlainAndEncrypted() throws Exception {
        Path secret = shared.resolve("secret.bin");
        Files.write(secret, "a project secret of more than sixteen bytes".getBytes(StandardCharsets.US_ASCII));
        keyFile = shared.resolve("keys.txt");
        KeyFile.generate(keyFile, "site-a");
        plainOut = shared.resolve("plain");
        encryptedOut = shared.resolve("encrypted");
        List<String> common = List.of(PipelineCommandTest.SAMPLE.toString(), "--backend", "onnx", "--model",
                PipelineCommandTest.MODEL.toString(), "--reference", PipelineCommandTest.REFERENCE.toString(),
                "--secret-file", secret.toString());

        List<String> plainArgs = new ArrayList<>(List.of("pipeline"));
        plainArgs.addAll(common);
        plainArgs.addAll(List.of("--out", plainOut.toString()));
        plainRun = run(plainArgs.toArray(String[]::new));

        List<String> encryptedArgs = new ArrayList<>(List.of("pipeline"));
        encryptedArgs.addAll(common);
        encryptedArgs.addAll(List.of("--out", encryptedOut.toString(), "--encrypt-key-file", keyFile.toString()));
        encryptedRun = run(encryptedArgs.toArray(String[]::new));
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static Set<String> relativeNames(Path root) throws IOException {
        Set<String> names = new TreeSet<>();
        for (Path file : filesUnder(root)) {
            names.add(root.relativize(file).toString());
        }
        return names;
    }

    private static boolean contains(byte[] data, byte[] pattern) {
        for (int i = 0; i + pattern.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
                return true;
            }
        }
        return false;
    }

    /** Decrypts every file under the encrypted run's folder with {@code annotate decrypt} into {@code target}. */
    private static Path decryptAll(Path target) throws IOException {
        for (Path file : filesUnder(encryptedOut)) {
            String relative = encryptedOut.relativize(file).toString();
            Path plain = target.resolve(relative.substring(0, relative.length() - ".enc".length()));
            Files.createDirectories(plain.getParent());
            String[] result = run("decrypt", file.toString(), "--key-file", keyFile.toString(), "--out", plain.toString());
            assertThat(result[0]).as(relative + ": " + result[2]).isEqualTo("0");
        }
        return target;
    }

    private static Path seriesFolder(Path root) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            List<Path> folders = entries.filter(Files::isDirectory).toList();
            assertThat(folders).hasSize(1);
            return folders.get(0);
        }
    }

    @Test
    void bothRunsSucceed() {
        assertThat(plainRun[0]).as(plainRun[1] + plainRun[2]).isEqualTo("0");
        assertThat(encryptedRun[0]).as(encryptedRun[1] + encryptedRun[2]).isEqualTo("0");
    }

    @Test
    void everyFileIsEncrypted() throws IOException {
        Set<String> expected = new TreeSet<>();
        for (String name : relativeNames(plainOut)) {
            expected.add(name + ".enc");
        }

        assertThat(relativeNames(encryptedOut)).isEqualTo(expected);
        assertThat(expected).contains("summary.json.enc");
        assertThat(expected).anyMatch(name -> name.endsWith("/labels.nii.gz.enc"));
        assertThat(expected).anyMatch(name -> name.contains("/deidentified/") && name.endsWith(".dcm.enc"));
        assertThat(expected).anyMatch(name -> name.contains("/overlays/") && name.endsWith(".png.enc"));
        for (Path file : filesUnder(encryptedOut)) {
            byte[] head = new byte[MAGIC.length];
            try (var in = Files.newInputStream(file)) {
                assertThat(in.readNBytes(head, 0, head.length)).as(file.toString()).isEqualTo(MAGIC.length);
            }
            assertThat(head).as(file + " starts with the encryption magic").isEqualTo(MAGIC);
        }
    }

    @Test
    void encryptedFilesContainNoPlaintext() throws IOException {
        Map<String, String> originals = new HashMap<>();
        try (Stream<Path> files = Files.list(PipelineCommandTest.SAMPLE)) {
            for (Path file : files.toList()) {
                DicomFile dicom = DicomFile.open(file);
                for (int tag : new int[] {0x00080080, 0x00081010, 0x00080020, Tag.FRAME_OF_REFERENCE_UID}) {
                    String value = dicom.dataSet().getString(tag, "").strip();
                    if (value.length() >= 6) {
                        originals.put(value, String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF));
                    }
                }
                originals.put(dicom.fileMeta().getString(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID, ""), "SOP Instance UID");
            }
        }
        assertThat(originals).hasSizeGreaterThan(20);
        // The markers must occur in the plain outputs, or their absence below would prove nothing.
        StringBuilder plainText = new StringBuilder();
        for (Path file : filesUnder(plainOut)) {
            plainText.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        }
        for (String marker : PLAINTEXT_MARKERS) {
            assertThat(plainText.indexOf(marker)).as("plain outputs contain " + marker).isNotNegative();
        }

        for (Path file : filesUnder(encryptedOut)) {
            byte[] raw = Files.readAllBytes(file);
            for (String marker : PLAINTEXT_MARKERS) {
                assertThat(contains(raw, marker.getBytes(StandardCharsets.ISO_8859_1))).as(file + " contains " + marker)
                        .isFalse();
            }
            for (Map.Entry<String, String> original : originals.entrySet()) {
                assertThat(contains(raw, original.getKey().getBytes(StandardCharsets.ISO_8859_1)))
                        .as(file + " contains the original " + original.getValue()).isFalse();
            }
        }
    }

    @Test
    void consoleSummaryNamesNoSeries() throws IOException {
        String folderName = seriesFolder(encryptedOut).getFileName().toString();

        assertThat(encryptedRun[1]).contains("ok      series 1:").contains("encrypted file(s)");
        assertThat(encryptedRun[1]).doesNotContain(folderName);
        assertThat(encryptedRun[1]).doesNotContain(PipelineCommandTest.SAMPLE.toString());
    }

    @Test
    void deterministicOutputsDecryptToPlainBytes() throws IOException {
        Path decrypted = decryptAll(folder.resolve("decrypted"));
        Path plainSeries = seriesFolder(plainOut);
        Path decryptedSeries = decrypted.resolve(plainSeries.getFileName().toString());
        List<String> deterministic = new ArrayList<>(List.of("labels.nii.gz", "report.json", "report.html",
                "label-studio.json", "cvat.xml", "annotations.coco.json"));
        for (String name : relativeNames(plainSeries)) {
            if (name.startsWith("deidentified/") || name.startsWith("overlays/")) {
                deterministic.add(name);
            }
        }
        assertThat(deterministic).hasSizeGreaterThan(26);

        for (String name : deterministic) {
            assertThat(Files.readAllBytes(decryptedSeries.resolve(name))).as(name)
                    .isEqualTo(Files.readAllBytes(plainSeries.resolve(name)));
        }
    }

    @Test
    void decryptedSegMatchesPlainSeg() throws IOException {
        Path decrypted = decryptAll(folder.resolve("decrypted"));
        Path plainSeries = seriesFolder(plainOut);
        Path decryptedSeries = decrypted.resolve(plainSeries.getFileName().toString());
        LabelMap labels = new NiftiReader().readLabelMap(plainSeries.resolve("labels.nii.gz"));

        Segmentation plain = new SegReader().read(plainSeries.resolve("seg.dcm"), labels.geometry());
        Segmentation fromEncrypted = new SegReader().read(decryptedSeries.resolve("seg.dcm"), labels.geometry());

        assertThat(fromEncrypted.segments()).hasSameSizeAs(plain.segments()).hasSize(2);
        for (SegmentDescription segment : plain.segments()) {
            assertThat(fromEncrypted.mask(segment.segmentNumber())).as(segment.label())
                    .isEqualTo(plain.mask(segment.segmentNumber()));
        }
        DicomFile seg = DicomFile.open(decryptedSeries.resolve("seg.dcm"));
        DicomFile image = DicomFile.open(filesUnder(decryptedSeries.resolve("deidentified")).get(0));
        // The images carry an empty Study Instance UID, so the SEG gets a derived one (Type 1).
        assertThat(image.dataSet().getString(Tag.STUDY_INSTANCE_UID, "")).isEmpty();
        assertThat(seg.dataSet().getString(Tag.STUDY_INSTANCE_UID)).matches("2\\.25\\.[1-9][0-9]*");
        assertThat(seg.dataSet().getString(Tag.STUDY_INSTANCE_UID))
                .isEqualTo(DicomFile.open(plainSeries.resolve("seg.dcm")).dataSet().getString(Tag.STUDY_INSTANCE_UID));
    }

    @Test
    void decryptedAuditLogVerifies() throws IOException {
        Path decrypted = decryptAll(folder.resolve("decrypted"));
        Path audit = decrypted.resolve(seriesFolder(plainOut).getFileName().toString()).resolve("audit.jsonl");

        String[] result = run("audit", "verify", audit.toString());

        assertThat(result[0]).as(result[1] + result[2]).isEqualTo("0");
        assertThat(result[1]).contains("ok, 1 entry");
        JsonNode entry = new ObjectMapper().readTree(Files.readAllLines(audit).get(0));
        JsonNode plainEntry = new ObjectMapper().readTree(
                Files.readAllLines(seriesFolder(plainOut).resolve("audit.jsonl")).get(0));
        // The content hash covers the provenance time of the round, so it differs between runs.
        assertThat(entry.get("contentHash").asText()).hasSize(64);
        for (String member : List.of("action", "model", "modelSha256", "round", "annotations")) {
            assertThat(entry.get(member)).as(member).isEqualTo(plainEntry.get(member));
        }
    }

    @Test
    void decryptedSummaryListsEncryptedFiles() throws IOException {
        Path decrypted = decryptAll(folder.resolve("decrypted"));
        JsonNode summary = new ObjectMapper().readTree(decrypted.resolve("summary.json").toFile());
        JsonNode plainSummary = new ObjectMapper().readTree(plainOut.resolve("summary.json").toFile());

        assertThat(summary.get("encrypted").asBoolean()).isTrue();
        assertThat(plainSummary.get("encrypted").asBoolean()).isFalse();
        assertThat(summary.get("seriesSucceeded").asInt()).isEqualTo(1);
        List<String> files = new ArrayList<>();
        summary.get("series").get(0).get("files").forEach(file -> files.add(file.asText()));
        List<String> plainFiles = new ArrayList<>();
        plainSummary.get("series").get(0).get("files").forEach(file -> plainFiles.add(file.asText() + ".enc"));
        assertThat(files).isEqualTo(plainFiles);
    }

    @Test
    void wrongKeyFailsClearly() throws IOException {
        Path other = folder.resolve("other-keys.txt");
        KeyFile.generate(other, "site-a");
        Path labels = seriesFolder(encryptedOut).resolve("labels.nii.gz.enc");
        Path target = folder.resolve("labels.nii.gz");

        String[] result = run("decrypt", labels.toString(), "--key-file", other.toString(), "--out", target.toString());

        assertThat(result[0]).isEqualTo("1");
        assertThat(result[2]).contains(labels.toString()).contains("wrong key for key id 'site-a'");
        assertThat(target).doesNotExist();
    }

    @Test
    void unknownKeyIdIsRejected() throws IOException {
        String[] result = run("pipeline", PipelineCommandTest.SAMPLE.toString(), "--out", folder.resolve("out").toString(),
                "--encrypt-key-file", keyFile.toString(), "--encrypt-key-id", "site-b");

        assertThat(result[0]).isEqualTo("1");
        assertThat(result[2]).contains("no key with id 'site-b'");
        assertThat(folder.resolve("out")).doesNotExist();
    }

    @Test
    void keyIdWithoutKeyFileIsUsageError() {
        String[] result = run("pipeline", PipelineCommandTest.SAMPLE.toString(), "--out", folder.resolve("out").toString(),
                "--encrypt-key-id", "site-a");

        assertThat(result[0]).isEqualTo("2");
        assertThat(result[2]).contains("--encrypt-key-id needs --encrypt-key-file");
    }

    @Test
    void folderDecryptRestoresTree() throws IOException {
        Path target = folder.resolve("tree");

        String[] result = run("decrypt", encryptedOut.toString(), "--key-file", keyFile.toString(), "--out",
                target.toString());

        assertThat(result[0]).as(result[2]).isEqualTo("0");
        assertThat(relativeNames(target)).isEqualTo(relativeNames(plainOut));
        Path series = seriesFolder(plainOut).getFileName();
        assertThat(Files.readAllBytes(target.resolve(series).resolve("labels.nii.gz")))
                .isEqualTo(Files.readAllBytes(plainOut.resolve(series).resolve("labels.nii.gz")));
    }
}
