package org.medannot.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expected values were computed with Python's hmac and hashlib modules:
 * {@code hmac.new(secret, b"uid:" + uid, hashlib.sha256)}, first 16 bytes as a big-endian
 * integer; base-32 by {@code base64.b32encode}; offsets by the documented modulo rule.
 */
class ProjectSecretTest {

    private static final byte[] SECRET = "0123456789abcdef-project-secret".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path temp;

    @Test
    void uidMatchesPythonHmac() {
        ProjectSecret secret = ProjectSecret.of(SECRET);

        String uid = secret.uid("1.2.840.113619.2.55.3");

        assertThat(uid).isEqualTo("2.25.184985533856024711874257471195602343819");
        assertThat(uid.length()).isLessThanOrEqualTo(64);
        assertThat(secret.uid(" 1.2.840.113619.2.55.3 ")).isEqualTo(uid);
    }

    @Test
    void pseudonymAndOffsetMatchPython() {
        ProjectSecret secret = ProjectSecret.of(SECRET);

        assertThat(secret.patientPseudonym("12345")).isEqualTo("PATSAUYWOZAA3YGUQH2");
        assertThat(secret.dateOffsetDays("12345")).isEqualTo(-2419);
    }

    @Test
    void anotherSecretGivesUnrelatedValues() {
        ProjectSecret first = ProjectSecret.of(SECRET);
        ProjectSecret second = ProjectSecret.of("another-project-secret-0123456789".getBytes(StandardCharsets.US_ASCII));

        assertThat(second.uid("1.2.3")).isNotEqualTo(first.uid("1.2.3"));
        assertThat(second.patientPseudonym("12345")).isNotEqualTo(first.patientPseudonym("12345"));
        assertThat(first.toString()).doesNotContain("0123456789abcdef");
    }

    @Test
    void offsetsStayInDocumentedRange() {
        ProjectSecret secret = ProjectSecret.of(SECRET);

        for (int n = 0; n < 2000; n++) {
            assertThat(secret.dateOffsetDays("patient-" + n)).isBetween(-3652, -365);
        }
    }

    @Test
    void secretFileIsTrimmedAndChecked() throws IOException {
        Path file = temp.resolve("secret.txt");
        Files.write(file, "0123456789abcdef-project-secret\n".getBytes(StandardCharsets.US_ASCII));
        Path shortFile = temp.resolve("short.txt");
        Files.writeString(shortFile, "tooshort\n");

        assertThat(ProjectSecret.fromFile(file).uid("1.2.840.113619.2.55.3"))
                .isEqualTo(ProjectSecret.of(SECRET).uid("1.2.840.113619.2.55.3"));
        assertThatThrownBy(() -> ProjectSecret.fromFile(shortFile)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("short.txt").hasMessageContaining("8").hasMessageNotContaining("tooshort\n");
        assertThatThrownBy(() -> ProjectSecret.of(new byte[15])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("15");
    }
}
