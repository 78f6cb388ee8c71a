package org.medannot.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appends from several threads and from other JVMs started with the test class path. */
class AuditLogConcurrencyTest {

    private static final int THREADS = 8;
    private static final int PER_THREAD = 750;
    private static final int PROCESSES = 2;
    private static final int PER_PROCESS = 2000;

    @TempDir
    Path directory;

    @Test
    void threadsAndProcessesKeepEveryEntry() throws Exception {
        Path log = directory.resolve("audit.jsonl");
        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) {
            processes.add(startAppender(log, "process-" + p, PER_PROCESS));
        }

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (AuditLog audit = AuditLog.open(log)) {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String source = "thread-" + t;
                tasks.add(pool.submit(() -> {
                    for (int n = 0; n < PER_THREAD; n++) {
                        audit.append(new AuditEvent(source, "test.append", "log", Map.of("n", Integer.toString(n))));
                    }
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        for (Process process : processes) {
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("appender process finished").isTrue();
            assertThat(process.exitValue()).as("appender exit status; stderr: %s", stderr(process)).isZero();
        }

        AuditVerification result = AuditLogVerifier.verify(log);

        int total = THREADS * PER_THREAD + PROCESSES * PER_PROCESS;
        assertThat(result.problem()).isEmpty();
        assertThat(result.entries()).isEqualTo(total);
        Set<String> seen = new HashSet<>();
        for (byte[] line : AuditLogTest.splitLines(Files.readAllBytes(log))) {
            AuditEvent event = AuditLines.decode(line).event();
            assertThat(seen.add(event.actor() + "/" + event.attributes().get("n"))).isTrue();
        }
        assertThat(seen).hasSize(total);
    }

    @Test
    void killedWriterLeavesCompleteEntriesValid() throws Exception {
        Path log = directory.resolve("audit.jsonl");
        for (int attempt = 0; attempt < 3; attempt++) {
            long before = Files.exists(log) ? Files.size(log) : 0;
            Process process = startAppender(log, "killed-" + attempt, -1);
            while (process.isAlive() && (!Files.exists(log) || Files.size(log) < before + 200_000)) {
                Thread.sleep(5);
            }
            assertThat(process.isAlive()).as("appender still running; stderr: %s", stderr(process)).isTrue();
            process.destroyForcibly();
            process.waitFor(1, TimeUnit.MINUTES);

            AuditVerification result = AuditLogVerifier.verify(log);

            assertThat(result.completeEntriesValid()).as("attempt %d: %s", attempt, result.problem()).isTrue();
            assertThat(result.entries()).isGreaterThan(0);
        }

        // A later writer repairs a torn last line and continues the chain.
        try (AuditLog audit = AuditLog.open(log)) {
            audit.append(AuditEvent.of("test", "test.append", "after-kill"));
        }
        assertThat(AuditLogVerifier.verify(log).isValid()).isTrue();
    }

    private static Process startAppender(Path log, String source, long count) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AuditAppenderMain.class.getName(), log.toString(), source, Long.toString(count));
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.redirectError(log.resolveSibling(source + ".err").toFile());
        return builder.start();
    }

    /** Returns what the appender process wrote to standard error, for assertion messages. */
    private String stderr(Process process) {
        StringBuilder text = new StringBuilder();
        try (var files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".err"))::iterator) {
                text.append(file.getFileName()).append(": ").append(Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            text.append("cannot read standard error files: ").append(e.getMessage());
        }
        return "process " + process.pid() + "; " + text;
    }
}
