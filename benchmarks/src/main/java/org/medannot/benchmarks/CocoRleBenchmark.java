package org.medannot.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.medannot.coco.polygon.CocoPolygons;
import org.medannot.coco.rle.Rle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * COCO RLE jobs on 1000 masks of 512x512, the same jobs as the pycocotools reference times of
 * the COCO test fixtures: encode, decode, area, bounding box, IoU of 100x100 RLEs, and
 * rasterization of 1000 polygons. Each benchmark method processes the whole batch, so its time
 * compares directly with pycocotools' time for the batch.
 *
 * <p>Masks are thresholded sums of random sinusoids covering 5-40% of the image with ragged
 * borders, about 5,000 runs per mask (the reference inputs have about 6,400).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class CocoRleBenchmark {

    private static final int SIZE = 512;
    private static final int MASKS = 1000;

    private final List<byte[]> masks = new ArrayList<>();
    private final List<Rle> rles = new ArrayList<>();
    private final List<double[]> polygons = new ArrayList<>();
    private List<Rle> first100;
    private List<Rle> second100;
    private boolean[] notCrowd;
    private long totalRuns;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(2026);
        for (int n = 0; n < MASKS; n++) {
            byte[] mask = blob(random);
            masks.add(mask);
            Rle rle = Rle.encode(mask, SIZE, SIZE);
            rles.add(rle);
            totalRuns += rle.runCount();
            polygons.add(polygon(random));
        }
        first100 = rles.subList(0, 100);
        second100 = rles.subList(100, 200);
        notCrowd = new boolean[100];
    }

    /** Mean runs per mask, printed once so that the input can be compared with the reference's. */
    public double meanRuns() {
        return (double) totalRuns / MASKS;
    }

    private static byte[] blob(SplittableRandom random) {
        double[] ax = new double[4];
        double[] ay = new double[4];
        double[] phase = new double[4];
        for (int t = 0; t < 4; t++) {
            ax[t] = (random.nextDouble() - 0.5) * 0.06;
            ay[t] = (random.nextDouble() - 0.5) * 0.06;
            phase[t] = random.nextDouble() * 6.283;
        }
        double threshold = 0.9 + random.nextDouble() * 1.2;
        byte[] mask = new byte[SIZE * SIZE];
        for (int x = 0; x < SIZE; x++) {
            for (int y = 0; y < SIZE; y++) {
                double value = 0;
                for (int t = 0; t < 4; t++) {
                    value += Math.sin(ax[t] * x + ay[t] * y + phase[t]);
                }
                // Column-major, as COCO RLE reads it; a little noise makes the borders ragged.
                mask[x * SIZE + y] = (byte) (value + random.nextDouble() * 0.3 > threshold ? 1 : 0);
            }
        }
        return mask;
    }

    private static double[] polygon(SplittableRandom random) {
        int points = 20;
        double cx = 100 + random.nextDouble() * 312;
        double cy = 100 + random.nextDouble() * 312;
        double[] xy = new double[2 * points];
        for (int p = 0; p < points; p++) {
            double angle = 2 * Math.PI * p / points;
            double radius = 30 + random.nextDouble() * 60;
            xy[2 * p] = cx + radius * Math.cos(angle);
            xy[2 * p + 1] = cy + radius * Math.sin(angle);
        }
        return xy;
    }

    @Benchmark
    public void encode(Blackhole blackhole) {
        for (byte[] mask : masks) {
            blackhole.consume(Rle.encode(mask, SIZE, SIZE));
        }
    }

    @Benchmark
    public void decode(Blackhole blackhole) {
        for (Rle rle : rles) {
            blackhole.consume(rle.decode());
        }
    }

    @Benchmark
    public long area() {
        long sum = 0;
        for (Rle rle : rles) {
            sum += rle.area();
        }
        return sum;
    }

    @Benchmark
    public void toBbox(Blackhole blackhole) {
        for (Rle rle : rles) {
            blackhole.consume(rle.toBbox());
        }
    }

    @Benchmark
    public double[][] iou100x100() {
        return Rle.iou(first100, second100, notCrowd);
    }

    @Benchmark
    public void rasterizePolygons(Blackhole blackhole) {
        for (double[] polygon : polygons) {
            blackhole.consume(CocoPolygons.rasterize(polygon, SIZE, SIZE));
        }
    }
}
