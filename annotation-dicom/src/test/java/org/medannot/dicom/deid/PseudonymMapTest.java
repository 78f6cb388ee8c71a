package org.medannot.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymMapTest {

    @TempDir
    Path temp;

    private final byte[] key = new byte[32];

    {
        Arrays.fill(key, (byte) 7);
    }

    private final PseudonymMap map = new PseudonymMap(List.of(
            new PseudonymMap.Entry("PatientID", "12345", "PATSAUYWOZAA3YGUQH2"),
            new PseudonymMap.Entry("PatientName", "Müller^Hans\tJr\\II", "PATSAUYWOZAA3YGUQH2")));

    @Test
    void roundTripWithKey() throws IOException {
        Path file = temp.resolve("map.bin");

        map.write(file, key);

        assertThat(PseudonymMap.read(file, key).entries()).isEqualTo(map.entries());
        byte[] bytes = Files.readAllBytes(file);
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).startsWith("MEDANNOT-MAP").doesNotContain("12345")
                .doesNotContain("ller");
    }

    @Test
    void wrongKeyAndTamperingAreRejected() throws IOException {
        Path file = temp.resolve("map.bin");
        map.write(file, key);
        byte[] otherKey = key.clone();
        otherKey[0] = 8;

        assertThatThrownBy(() -> PseudonymMap.read(file, otherKey)).isInstanceOf(IOException.class)
                .hasMessageContaining("authentication");

        byte[] bytes = Files.readAllBytes(file);
        for (int offset = 0; offset < bytes.length; offset++) {
            byte[] modified = bytes.clone();
            modified[offset] ^= 0x01;
            Path tampered = temp.resolve("tampered-" + offset + ".bin");
            Files.write(tampered, modified);
            assertThatThrownBy(() -> PseudonymMap.read(tampered, key)).as("flip at offset %d", offset)
                    .isInstanceOf(IOException.class);
        }
        Path truncated = temp.resolve("truncated.bin");
        Files.write(truncated, Arrays.copyOf(bytes, 20));
        assertThatThrownBy(() -> PseudonymMap.read(truncated, key)).isInstanceOf(IOException.class)
                .hasMessageContaining("too short");
        assertThatThrownBy(() -> map.write(file, new byte[16])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16 bytes");
    }
}
