package org.medannot.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Round trips, tamper detection, and the files that tools/reference/encrypted_file.py wrote with
 * pyca/cryptography from the format description alone.
 */
class StreamingEncryptionTest {

    private static final int CHUNK = 64;
    private static final int HEADER = 42 + "ref-key".length();
    private static final int SEALED_CHUNK = CHUNK + 16;

    private static KeyProvider keys;
    private static JsonNode reference;
    private static byte[] referenceFile;

    @TempDir
    Path directory;

    @BeforeAll
    static void loadReference() throws IOException {
        try (InputStream in = StreamingEncryptionTest.class.getResourceAsStream("/reference/encrypted_reference.json")) {
            reference = new ObjectMapper().readTree(in);
        }
        try (InputStream in = StreamingEncryptionTest.class.getResourceAsStream("/reference/encrypted_reference.maenc")) {
            referenceFile = in.readAllBytes();
        }
        keys = new FixedKeys(reference.get("keyId").asText(), HexFormat.of().parseHex(reference.get("keyHex").asText()));
    }

    @Test
    void referenceFileDecrypts() throws IOException {
        byte[] plain = decrypt(referenceFile, keys);

        assertThat(sha256(plain)).isEqualTo(reference.get("plainSha256").asText());
        assertThat(plain).hasSize(1000);
        assertThat(plain[999]).isEqualTo((byte) ((7 * 999 + 3) % 256));
    }

    @Test
    void emptyReferenceDecrypts() throws IOException {
        byte[] file;
        try (InputStream in = getClass().getResourceAsStream("/reference/encrypted_empty.maenc")) {
            file = in.readAllBytes();
        }

        assertThat(decrypt(file, keys)).isEmpty();
        assertThat(file).hasSize(HEADER + 16);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 63, 64, 65, 128, 1000})
    void roundTripsAnySize(int size) throws IOException {
        byte[] plain = new byte[size];
        new SplittableRandom(size).nextBytes(plain);

        byte[] sealed = encrypt(plain, CHUNK);

        int chunks = Math.max(1, (size + CHUNK - 1) / CHUNK);
        assertThat(sealed).hasSize(HEADER + size + 16 * chunks);
        assertThat(decrypt(sealed, keys)).isEqualTo(plain);
    }

    @Test
    void largeStreamRoundTripsThroughFiles() throws Exception {
        long size = 256L << 20;
        Path plainCopy = directory.resolve("never-written");
        Path sealed = directory.resolve("large.maenc");
        MessageDigest plainDigest = MessageDigest.getInstance("SHA-256");
        MessageDigest decryptedDigest = MessageDigest.getInstance("SHA-256");

        try (InputStream source = new DigestInputStream(new SeededStream(20261204L, size), plainDigest);
                OutputStream out = StreamingEncryption.encrypting(Files.newOutputStream(sealed), keys)) {
            source.transferTo(out);
        }
        try (InputStream in = StreamingEncryption.decrypting(Files.newInputStream(sealed), keys, sealed.toString());
                OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), decryptedDigest)) {
            assertThat(in.transferTo(sink)).isEqualTo(size);
        }

        assertThat(decryptedDigest.digest()).isEqualTo(plainDigest.digest());
        assertThat(Files.size(sealed)).isEqualTo(HEADER + size + 16L * (size / StreamingEncryption.DEFAULT_CHUNK_SIZE));
        assertThat(plainCopy).doesNotExist();
    }

    @Test
    void wrongKeyRejected() {
        byte[] other = HexFormat.of().parseHex(reference.get("keyHex").asText());
        other[31] ^= 1;
        KeyProvider wrong = new FixedKeys("ref-key", other);

        assertThatThrownBy(() -> decrypt(referenceFile, wrong))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("wrong key for key id 'ref-key'");
    }

    @Test
    void unknownKeyIdRejected() {
        KeyProvider other = new FixedKeys("other-key", new byte[32]);

        assertThatThrownBy(() -> decrypt(referenceFile, other))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("no key with id 'ref-key'");
    }

    @Test
    void modifiedByteRejectedInEveryChunk() {
        for (int position = 0; position < referenceFile.length; position++) {
            byte[] changed = referenceFile.clone();
            changed[position] ^= 0x01;

            int at = position;
            var thrown = assertThatThrownBy(() -> decrypt(changed, keys)).as("byte %d", position)
                    .isInstanceOf(CryptoException.class);
            if (position >= HEADER) {
                int chunk = (position - HEADER) / SEALED_CHUNK;
                thrown.as("byte %d", at).hasMessageMatching(".*chunk " + chunk + "[ ,].*failed authentication.*");
            }
        }
    }

    @Test
    void truncatedFileRejectedAtEveryLength() {
        for (int length = 0; length < referenceFile.length; length++) {
            byte[] truncated = Arrays.copyOf(referenceFile, length);

            assertThatThrownBy(() -> decrypt(truncated, keys)).as("length %d", length).isInstanceOf(CryptoException.class);
        }
    }

    @Test
    void reorderedChunksRejected() {
        byte[] swapped = referenceFile.clone();
        System.arraycopy(referenceFile, HEADER + SEALED_CHUNK, swapped, HEADER + 2 * SEALED_CHUNK, SEALED_CHUNK);
        System.arraycopy(referenceFile, HEADER + 2 * SEALED_CHUNK, swapped, HEADER + SEALED_CHUNK, SEALED_CHUNK);

        assertThatThrownBy(() -> decrypt(swapped, keys))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("chunk 1 failed authentication");
    }

    @Test
    void removedFinalChunkRejected() {
        // 1000 bytes in 64-byte chunks: 15 full chunks and a final one of 40 bytes.
        byte[] withoutFinal = Arrays.copyOf(referenceFile, HEADER + 15 * SEALED_CHUNK);

        assertThatThrownBy(() -> decrypt(withoutFinal, keys))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("chunk 14, the last in the file, failed authentication")
                .hasMessageContaining("truncated");
    }

    @Test
    void removedMiddleChunkRejected() {
        byte[] removed = new byte[referenceFile.length - SEALED_CHUNK];
        System.arraycopy(referenceFile, 0, removed, 0, HEADER + 3 * SEALED_CHUNK);
        System.arraycopy(referenceFile, HEADER + 4 * SEALED_CHUNK, removed, HEADER + 3 * SEALED_CHUNK,
                referenceFile.length - HEADER - 4 * SEALED_CHUNK);

        assertThatThrownBy(() -> decrypt(removed, keys))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("chunk 3 failed authentication");
    }

    @Test
    void appendedBytesRejected() {
        byte[] longer = Arrays.copyOf(referenceFile, referenceFile.length + 1);

        assertThatThrownBy(() -> decrypt(longer, keys))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("chunk 15, the last in the file, failed authentication");
    }

    @Test
    void badMagicAndVersionRejected() {
        byte[] text = "plain text, not encrypted".getBytes(StandardCharsets.US_ASCII);
        byte[] version = referenceFile.clone();
        version[8] = 2;

        assertThatThrownBy(() -> decrypt(text, keys)).isInstanceOf(CryptoException.class).hasMessageContaining("magic");
        assertThatThrownBy(() -> decrypt(version, keys)).isInstanceOf(CryptoException.class)
                .hasMessageContaining("version at byte 8 is 2");
    }

    @Test
    void decryptFileLeavesNoOutputOnFailure() throws IOException {
        Path sealed = directory.resolve("cut.maenc");
        Path out = directory.resolve("plain.bin");
        Files.write(sealed, Arrays.copyOf(referenceFile, referenceFile.length - 1));

        assertThatThrownBy(() -> StreamingEncryption.decryptFile(sealed, out, keys)).isInstanceOf(CryptoException.class);
        assertThat(out).doesNotExist();
        try (var files = Files.list(directory)) {
            assertThat(files).containsExactly(sealed);
        }
    }

    @Test
    void encryptFileRoundTrips() throws IOException {
        Path plain = directory.resolve("plain.bin");
        Path sealed = directory.resolve("plain.bin.maenc");
        Path back = directory.resolve("back.bin");
        byte[] content = new byte[3 * StreamingEncryption.DEFAULT_CHUNK_SIZE + 5];
        new SplittableRandom(7).nextBytes(content);
        Files.write(plain, content);

        StreamingEncryption.encryptFile(plain, sealed, keys);
        StreamingEncryption.decryptFile(sealed, back, keys);

        assertThat(Files.readAllBytes(back)).isEqualTo(content);
        assertThatThrownBy(() -> StreamingEncryption.encryptFile(plain, plain, keys))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] encrypt(byte[] plain, int chunkSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream sealed = StreamingEncryption.encrypting(out, keys, "ref-key", chunkSize)) {
            sealed.write(plain);
        }
        return out.toByteArray();
    }

    private static byte[] decrypt(byte[] sealed, KeyProvider provider) throws IOException {
        try (InputStream in = StreamingEncryption.decrypting(new ByteArrayInputStream(sealed), provider, "test input")) {
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }

    /** A key provider with one key, for tests. */
    record FixedKeys(String keyId, byte[] key) implements KeyProvider {

        @Override
        public String defaultKeyId() {
            return keyId;
        }

        @Override
        public javax.crypto.SecretKey key(String id) throws CryptoException {
            if (!id.equals(keyId)) {
                throw new CryptoException("test provider has no key with id '" + id + "'");
            }
            return new javax.crypto.spec.SecretKeySpec(key, "AES");
        }
    }

    /** Pseudo-random bytes from a seed, generated on the fly so that large inputs need no memory. */
    static final class SeededStream extends InputStream {

        private final SplittableRandom random;
        private long remaining;

        SeededStream(long seed, long size) {
            this.random = new SplittableRandom(seed);
            this.remaining = size;
        }

        @Override
        public int read() {
            if (remaining == 0) {
                return -1;
            }
            remaining--;
            return random.nextInt(256);
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int count = (int) Math.min(length, remaining);
            int n = 0;
            for (; n + 8 <= count; n += 8) {
                long value = random.nextLong();
                for (int b = 0; b < 8; b++) {
                    target[offset + n + b] = (byte) (value >>> (8 * b));
                }
            }
            for (; n < count; n++) {
                target[offset + n] = (byte) random.nextInt(256);
            }
            remaining -= count;
            return count;
        }
    }
}
