package org.medannot.core.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medannot.core.crypto.CryptoException;
import org.medannot.core.crypto.KeyFile;
import org.medannot.core.crypto.StreamingEncryption;

/** Plain and encrypting sinks: names, atomic commits, and no plaintext on disk when encrypting. */
class OutputSinkTest {

    /** The first 8 bytes of every encrypted file, as documented in {@link StreamingEncryption}. */
    private static final byte[] MAGIC = {'M', 'A', 'E', 'N', 'C', 0x0D, 0x0A, 0x1A};
    private static final byte[] MARKER = "plaintext marker 7f3a".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path root;

    private Path directory;
    private KeyFile keys;

    @BeforeEach
    void createKeys() throws IOException {
        directory = root.resolve("out");
        keys = KeyFile.generate(root.resolve("keys.txt"), "site-1");
    }

    /** Returns about {@code size} bytes with {@link #MARKER} repeated through random bytes. */
    private static byte[] content(int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(42).nextBytes(bytes);
        for (int at = 0; at + MARKER.length <= size; at += 100_000) {
            System.arraycopy(MARKER, 0, bytes, at, MARKER.length);
        }
        return bytes;
    }

    private byte[] decrypt(Path file, KeyFile key) throws IOException {
        try (InputStream in = StreamingEncryption.decrypting(Files.newInputStream(file), key, file.toString())) {
            return in.readAllBytes();
        }
    }

    private List<Path> filesUnder(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static boolean contains(byte[] data, byte[] pattern) {
        for (int i = 0; i + pattern.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void plainWriteStoresBytes() throws IOException {
        OutputSink sink = OutputSink.plain(directory);
        byte[] bytes = content(5000);

        Path stored = sink.write("overlays/slice-005.png", bytes);

        assertThat(stored).isEqualTo(directory.resolve("overlays/slice-005.png").toAbsolutePath());
        assertThat(sink.encrypts()).isFalse();
        assertThat(Files.readAllBytes(stored)).isEqualTo(bytes);
        assertThat(filesUnder(directory)).containsExactly(stored);
    }

    @Test
    void encryptedWriteAppendsSuffix() throws IOException {
        OutputSink sink = OutputSink.encrypting(directory, keys);
        byte[] bytes = content(3 * StreamingEncryption.DEFAULT_CHUNK_SIZE + 17);

        Path stored = sink.write("labels.nii.gz", bytes);

        assertThat(sink.encrypts()).isTrue();
        assertThat(stored.getFileName().toString()).isEqualTo("labels.nii.gz.enc");
        assertThat(sink.location("labels.nii.gz")).isEqualTo(stored);
        byte[] raw = Files.readAllBytes(stored);
        assertThat(Arrays.copyOf(raw, MAGIC.length)).isEqualTo(MAGIC);
        assertThat(contains(raw, MARKER)).isFalse();
        assertThat(decrypt(stored, keys)).isEqualTo(bytes);
        assertThat(filesUnder(directory)).containsExactly(stored);
    }

    @Test
    void emptyEncryptedFileDecrypts() throws IOException {
        Path stored = OutputSink.encrypting(directory, keys).write("empty.json", new byte[0]);

        assertThat(decrypt(stored, keys)).isEmpty();
    }

    @Test
    void temporaryFileHoldsOnlyCiphertext() throws IOException {
        OutputSink sink = OutputSink.encrypting(directory, keys);
        byte[] bytes = content(3 * StreamingEncryption.DEFAULT_CHUNK_SIZE);

        try (PendingOutput output = sink.create("deidentified/1.dcm")) {
            output.stream().write(bytes);
            output.stream().flush();
            List<Path> pending = filesUnder(directory);
            assertThat(pending).hasSize(1);
            assertThat(pending.get(0).getFileName().toString()).startsWith(".1.dcm.enc.").endsWith(".part");
            byte[] raw = Files.readAllBytes(pending.get(0));
            assertThat(raw.length).isGreaterThan(2 * StreamingEncryption.DEFAULT_CHUNK_SIZE);
            assertThat(Arrays.copyOf(raw, MAGIC.length)).isEqualTo(MAGIC);
            assertThat(contains(raw, MARKER)).isFalse();
            output.commit();
        }
        assertThat(filesUnder(directory)).containsExactly(directory.resolve("deidentified/1.dcm.enc"));
    }

    @Test
    void failureMidWriteLeavesNoFile() throws IOException {
        OutputSink sink = OutputSink.encrypting(directory, keys);
        Path earlier = sink.write("report.json", "{\"version\":1}".getBytes(StandardCharsets.UTF_8));
        byte[] bytes = content(2 * StreamingEncryption.DEFAULT_CHUNK_SIZE);

        assertThatThrownBy(() -> sink.write("report.json", out -> {
            out.write(bytes);
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");

        assertThat(filesUnder(directory)).containsExactly(earlier);
        assertThat(new String(decrypt(earlier, keys), StandardCharsets.UTF_8)).isEqualTo("{\"version\":1}");
    }

    @Test
    void closeWithoutCommitDeletesPlainFile() throws IOException {
        OutputSink sink = OutputSink.plain(directory);

        try (PendingOutput output = sink.create("cvat.xml")) {
            output.stream().write(content(1000));
        }

        assertThat(filesUnder(directory)).isEmpty();
    }

    @Test
    void writerMayCloseStream() throws IOException {
        OutputSink sink = OutputSink.encrypting(directory, keys);
        byte[] bytes = content(2000);

        Path stored = sink.write("a.bin", out -> {
            try (OutputStream own = out) {
                own.write(bytes, 0, 1000);
            }
            out.write(bytes, 1000, 1000);
        });

        assertThat(decrypt(stored, keys)).isEqualTo(bytes);
    }

    @Test
    void streamRejectsWritesAfterCommit() throws IOException {
        try (PendingOutput output = OutputSink.plain(directory).create("a.txt")) {
            output.stream().write('a');
            output.commit();
            assertThatThrownBy(() -> output.stream().write('b')).isInstanceOf(IOException.class)
                    .hasMessageContaining("committed or closed");
            assertThatThrownBy(output::commit).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already committed");
        }
        assertThat(Files.readString(directory.resolve("a.txt"))).isEqualTo("a");
    }

    @Test
    void commitReplacesExistingFile() throws IOException {
        OutputSink sink = OutputSink.plain(directory);
        sink.write("summary.json", "old".getBytes(StandardCharsets.UTF_8));

        sink.write("summary.json", "new".getBytes(StandardCharsets.UTF_8));

        assertThat(Files.readString(directory.resolve("summary.json"))).isEqualTo("new");
    }

    @Test
    void resolveKeepsEncryption() throws IOException {
        OutputSink series = OutputSink.encrypting(directory, keys).resolve("2.25.1");

        Path stored = series.write("audit.jsonl", "x".getBytes(StandardCharsets.UTF_8));

        assertThat(series.encrypts()).isTrue();
        assertThat(series.directory()).isEqualTo(directory.resolve("2.25.1").toAbsolutePath());
        assertThat(stored).isEqualTo(directory.resolve("2.25.1/audit.jsonl.enc").toAbsolutePath());
    }

    @Test
    void wrongKeyFailsToDecrypt() throws IOException {
        Path stored = OutputSink.encrypting(directory, keys).write("a.bin", content(100));
        KeyFile other = KeyFile.generate(root.resolve("other.txt"), "site-1");

        assertThatThrownBy(() -> decrypt(stored, other)).isInstanceOf(CryptoException.class)
                .hasMessageContaining("wrong key for key id 'site-1'");
    }

    @Test
    void missingKeyIdFailsAtCreation() {
        assertThatThrownBy(() -> OutputSink.encrypting(directory, keys, "site-2")).isInstanceOf(CryptoException.class)
                .hasMessageContaining("no key with id 'site-2'");
        assertThat(directory).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/etc/passwd", "../escape.txt", "a/../../b", "a//b", "a/", "./a", "a\\b", "a\u0000b"})
    void invalidNameIsRejected(String name) {
        OutputSink sink = OutputSink.plain(directory);

        assertThatThrownBy(() -> sink.create(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("output name '" + name + "' is invalid");
        assertThatThrownBy(() -> sink.resolve(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void contentFromStreamIsCopied() throws IOException {
        byte[] bytes = content(70_000);

        Path stored = OutputSink.plain(directory).write("copy.bin", out -> new ByteArrayInputStream(bytes).transferTo(out));

        assertThat(Files.readAllBytes(stored)).isEqualTo(bytes);
    }
}
