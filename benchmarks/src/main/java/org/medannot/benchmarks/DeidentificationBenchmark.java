package org.medannot.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.medannot.dicom.deid.ConfidentialityProfile;
import org.medannot.dicom.deid.DeidentificationReport;
import org.medannot.dicom.deid.DicomDeidentifier;
import org.medannot.dicom.deid.ProfileOption;
import org.medannot.dicom.deid.ProjectSecret;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * De-identifies real DICOM files one at a time, as {@code annotate anonymize} does per file:
 * {@link DicomDeidentifier#outputName} reads the header to name the copy, then
 * {@link DicomDeidentifier#deidentifyFile} reads the file, applies the basic profile with the
 * Retain Longitudinal Temporal Information Modified Dates option (UIDs replaced, dates shifted,
 * Patient ID and Patient's Name pseudonymized), scans the encoded copy for residual identifiers
 * and writes it to disk. The score of {@link #deidentifyFile} is files per second; that of
 * {@link #deidentifyFolder}, which takes the whole input per operation, is the time of one pass.
 *
 * <p>{@code -p input=PATH} names a folder, whose regular files are taken in name order, or a
 * single file; each operation of {@link #deidentifyFile} takes the next file and starts over
 * after the last one. The
 * default is the bundled 20-slice JPEG 2000 CT series, relative to the repository root.
 *
 * <p>Copies of {@link #deidentifyFile} go to a temporary folder under {@code java.io.tmpdir},
 * their names prefixed with the number of the pass over the files, so that every copy is a new
 * file as in a real run. Replacing an existing file costs more: on ext4 a rename over an existing
 * file starts the write-back of the new one. The folder is deleted after the trial only, because
 * deleting files while others are written slows the writes down on a file system mounted with
 * {@code discard}. A trial writes files/s x the warm-up and measurement time x the file size.
 * With {@code -t 2}, JMH runs two threads that share one de-identifier, each with its own output
 * folder. {@link #deidentifyFolder} deletes each pass's folder after the pass (see
 * {@link FolderRun}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class DeidentificationBenchmark {

    @Param({"examples/data/ct-abdomen-siemens-20sl/dicom"})
    public String input;

    private List<Path> files;
    private DicomDeidentifier deidentifier;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path path = Path.of(input);
        if (Files.isDirectory(path)) {
            try (Stream<Path> listing = Files.list(path)) {
                files = listing.filter(Files::isRegularFile).sorted().toList();
            }
        } else if (Files.isRegularFile(path)) {
            files = List.of(path);
        } else {
            throw new IOException("input not found: " + path.toAbsolutePath() + "; run from the repository root or pass -p input=PATH");
        }
        if (files.isEmpty()) {
            throw new IOException("input folder " + path.toAbsolutePath() + " contains no files");
        }
        // A fixed benchmark secret, so that every run writes the same bytes.
        ProjectSecret secret = ProjectSecret.of("deidentification benchmark secret".getBytes(StandardCharsets.US_ASCII));
        deidentifier = DicomDeidentifier.builder(secret)
                .profile(ConfidentialityProfile.of(EnumSet.of(ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES)))
                .build();
    }

    /** Per-thread position in the file list and output folder. */
    @State(Scope.Thread)
    public static class Worker {
        int next;
        int pass;
        Path outputFolder;

        @Setup(Level.Trial)
        public void createOutputFolder() throws IOException {
            outputFolder = Files.createTempDirectory("medannot-deid-benchmark");
        }

        @TearDown(Level.Trial)
        public void deleteOutputFolder() throws IOException {
            delete(outputFolder);
        }

        Path output(String name) {
            return outputFolder.resolve("pass" + pass + "-" + name);
        }

        static void delete(Path folder) throws IOException {
            try (Stream<Path> walk = Files.walk(folder)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    /** Number of threads of {@link #deidentifyFolder}. */
    @Param({"1"})
    public int folderThreads;

    /**
     * Output folder of one {@link #deidentifyFolder} operation, new for each and deleted after
     * it, outside the timed pass. Without the deletion every pass would add the whole input's
     * size to the page cache or the tmpfs, and later passes would measure the system's memory
     * reclaim. Time gdcmanon the same way: a new output folder per run, the previous one deleted
     * before it.
     */
    @State(Scope.Thread)
    public static class FolderRun {
        Path outputFolder;

        @Setup(Level.Invocation)
        public void createOutputFolder() throws IOException {
            outputFolder = Files.createTempDirectory("medannot-deid-folder-benchmark");
        }

        @TearDown(Level.Invocation)
        public void deleteOutputFolder() throws IOException {
            Worker.delete(outputFolder);
        }
    }

    /**
     * De-identifies every input file into a new folder, on {@code -p folderThreads=N} threads, as
     * {@code annotate anonymize --threads N} does, and as gdcmanon is timed: one run over a folder
     * into a new output folder. The score is the time of one pass; files per second is the
     * number of input files divided by it. Run it in single-shot mode with several iterations, so
     * that the code is compiled before the measured passes.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int deidentifyFolder(FolderRun run) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(folderThreads);
        try {
            List<Future<DeidentificationReport>> reports = new ArrayList<>();
            for (Path file : files) {
                reports.add(pool.submit(() -> deidentifier.deidentifyFile(file, run.outputFolder.resolve(deidentifier.outputName(file)))));
            }
            int written = 0;
            for (int n = 0; n < files.size(); n++) {
                DeidentificationReport report = reports.get(n).get();
                if (report.rejected()) {
                    throw new IllegalStateException(files.get(n) + ": rejected: " + report.reason());
                }
                written++;
            }
            return written;
        } finally {
            pool.shutdown();
        }
    }

    @Benchmark
    public DeidentificationReport deidentifyFile(Worker worker) throws IOException {
        Path file = files.get(worker.next);
        Path output = worker.output(deidentifier.outputName(file));
        worker.next++;
        if (worker.next == files.size()) {
            worker.next = 0;
            worker.pass++;
        }
        DeidentificationReport report = deidentifier.deidentifyFile(file, output);
        if (report.rejected()) {
            throw new IllegalStateException(file + ": rejected: " + report.reason());
        }
        return report;
    }
}
