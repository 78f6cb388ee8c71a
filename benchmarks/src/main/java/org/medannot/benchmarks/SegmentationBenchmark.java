package org.medannot.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.medannot.core.spi.SegmentationException;
import org.medannot.core.spi.SegmentationRequest;
import org.medannot.core.spi.SegmentationResult;
import org.medannot.core.volume.Volume;
import org.medannot.dicom.series.DicomScanReader;
import org.medannot.inference.classical.ClassicalPreset;
import org.medannot.inference.classical.ClassicalSegmentationBackend;
import org.medannot.inference.onnx.OnnxSegmentationBackend;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * Segmentation of the bundled 20-slice CT series (512x512x20):
 * <ul>
 * <li>{@code unetBackend}: the bundled U-Net through {@link OnnxSegmentationBackend} (resampling
 *     to the model's 3 mm grid, window, batches of 4, arg-max, resampling back);</li>
 * <li>{@code unetBareSession}: the same model through a bare {@code OrtSession.run} loop on
 *     tensors of the shape the backend feeds it (20 slices of 176x176 in batches of 4), which is
 *     the floor the backend's overhead is measured against;</li>
 * <li>{@code classicalBody} and {@code classicalBone}: the classical default's presets; voxels per
 *     second is 5,242,880 divided by the time.</li>
 * </ul>
 * Run from the repository root, which contains {@code examples/}.
 *
 * <p>{@link #main} measures the backend's overhead over the bare session with the two jobs
 * alternating in one process, so that the load of a shared machine falls on both alike.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class SegmentationBenchmark {

    private static final Path MODEL = Path.of("examples/models/liver-spleen-unet2d.onnx");
    private static final int SLICES = 20;
    private static final int BATCH = 4;
    private static final int SIZE = 176;

    private Volume ct;
    private OnnxSegmentationBackend unet;
    private ClassicalSegmentationBackend body;
    private ClassicalSegmentationBackend bone;
    private OrtSession session;
    private OnnxTensor[] batches;

    @Setup
    public void setUp() throws IOException, SegmentationException, OrtException {
        ct = new DicomScanReader().read(Path.of("examples/data/ct-abdomen-siemens-20sl/dicom")).get(0).volume();
        unet = OnnxSegmentationBackend.builder(MODEL).intraOpThreads(1).interOpThreads(1).build();
        body = ClassicalSegmentationBackend.builder().preset(ClassicalPreset.BODY).build();
        bone = ClassicalSegmentationBackend.builder().preset(ClassicalPreset.BONE).build();

        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        session = environment.createSession(MODEL.toString(), options);
        SplittableRandom random = new SplittableRandom(5);
        batches = new OnnxTensor[SLICES / BATCH];
        for (int b = 0; b < batches.length; b++) {
            float[] values = new float[BATCH * SIZE * SIZE];
            for (int n = 0; n < values.length; n++) {
                values[n] = (float) random.nextDouble();
            }
            batches[b] = OnnxTensor.createTensor(environment, FloatBuffer.wrap(values), new long[] {BATCH, 1, SIZE, SIZE});
        }
    }

    @TearDown
    public void tearDown() throws OrtException {
        for (OnnxTensor tensor : batches) {
            tensor.close();
        }
        session.close();
        unet.close();
    }

    @Benchmark
    public SegmentationResult unetBackend() throws SegmentationException {
        return unet.segment(ct, SegmentationRequest.automatic());
    }

    @Benchmark
    public long unetBareSession() throws OrtException {
        long elements = 0;
        String input = session.getInputNames().iterator().next();
        for (OnnxTensor batch : batches) {
            try (OrtSession.Result result = session.run(Map.of(input, batch))) {
                elements += ((OnnxTensor) result.get(0)).getInfo().getShape()[0];
            }
        }
        return elements;
    }

    /**
     * Runs {@code unetBackend} and {@code unetBareSession} alternately, after 10 warm-up rounds, and
     * prints the median and minimum time of each and their ratios.
     *
     * @param args the number of measured rounds (default 40)
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int warmup = 10;
        SegmentationBenchmark benchmark = new SegmentationBenchmark();
        benchmark.setUp();
        long[] backend = new long[rounds];
        long[] bare = new long[rounds];
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        try {
            for (int round = 0; round < warmup + rounds; round++) {
                long start = System.nanoTime();
                benchmark.unetBackend();
                long backendEnd = System.nanoTime();
                benchmark.unetBareSession();
                long bareEnd = System.nanoTime();
                if (round >= warmup) {
                    backend[round - warmup] = backendEnd - start;
                    bare[round - warmup] = bareEnd - backendEnd;
                }
            }
        } finally {
            benchmark.tearDown();
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Arrays.sort(backend);
        Arrays.sort(bare);
        double backendMedian = backend[rounds / 2] / 1e6;
        double bareMedian = bare[rounds / 2] / 1e6;
        System.out.printf(Locale.ROOT, "%d rounds, load average %.2f before and %.2f after%n", rounds, loadBefore,
                loadAfter);
        System.out.printf(Locale.ROOT, "unetBackend     median %.1f ms, minimum %.1f ms%n", backendMedian,
                backend[0] / 1e6);
        System.out.printf(Locale.ROOT, "unetBareSession median %.1f ms, minimum %.1f ms%n", bareMedian, bare[0] / 1e6);
        System.out.printf(Locale.ROOT, "backend / bare: %.3f of the medians, %.3f of the minima%n",
                backendMedian / bareMedian, (double) backend[0] / bare[0]);
    }

    @Benchmark
    public SegmentationResult classicalBody() throws SegmentationException {
        return body.segment(ct, SegmentationRequest.automatic());
    }

    @Benchmark
    public SegmentationResult classicalBone() throws SegmentationException {
        return bone.segment(ct, SegmentationRequest.automatic());
    }
}
