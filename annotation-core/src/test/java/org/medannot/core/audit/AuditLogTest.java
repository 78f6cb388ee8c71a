package org.medannot.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    private static final int ENTRIES = 30;
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-06T09:30:00.125Z"), ZoneOffset.UTC);

    @TempDir
    Path directory;

    private Path log;
    private byte[] original;
    private List<byte[]> lines;
    private AuditHead head;

    @BeforeEach
    void writeLog() throws IOException {
        log = directory.resolve("audit.jsonl");
        try (AuditLog audit = AuditLog.open(log, KEY, CLOCK)) {
            for (int n = 1; n <= ENTRIES; n++) {
                audit.append(event(n));
            }
            head = audit.head();
        }
        original = Files.readAllBytes(log);
        lines = splitLines(original);
    }

    private static AuditEvent event(int n) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("round", Integer.toString(n % 4 + 1));
        attributes.put("reason", n % 3 == 0 ? "boundary \"too\" tight\nsee note\\1 é" : "");
        return new AuditEvent("dr-" + (n % 2), n % 2 == 0 ? "review.edit" : "review.accept", "scan-1/a" + n, attributes);
    }

    @Test
    void streamWriteMatchesAppend() throws IOException {
        List<AuditEvent> events = new ArrayList<>();
        for (int n = 1; n <= ENTRIES; n++) {
            events.add(event(n));
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        List<AuditEntry> entries = AuditLog.write(out, events, KEY, CLOCK);

        assertThat(out.toByteArray()).isEqualTo(original);
        assertThat(entries).hasSize(ENTRIES);
        assertThat(entries.get(ENTRIES - 1).sequence()).isEqualTo(ENTRIES);
    }

    @Test
    void logVerifiesWithAndWithoutKey() throws IOException {
        AuditVerification withKey = AuditLogVerifier.verify(log, KEY, head);
        AuditVerification withoutKey = AuditLogVerifier.verify(log);

        assertThat(withKey.problem()).isEmpty();
        assertThat(withKey.entries()).isEqualTo(ENTRIES);
        assertThat(withKey.hmacChecked()).isTrue();
        assertThat(withKey.head()).isEqualTo(head);
        assertThat(withoutKey.isValid()).isTrue();
        assertThat(head.entries()).isEqualTo(ENTRIES);
        assertThat(head.lastLineHash()).isEqualTo(AuditLines.sha256Hex(lines.get(ENTRIES - 1)));
    }

    @Test
    void entryLayoutIsCanonical() throws Exception {
        String first = new String(lines.get(0), StandardCharsets.UTF_8);
        String third = new String(lines.get(2), StandardCharsets.UTF_8);

        assertThat(first).startsWith("{\"seq\":1,\"time\":\"2026-01-06T09:30:00.125Z\",\"actor\":\"dr-1\","
                + "\"action\":\"review.accept\",\"subject\":\"scan-1/a1\",\"round\":\"2\",\"reason\":\"\",\"prev\":\""
                + AuditLog.GENESIS_HASH + "\",\"hmac\":\"");
        assertThat(first).matches(".*\"hmac\":\"[0-9a-f]{64}\",\"hash\":\"[0-9a-f]{64}\"}");
        assertThat(third).contains("\"reason\":\"boundary \\\"too\\\" tight\\nsee note\\\\1 é\"");
        assertThat(new String(lines.get(1), StandardCharsets.UTF_8))
                .contains("\"prev\":\"" + AuditLines.sha256Hex(lines.get(0)) + "\"");
        AuditEntry entry = AuditLines.decode(lines.get(2));
        assertThat(entry.event().attributes().get("reason")).isEqualTo("boundary \"too\" tight\nsee note\\1 é");
        assertThat(entry.hmac()).isPresent();
    }

    @Test
    void flippedByteDetectedAtItsLine() throws IOException {
        for (int mask : new int[] {0x01, 0x80}) {
            for (int position = 0; position < original.length; position++) {
                byte[] changed = original.clone();
                changed[position] ^= (byte) mask;
                int line = lineOf(position);

                // Bit 0 is checked with and without the key; bit 7 (which mostly breaks UTF-8) only without.
                byte[][] keys = mask == 0x01 ? new byte[][] {KEY, null} : new byte[][] {null};
                for (byte[] key : keys) {
                    AuditVerification result = AuditLogVerifier.verify(new ByteArrayInputStream(changed), key, null);

                    assertThat(result.problem()).as("byte %d ^ 0x%x, key %s", position, mask, key != null).isPresent();
                    assertThat(result.problem().get().line()).as("byte %d ^ 0x%x: %s", position, mask, result.problem().get())
                            .isEqualTo(line);
                    assertThat(result.entries()).isEqualTo(line - 1);
                }
            }
        }
    }

    @Test
    void deletedEntryDetectedAtItsPosition() throws IOException {
        for (int removed = 1; removed <= ENTRIES; removed++) {
            List<byte[]> changed = new ArrayList<>(lines);
            changed.remove(removed - 1);
            write(changed);

            AuditVerification result = AuditLogVerifier.verify(log, KEY, head);

            assertThat(result.problem()).as("removed line %d", removed).isPresent();
            assertThat(result.problem().get().line()).as("removed line %d: %s", removed, result.problem().get())
                    .isEqualTo(removed);
            AuditProblem.Kind expected = removed == ENTRIES ? AuditProblem.Kind.MISSING_ENTRIES
                    : AuditProblem.Kind.OUT_OF_SEQUENCE;
            assertThat(result.problem().get().kind()).isEqualTo(expected);
        }
    }

    @Test
    void removedTailNeedsRecordedHead() throws IOException {
        write(lines.subList(0, ENTRIES - 3));

        assertThat(AuditLogVerifier.verify(log, KEY, null).isValid()).isTrue();
        assertThat(AuditLogVerifier.verify(log, KEY, head).problem().get().line()).isEqualTo(ENTRIES - 2);
    }

    @Test
    void duplicatedEntryDetectedAfterOriginal() throws IOException {
        for (int duplicated = 1; duplicated <= ENTRIES; duplicated++) {
            List<byte[]> changed = new ArrayList<>(lines);
            changed.add(duplicated, lines.get(duplicated - 1));
            write(changed);

            AuditVerification result = AuditLogVerifier.verify(log, null, null);

            assertThat(result.problem()).as("duplicated line %d", duplicated).isPresent();
            assertThat(result.problem().get().line()).as("duplicated line %d", duplicated).isEqualTo(duplicated + 1);
            assertThat(result.problem().get().kind()).isEqualTo(AuditProblem.Kind.OUT_OF_SEQUENCE);
        }
    }

    @Test
    void swappedEntriesDetectedAtFirst() throws IOException {
        for (int first = 1; first <= ENTRIES; first++) {
            for (int second = first + 1; second <= ENTRIES; second++) {
                List<byte[]> changed = new ArrayList<>(lines);
                changed.set(first - 1, lines.get(second - 1));
                changed.set(second - 1, lines.get(first - 1));
                write(changed);

                AuditVerification result = AuditLogVerifier.verify(log, KEY, head);

                assertThat(result.problem()).as("swapped %d and %d", first, second).isPresent();
                assertThat(result.problem().get().line()).as("swapped %d and %d", first, second).isEqualTo(first);
            }
        }
    }

    @Test
    void rewrittenChainFailsOnlyWithKey() throws IOException {
        // Someone without the key changes entry 5 and recomputes every hash after it.
        Path forged = directory.resolve("forged.jsonl");
        try (AuditLog copy = AuditLog.open(forged, null, CLOCK)) {
            for (int n = 1; n <= ENTRIES; n++) {
                AuditEvent event = AuditLines.decode(lines.get(n - 1)).event();
                copy.append(n == 5 ? AuditEvent.of("dr-x", event.action(), event.subject()) : event);
            }
        } catch (AuditLines.LineException e) {
            throw new AssertionError(e);
        }

        assertThat(AuditLogVerifier.verify(forged).isValid()).isTrue();
        AuditProblem problem = AuditLogVerifier.verify(forged, KEY, null).problem().orElseThrow();
        assertThat(problem.line()).isEqualTo(1);
        assertThat(problem.kind()).isEqualTo(AuditProblem.Kind.MISSING_HMAC);
    }

    @Test
    void wrongKeyDetectedAtFirstLine() throws IOException {
        byte[] wrongKey = KEY.clone();
        wrongKey[0] ^= 1;

        AuditProblem problem = AuditLogVerifier.verify(log, wrongKey, null).problem().orElseThrow();

        assertThat(problem.line()).isEqualTo(1);
        assertThat(problem.kind()).isEqualTo(AuditProblem.Kind.HMAC_MISMATCH);
    }

    @Test
    void tornLastLineReportedThenRepaired() throws IOException {
        byte[] partial = Arrays.copyOf(lines.get(4), 40);
        Files.write(log, partial, StandardOpenOption.APPEND);

        AuditVerification torn = AuditLogVerifier.verify(log, KEY, head);

        assertThat(torn.completeEntriesValid()).isTrue();
        assertThat(torn.isValid()).isFalse();
        assertThat(torn.entries()).isEqualTo(ENTRIES);
        assertThat(torn.problem().get().line()).isEqualTo(ENTRIES + 1);
        assertThat(torn.problem().get().kind()).isEqualTo(AuditProblem.Kind.TORN_LAST_LINE);

        try (AuditLog audit = AuditLog.open(log, KEY, CLOCK)) {
            audit.append(AuditEvent.of("dr-1", "review.accept", "scan-1/a31"));
        }
        AuditVerification repaired = AuditLogVerifier.verify(log, KEY, head);

        assertThat(repaired.isValid()).isTrue();
        assertThat(repaired.entries()).isEqualTo(ENTRIES + 1);
    }

    @Test
    void otherFileLeftUnchanged() throws IOException {
        Path notes = Files.writeString(directory.resolve("notes.txt"), "first line\nsecond line");
        byte[] before = Files.readAllBytes(notes);

        try (AuditLog audit = AuditLog.open(notes, KEY, CLOCK)) {
            assertThatThrownBy(() -> audit.append(AuditEvent.of("dr-1", "review.accept", "scan-1/a1")))
                    .isInstanceOf(AuditException.class)
                    .hasMessageContaining("is not a valid entry");
        }

        assertThat(Files.readAllBytes(notes)).isEqualTo(before);
    }

    @Test
    void foreignTailLeftUnchanged() throws IOException {
        Files.write(log, "# not an entry".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        byte[] before = Files.readAllBytes(log);

        try (AuditLog audit = AuditLog.open(log, KEY, CLOCK)) {
            assertThatThrownBy(() -> audit.append(AuditEvent.of("dr-1", "review.accept", "scan-1/a31")))
                    .isInstanceOf(AuditException.class)
                    .hasMessageContaining("bytes that do not start an entry");
        }

        assertThat(Files.readAllBytes(log)).isEqualTo(before);
    }

    @Test
    void overlongLineRejectedWithoutBuffering() throws IOException {
        byte[] huge = new byte[AuditLines.MAX_LINE_BYTES + 10];
        Arrays.fill(huge, (byte) 'x');
        Files.write(log, huge, StandardOpenOption.APPEND);

        AuditProblem problem = AuditLogVerifier.verify(log).problem().orElseThrow();

        assertThat(problem.line()).isEqualTo(ENTRIES + 1);
        assertThat(problem.reason()).contains("longer than the maximum");
    }

    private int lineOf(int position) {
        int line = 1;
        for (int n = 0; n < position; n++) {
            if (original[n] == '\n') {
                line++;
            }
        }
        return line;
    }

    private void write(List<byte[]> changed) throws IOException {
        try (var out = Files.newOutputStream(log)) {
            for (byte[] line : changed) {
                out.write(line);
                out.write('\n');
            }
        }
    }

    static List<byte[]> splitLines(byte[] bytes) {
        List<byte[]> result = new ArrayList<>();
        int start = 0;
        for (int n = 0; n < bytes.length; n++) {
            if (bytes[n] == '\n') {
                result.add(Arrays.copyOfRange(bytes, start, n));
                start = n + 1;
            }
        }
        return result;
    }
}
