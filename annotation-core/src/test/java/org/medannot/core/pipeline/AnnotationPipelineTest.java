package org.medannot.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.annotation.Category;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.crypto.KeyFile;
import org.medannot.core.crypto.StreamingEncryption;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.output.OutputSink;
import org.medannot.core.spi.AnnotationWriter;
import org.medannot.core.spi.Scan;
import org.medannot.core.spi.ScanReader;
import org.medannot.core.spi.SegmentationBackend;
import org.medannot.core.spi.SegmentationException;
import org.medannot.core.spi.SegmentationRequest;
import org.medannot.core.spi.SegmentationResult;
import org.medannot.core.volume.FloatVolume;
import org.medannot.core.volume.Volume;

class AnnotationPipelineTest {

    @TempDir
    Path temp;

    /** Serves fixed scans for any input. */
    private record InMemoryReader(List<Scan> scans) implements ScanReader {
        @Override
        public String name() {
            return "memory";
        }

        @Override
        public boolean canRead(Path file) {
            return true;
        }

        @Override
        public List<Scan> read(Path path) {
            return scans;
        }
    }

    /** Labels voxels above a threshold as category 1; fails on volumes whose first voxel is negative. */
    private static final class ThresholdBackend implements SegmentationBackend {
        @Override
        public String name() {
            return "threshold";
        }

        @Override
        public SegmentationResult segment(Volume volume, SegmentationRequest request) throws SegmentationException {
            if (volume.getDouble(0) < 0) {
                throw new SegmentationException("threshold backend rejects volumes starting below zero");
            }
            LabelMap labels = LabelMap.of(volume.geometry());
            for (int n = 0; n < volume.geometry().voxelCount(); n++) {
                if (volume.getDouble(n) > 0.5) {
                    labels.set(n, 1);
                }
            }
            return new SegmentationResult(labels, List.of(new SegmentationResult.Segment(new Category(1, "bright"), 0.8)),
                    "threshold", "1");
        }
    }

    /** Writes the voxel count of each annotation to counts.txt. */
    private static final class CountWriter implements AnnotationWriter {
        @Override
        public String format() {
            return "counts";
        }

        @Override
        public List<Path> write(org.medannot.core.annotation.AnnotationSet annotations, Scan scan, Path outputDirectory)
                throws IOException {
            Path file = outputDirectory.resolve("counts.txt");
            StringBuilder text = new StringBuilder();
            annotations.annotations().forEach(a -> text.append(a.id()).append(' ')
                    .append(((org.medannot.core.mask.Mask) a.shape()).count()).append('\n'));
            Files.writeString(file, text);
            return List.of(file);
        }
    }

    /** Writes counts.txt like {@link CountWriter}, through the output sink. */
    private static final class StreamCountWriter implements AnnotationWriter {
        @Override
        public String format() {
            return "counts";
        }

        @Override
        public List<Path> write(org.medannot.core.annotation.AnnotationSet annotations, Scan scan, Path outputDirectory)
                throws IOException {
            return write(annotations, scan, OutputSink.plain(outputDirectory));
        }

        @Override
        public List<Path> write(org.medannot.core.annotation.AnnotationSet annotations, Scan scan, OutputSink output)
                throws IOException {
            StringBuilder text = new StringBuilder();
            annotations.annotations().forEach(a -> text.append(a.id()).append(' ')
                    .append(((org.medannot.core.mask.Mask) a.shape()).count()).append('\n'));
            return List.of(output.write("counts.txt", text.toString().getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static Scan scan(String id, float first) {
        Geometry geometry = Geometry.of(4, 4, 2, new double[] {1, 1, 1}, new double[3], Geometry.identityDirection());
        float[] values = new float[geometry.voxelCount()];
        values[0] = first;
        values[5] = 1;
        values[17] = 1;
        return new Scan(id, new FloatVolume(geometry, values), Map.of(), List.of(), List.of("tilted"), null);
    }

    /**
     * Finds one pending scan per entry of {@code ids}, each estimated at {@code bytes}; loading
     * records how many scans are loaded and not yet finished, and fails for ids starting "broken".
     */
    private static final class CountingReader implements ScanReader {
        private final List<String> ids;
        private final long bytes;
        private final java.util.concurrent.atomic.AtomicInteger inProgress = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicInteger maxInProgress = new java.util.concurrent.atomic.AtomicInteger();

        CountingReader(List<String> ids, long bytes) {
            this.ids = ids;
            this.bytes = bytes;
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public boolean canRead(Path file) {
            return true;
        }

        @Override
        public List<Scan> read(Path path) {
            throw new AssertionError("the pipeline must find scans, not read them all at once");
        }

        @Override
        public List<org.medannot.core.spi.PendingScan> find(Path path, SkipListener skipped) {
            List<org.medannot.core.spi.PendingScan> pending = new ArrayList<>();
            for (String id : ids) {
                pending.add(new org.medannot.core.spi.PendingScan() {
                    @Override
                    public String id() {
                        return id;
                    }

                    @Override
                    public List<Path> sourceFiles() {
                        return List.of(Path.of(id + ".dat"));
                    }

                    @Override
                    public long estimatedVoxelBytes() {
                        return bytes;
                    }

                    @Override
                    public List<Scan> load() throws IOException {
                        if (id.startsWith("broken")) {
                            throw new IOException(id + ".dat: truncated pixel data");
                        }
                        maxInProgress.accumulateAndGet(inProgress.incrementAndGet(), Math::max);
                        try {
                            // Holds the scan long enough for other workers to start, were they admitted.
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return List.of(scan(id, 0));
                    }
                });
            }
            return pending;
        }
    }

    @Test
    void smallBudgetSerializesScans() throws IOException {
        CountingReader reader = new CountingReader(List.of("a", "b", "c", "d"), 1000);
        AnnotationPipeline pipeline = AnnotationPipeline.builder()
                .reader(reader)
                .backend(new ThresholdBackend())
                .writer(new CountWriter())
                .listener(new PipelineListener() {
                    @Override
                    public void scanFinished(ScanOutcome outcome) {
                        reader.inProgress.decrementAndGet();
                    }
                })
                .parallelism(4)
                .heapBudget(AnnotationPipeline.WORKING_SET_FACTOR * 1000L)
                .build();

        PipelineResult result = pipeline.run(temp, temp.resolve("out"));

        assertThat(result.succeededCount()).isEqualTo(4);
        assertThat(reader.maxInProgress.get()).isEqualTo(1);
    }

    @Test
    void scanLargerThanBudgetStillRuns() throws IOException {
        CountingReader reader = new CountingReader(List.of("huge"), Long.MAX_VALUE / 8);
        AnnotationPipeline pipeline = AnnotationPipeline.builder()
                .reader(reader)
                .backend(new ThresholdBackend())
                .heapBudget(1)
                .build();

        PipelineResult result = pipeline.run(temp, temp.resolve("out"));

        assertThat(result.succeededCount()).isEqualTo(1);
    }

    @Test
    void unloadableScanIsReportedAsSkipped() throws IOException {
        CountingReader reader = new CountingReader(List.of("a", "broken-1", "b"), 10);
        AnnotationPipeline pipeline = AnnotationPipeline.builder()
                .reader(reader)
                .backend(new ThresholdBackend())
                .parallelism(2)
                .build();

        PipelineResult result = pipeline.run(temp, temp.resolve("out"));

        assertThat(result.scans()).extracting(ScanOutcome::scanId).containsExactly("a", "b");
        assertThat(result.skipped()).containsExactly("broken-1.dat: broken-1.dat: truncated pixel data");
        assertThat(result.hasFailures()).isTrue();
    }

    @Test
    void badScanIsSkippedOthersContinue() throws IOException {
        List<ScanOutcome> events = Collections.synchronizedList(new ArrayList<>());
        AnnotationPipeline pipeline = AnnotationPipeline.builder()
                .reader(new InMemoryReader(List.of(scan("1.2.3", 0), scan("bad/../id", -1), scan("4.5.6", 1))))
                .backend(new ThresholdBackend())
                .writer(new CountWriter())
                .listener(new PipelineListener() {
                    @Override
                    public void scanFinished(ScanOutcome outcome) {
                        events.add(outcome);
                    }
                })
                .parallelism(2)
                .build();

        PipelineResult result = pipeline.run(temp, temp.resolve("out"));

        assertThat(result.scans()).extracting(ScanOutcome::scanId).containsExactly("1.2.3", "bad/../id", "4.5.6");
        assertThat(result.succeededCount()).isEqualTo(2);
        assertThat(result.hasFailures()).isTrue();
        ScanOutcome failed = result.scans().get(1);
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.failedStep()).isEqualTo(PipelineStep.SEGMENT);
        assertThat(failed.error()).contains("below zero");
        assertThat(failed.outputId()).isEqualTo("bad_.._id");
        assertThat(Files.readString(temp.resolve("out/1.2.3/counts.txt"))).isEqualTo("label-1 2\n");
        assertThat(Files.readString(temp.resolve("out/4.5.6/counts.txt"))).isEqualTo("label-1 3\n");
        assertThat(result.scans().get(0).warnings()).containsExactly("tilted");
        assertThat(result.fileCount()).isEqualTo(2);
        assertThat(events).hasSize(3);
    }

    @Test
    void normalizerMustKeepGrid() throws IOException {
        AnnotationPipeline pipeline = AnnotationPipeline.builder()
                .reader(new InMemoryReader(List.of(scan("a", 0))))
                .normalizer(volume -> new FloatVolume(Geometry.of2D(2, 2), new float[4]))
                .backend(new ThresholdBackend())
                .build();

        PipelineResult result = pipeline.run(temp, temp.resolve("out"));

        assertThat(result.scans().get(0).failedStep()).isEqualTo(PipelineStep.NORMALIZE);
        assertThat(result.scans().get(0).error()).contains("another grid");
    }

    @Test
    void missingStepsAreRejected() {
        assertThatThrownBy(() -> AnnotationPipeline.builder().backend(new ThresholdBackend()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("reader");
        assertThatThrownBy(() -> AnnotationPipeline.builder().reader(new InMemoryReader(List.of())).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("backend");
        assertThatThrownBy(() -> AnnotationPipeline.builder().parallelism(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    }

    @Test
    void missingInputIsReported() {
        AnnotationPipeline pipeline = AnnotationPipeline.builder().reader(new InMemoryReader(List.of()))
                .backend(new ThresholdBackend()).build();

        assertThatThrownBy(() -> pipeline.run(temp.resolve("absent"), temp.resolve("out")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class).hasMessageContaining("absent");
    }

    @Test
    void encryptingSinkStoresCiphertext() throws IOException {
        KeyFile keys = KeyFile.generate(temp.resolve("keys.txt"), "k1");
        AnnotationPipeline pipeline = AnnotationPipeline.builder()
                .reader(new InMemoryReader(List.of(scan("1.2.3", 0))))
                .backend(new ThresholdBackend())
                .writer(new StreamCountWriter())
                .build();

        PipelineResult result = pipeline.run(temp, OutputSink.encrypting(temp.resolve("out"), keys));

        Path stored = temp.resolve("out/1.2.3/counts.txt.enc").toAbsolutePath();
        assertThat(result.scans().get(0).succeeded()).as(result.scans().get(0).error()).isTrue();
        assertThat(result.scans().get(0).files()).containsExactly(stored);
        assertThat(temp.resolve("out/1.2.3/counts.txt")).doesNotExist();
        try (InputStream in = StreamingEncryption.decrypting(Files.newInputStream(stored), keys, stored.toString())) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("label-1 2\n");
        }
    }

    @Test
    void pathOnlyWriterFailsWhenEncrypting() throws IOException {
        KeyFile keys = KeyFile.generate(temp.resolve("keys.txt"), "k1");
        AnnotationPipeline pipeline = AnnotationPipeline.builder()
                .reader(new InMemoryReader(List.of(scan("1.2.3", 0))))
                .backend(new ThresholdBackend())
                .writer(new CountWriter())
                .build();

        PipelineResult result = pipeline.run(temp, OutputSink.encrypting(temp.resolve("out"), keys));

        ScanOutcome outcome = result.scans().get(0);
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.failedStep()).isEqualTo(PipelineStep.WRITE);
        assertThat(outcome.error()).contains("counts writer").contains("cannot write through an encrypting output sink");
        assertThat(temp.resolve("out/1.2.3/counts.txt")).doesNotExist();
    }
}
