package org.medannot.core.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.core.output.OutputSink;
import org.medannot.core.spi.AnnotationWriter;
import org.medannot.core.spi.Deidentifier;
import org.medannot.core.spi.Evaluator;
import org.medannot.core.spi.Normalizer;
import org.medannot.core.spi.PendingScan;
import org.medannot.core.spi.Scan;
import org.medannot.core.spi.ScanReader;
import org.medannot.core.spi.SegmentationBackend;
import org.medannot.core.spi.SegmentationException;
import org.medannot.core.spi.SegmentationRequest;
import org.medannot.core.spi.SegmentationResult;
import org.medannot.core.volume.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main job: read scans, de-identify, normalize, segment, write the annotations in each format
 * and, optionally, evaluate them against reference labels.
 *
 * <p>Every step is an interface passed to the {@link Builder}; steps left out are skipped
 * (reading and segmentation are required). Readers first find the scans from file headers
 * ({@link ScanReader#find}); each worker of a bounded pool then loads one scan's voxels, processes
 * it and lets it go, so a folder of many series holds only the scans in progress. A scan starts
 * only when {@value #WORKING_SET_FACTOR} times its estimated voxel bytes fit into the heap budget
 * beside the scans already running (a scan larger than the whole budget runs alone). A scan that
 * fails is reported in its {@link ScanOutcome}, a scan that cannot be loaded is reported as
 * skipped input, and the others go on. Each scan's outputs
 * go to {@code outputDirectory/<output id>/}, where the output id is the scan id after
 * de-identification with characters outside {@code [A-Za-z0-9._-]} replaced by {@code _}.
 *
 * <p>{@link #run(Path, OutputSink)} sends every output file through an {@link OutputSink}, so
 * with {@link OutputSink#encrypting} no plaintext byte of an output reaches the disk. Every
 * step must then implement its {@code OutputSink} method, because a step that only writes to a
 * folder fails its scan with {@link UnsupportedOperationException}.
 *
 * <p>A pipeline is immutable and may run several times; it does not close the backend, which
 * belongs to the caller.
 */
public final class AnnotationPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(AnnotationPipeline.class);

    /**
     * Heap that processing one scan takes, in multiples of its voxel bytes: the volume, the
     * 16-bit label map of the result and the buffers of the steps.
     */
    public static final int WORKING_SET_FACTOR = 3;

    private final List<ScanReader> readers;
    private final Deidentifier deidentifier;
    private final Normalizer normalizer;
    private final SegmentationBackend backend;
    private final List<AnnotationWriter> writers;
    private final Evaluator evaluator;
    private final PipelineListener listener;
    private final int parallelism;
    private final long heapBudget;
    private final Clock clock;

    private AnnotationPipeline(Builder builder) {
        this.readers = List.copyOf(builder.readers);
        this.deidentifier = builder.deidentifier;
        this.normalizer = builder.normalizer;
        this.backend = builder.backend;
        this.writers = List.copyOf(builder.writers);
        this.evaluator = builder.evaluator;
        this.listener = builder.listener;
        this.parallelism = builder.parallelism;
        this.heapBudget = builder.heapBudget;
        this.clock = builder.clock;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the pipeline on a file or folder.
     *
     * @param input           a file or a folder searched recursively by each reader
     * @param outputDirectory folder for the outputs; created when missing
     * @return the outcome of every scan; {@link PipelineResult#hasFailures()} tells whether any
     *         scan failed or any input was skipped
     * @throws IOException when the input does not exist or the output folder cannot be created
     */
    public PipelineResult run(Path input, Path outputDirectory) throws IOException {
        return run(input, OutputSink.plain(outputDirectory));
    }

    /**
     * Runs the pipeline on a file or folder and stores every output file through {@code output}.
     * Each scan's files go through {@code output.resolve(<output id>)}.
     *
     * @param input  a file or a folder searched recursively by each reader
     * @param output destination of the outputs; its folder is created when missing
     * @return the outcome of every scan, whose files are the paths where the sink stored them
     * @throws IOException when the input does not exist or the output folder cannot be created
     */
    public PipelineResult run(Path input, OutputSink output) throws IOException {
        Objects.requireNonNull(output, "output");
        Path outputDirectory = output.directory();
        Instant start = clock.instant();
        if (!Files.exists(input)) {
            throw new java.nio.file.NoSuchFileException(input.toString(), null, "input not found");
        }
        Files.createDirectories(outputDirectory);
        if (!Files.isWritable(outputDirectory)) {
            throw new java.nio.file.AccessDeniedException(outputDirectory.toString(), null, "output folder is not writable");
        }

        List<String> skipped = Collections.synchronizedList(new ArrayList<>());
        List<PendingScan> scans = findAll(input, skipped);
        listener.scansFound(scans.size());
        LOG.info("Found {} scan(s) in {}", scans.size(), input);

        List<ScanOutcome> outcomes = processAll(scans, output, skipped);
        Duration elapsed = Duration.between(start, clock.instant());
        PipelineResult result = new PipelineResult(outcomes, skipped, elapsed);
        LOG.info("Processed {} of {} scan(s), {} input(s) skipped, {} file(s) written in {} ms",
                result.succeededCount(), outcomes.size(), skipped.size(), result.fileCount(), elapsed.toMillis());
        return result;
    }

    private List<PendingScan> findAll(Path input, List<String> skipped) {
        List<PendingScan> scans = new ArrayList<>();
        for (ScanReader reader : readers) {
            if (Files.isRegularFile(input) && !reader.canRead(input)) {
                continue;
            }
            try {
                scans.addAll(reader.find(input, (file, reason) -> skipped.add(file + ": " + reason)));
            } catch (IOException | RuntimeException e) {
                LOG.warn("Reader {} failed on {}: {}", reader.name(), input, e.getMessage());
                skipped.add(input + ": " + reader.name() + " reader failed: " + e.getMessage());
            }
        }
        return scans;
    }

    private List<ScanOutcome> processAll(List<PendingScan> scans, OutputSink output, List<String> skipped)
            throws IOException {
        if (scans.isEmpty()) {
            return List.of();
        }
        int threads = Math.min(parallelism, scans.size());
        ExecutorService pool = Executors.newFixedThreadPool(threads, new WorkerThreads());
        HeapBudget budget = new HeapBudget(heapBudget);
        try {
            List<Future<List<ScanOutcome>>> futures = new ArrayList<>();
            for (PendingScan scan : scans) {
                futures.add(pool.submit(() -> loadAndProcess(scan, output, budget, skipped)));
            }
            List<ScanOutcome> outcomes = new ArrayList<>();
            for (Future<List<ScanOutcome>> future : futures) {
                outcomes.addAll(future.get());
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("pipeline run was interrupted");
        } catch (ExecutionException e) {
            // process() catches every exception a step throws, so what arrives here is an Error
            // such as OutOfMemoryError, passed on as it is, or a bug in the pipeline itself.
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("pipeline worker failed unexpectedly", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Loads one pending scan once the heap budget admits it and processes each scan it yields; a
     * scan that cannot be loaded is added to {@code skipped} for each of its files.
     */
    private List<ScanOutcome> loadAndProcess(PendingScan pending, OutputSink output, HeapBudget budget,
            List<String> skipped) throws InterruptedException {
        long workingSet = Math.max(0, pending.estimatedVoxelBytes()) * WORKING_SET_FACTOR;
        long granted = budget.acquire(workingSet);
        try {
            listener.stepStarted(pending.id(), PipelineStep.READ);
            List<Scan> loaded;
            try {
                loaded = pending.load();
            } catch (IOException | RuntimeException e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                LOG.warn("Scan {} could not be loaded: {}", safeName(pending.id()), reason);
                for (Path file : pending.sourceFiles()) {
                    skipped.add(file + ": " + reason);
                }
                return List.of();
            }
            List<ScanOutcome> outcomes = new ArrayList<>();
            for (Scan scan : loaded) {
                outcomes.add(process(scan, output));
            }
            return outcomes;
        } finally {
            budget.release(granted);
        }
    }

    private ScanOutcome process(Scan scan, OutputSink output) {
        Path outputDirectory = output.directory();
        Instant start = clock.instant();
        List<Path> files = new ArrayList<>();
        List<String> warnings = new ArrayList<>(scan.warnings());
        String outputId = safeName(scan.id());
        PipelineStep step = PipelineStep.DEIDENTIFY;
        AnnotationSet annotations = null;
        try {
            Scan working = scan;
            if (deidentifier != null) {
                listener.stepStarted(scan.id(), step);
                OutputSink staging = output.resolve(".staging-" + outputId);
                Files.createDirectories(staging.directory());
                working = deidentifier.deidentify(scan, staging);
                outputId = safeName(working.id());
                files.addAll(moveStaged(staging.directory(), outputDirectory.resolve(outputId)));
            }
            OutputSink scanOutput = output.resolve(outputId);
            Files.createDirectories(scanOutput.directory());

            step = PipelineStep.NORMALIZE;
            Volume volume = working.volume();
            if (normalizer != null) {
                listener.stepStarted(scan.id(), step);
                Volume normalized = normalizer.normalize(volume);
                if (!normalized.geometry().sameGrid(volume.geometry(), Mask.GRID_TOLERANCE_MM)) {
                    throw new IllegalStateException("normalizer returned a volume on another grid: "
                            + normalized.geometry().describeDifference(volume.geometry(), Mask.GRID_TOLERANCE_MM)
                            + "; resampling belongs to the segmentation backend");
                }
                volume = normalized;
            }

            step = PipelineStep.SEGMENT;
            listener.stepStarted(scan.id(), step);
            annotations = segment(working, volume);

            step = PipelineStep.WRITE;
            listener.stepStarted(scan.id(), step);
            for (AnnotationWriter writer : writers) {
                files.addAll(writer.write(annotations, working, scanOutput));
            }

            if (evaluator != null) {
                step = PipelineStep.EVALUATE;
                listener.stepStarted(scan.id(), step);
                files.addAll(evaluator.evaluate(annotations, working, scanOutput));
            }
            ScanOutcome outcome = new ScanOutcome(scan.id(), outputId, true, null, null, annotations, files, warnings,
                    Duration.between(start, clock.instant()));
            LOG.info("Scan {}: {} annotation(s), {} file(s) written", outputId, annotations.annotations().size(),
                    files.size());
            listener.scanFinished(outcome);
            return outcome;
        } catch (IOException | SegmentationException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warn("Scan {} failed at step {}: {}", outputId, step, reason);
            ScanOutcome outcome = new ScanOutcome(scan.id(), outputId, false, step, reason, annotations, files, warnings,
                    Duration.between(start, clock.instant()));
            listener.scanFinished(outcome);
            return outcome;
        }
    }

    private AnnotationSet segment(Scan scan, Volume volume) throws SegmentationException {
        SegmentationResult result = backend.segment(volume, SegmentationRequest.automatic());
        LabelMap labels = result.labels();
        if (!labels.geometry().sameGrid(volume.geometry(), Mask.GRID_TOLERANCE_MM)) {
            throw new SegmentationException("backend " + backend.name() + " returned labels on another grid than its input: "
                    + labels.geometry().describeDifference(volume.geometry(), Mask.GRID_TOLERANCE_MM));
        }
        return result.toFirstRound(scan.id(), clock.instant());
    }

    /** Moves everything under {@code staging} into {@code target} and returns the moved files. */
    private static List<Path> moveStaged(Path staging, Path target) throws IOException {
        List<Path> moved = new ArrayList<>();
        Files.createDirectories(target);
        try (var stream = Files.walk(staging)) {
            for (Path source : (Iterable<Path>) stream.sorted()::iterator) {
                Path destination = target.resolve(staging.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.move(source, destination, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    moved.add(destination);
                }
            }
        }
        try (var stream = Files.walk(staging)) {
            for (Path path : (Iterable<Path>) stream.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
        return moved;
    }

    /** Returns {@code id} with every character outside {@code [A-Za-z0-9._-]} replaced by {@code _}. */
    static String safeName(String id) {
        String name = id.replaceAll("[^A-Za-z0-9._-]", "_");
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return "scan";
        }
        return name;
    }

    /** Names worker threads and makes them daemons so that an abandoned run does not keep the JVM alive. */
    private static final class WorkerThreads implements ThreadFactory {
        private final AtomicInteger counter = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "annotation-pipeline-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }

    /** Collects the steps of an {@link AnnotationPipeline}. Not thread-safe. */
    public static final class Builder {

        private final List<ScanReader> readers = new ArrayList<>();
        private Deidentifier deidentifier;
        private Normalizer normalizer;
        private SegmentationBackend backend;
        private final List<AnnotationWriter> writers = new ArrayList<>();
        private Evaluator evaluator;
        private PipelineListener listener = PipelineListener.NONE;
        private int parallelism = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        private long heapBudget = Runtime.getRuntime().maxMemory() / 4 * 3;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Adds a reader; readers are tried in the order added. */
        public Builder reader(ScanReader reader) {
            readers.add(Objects.requireNonNull(reader, "reader"));
            return this;
        }

        /** Sets the de-identification step; without it scans pass through unchanged. */
        public Builder deidentifier(Deidentifier value) {
            this.deidentifier = value;
            return this;
        }

        /** Sets the normalization step; without it the backend receives the volume as read. */
        public Builder normalizer(Normalizer value) {
            this.normalizer = value;
            return this;
        }

        /** Sets the segmentation backend (required). */
        public Builder backend(SegmentationBackend value) {
            this.backend = Objects.requireNonNull(value, "backend");
            return this;
        }

        /** Adds a writer for one output format. */
        public Builder writer(AnnotationWriter writer) {
            writers.add(Objects.requireNonNull(writer, "writer"));
            return this;
        }

        /** Sets the evaluation step; without it no report is written. */
        public Builder evaluator(Evaluator value) {
            this.evaluator = value;
            return this;
        }

        /** Sets the listener for progress events. */
        public Builder listener(PipelineListener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /** Sets the maximum number of scans processed at once (default: processors, at most 4). */
        public Builder parallelism(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("parallelism must be >= 1, but was " + value);
            }
            this.parallelism = value;
            return this;
        }

        /**
         * Sets the heap, in bytes, that the scans in progress may take together, counted as
         * {@value AnnotationPipeline#WORKING_SET_FACTOR} times each scan's estimated voxel bytes
         * (default: three quarters of the maximum heap).
         */
        public Builder heapBudget(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("heap budget must be >= 1 byte, but was " + bytes);
            }
            this.heapBudget = bytes;
            return this;
        }

        /** Sets the clock used for provenance times and durations (default: system UTC). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Builds the pipeline.
         *
         * @throws IllegalStateException when no reader or no backend was set
         */
        public AnnotationPipeline build() {
            if (readers.isEmpty()) {
                throw new IllegalStateException("an annotation pipeline needs at least one reader");
            }
            if (backend == null) {
                throw new IllegalStateException("an annotation pipeline needs a segmentation backend");
            }
            return new AnnotationPipeline(this);
        }
    }
}
