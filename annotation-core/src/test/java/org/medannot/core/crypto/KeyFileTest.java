package org.medannot.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {

    private static final String HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    @TempDir
    Path directory;

    @Test
    void textFileReadsHexAndBase64() throws IOException {
        byte[] second = new byte[32];
        second[0] = 9;
        Path file = write("# keys\n\nsite-a " + HEX + "\r\nsite-b base64:" + Base64.getEncoder().encodeToString(second) + "\n");

        KeyFile keys = KeyFile.read(file);

        assertThat(keys.defaultKeyId()).isEqualTo("site-a");
        assertThat(keys.key("site-a").getEncoded()).isEqualTo(HexFormat.of().parseHex(HEX));
        assertThat(keys.key("site-b").getEncoded()).isEqualTo(second);
        assertThat(keys.defaultKeyBytes()).isEqualTo(HexFormat.of().parseHex(HEX));
    }

    @Test
    void rawFileUsesFingerprintId() throws IOException {
        byte[] raw = new byte[32];
        raw[5] = (byte) 0xFF;
        Path file = directory.resolve("raw.key");
        Files.write(file, raw);

        KeyFile keys = KeyFile.read(file);

        assertThat(keys.defaultKeyId()).matches("sha256:[0-9a-f]{16}");
        assertThat(keys.key(keys.defaultKeyId()).getEncoded()).isEqualTo(raw);
    }

    @Test
    void invalidLinesRejectedWithoutKeyMaterial() throws IOException {
        assertThatThrownBy(() -> KeyFile.read(write("site-a " + HEX.substring(2) + "\n")))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("line 1")
                .hasMessageContaining("31 bytes")
                .hasMessageNotContaining(HEX.substring(2));
        assertThatThrownBy(() -> KeyFile.read(write("# only\nsite-a\n")))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> KeyFile.read(write("a " + HEX + "\na " + HEX + "\n")))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("more than once");
        assertThatThrownBy(() -> KeyFile.read(write("bad/id " + HEX + "\n")))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("key id 'bad/id' is invalid");
        assertThatThrownBy(() -> KeyFile.read(write("# nothing\n")))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("contains no key");
        assertThatThrownBy(() -> KeyFile.read(write("a zz" + HEX.substring(2) + "\n")))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("neither 64 hex digits");
    }

    @Test
    void unknownKeyIdNamesKnownIds() throws IOException {
        KeyFile keys = KeyFile.read(write("site-a " + HEX + "\n"));

        assertThatThrownBy(() -> keys.key("site-z"))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("'site-z'")
                .hasMessageContaining("[site-a]");
    }

    @Test
    void generateWritesOwnerOnlyFile() throws IOException {
        Path file = directory.resolve("new.key");

        KeyFile generated = KeyFile.generate(file, "site-c");
        KeyFile read = KeyFile.read(file);

        assertThat(read.key("site-c").getEncoded()).isEqualTo(generated.key("site-c").getEncoded());
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        assertThatThrownBy(() -> KeyFile.generate(file, "site-c")).isInstanceOf(CryptoException.class);
    }

    private Path write(String text) throws IOException {
        Path file = Files.createTempFile(directory, "keys", ".txt");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
