package org.medannot.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.Mask;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Intersection, union and IoU of two 512x512x300 bit-packed masks (78.6 million voxels, 9.8 MB
 * of packed words each). Throughput in GB/s of packed data is
 * {@code 2 * 9.83 MB / time per operation}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class MaskBenchmark {

    private Mask reference;
    private Mask prediction;

    @Setup
    public void setUp() {
        Geometry geometry = Geometry.of(512, 512, 300, new double[] {0.8, 0.8, 1.5}, new double[3],
                Geometry.identityDirection());
        reference = BenchmarkData.sphere(geometry, 256, 256, 150, 120);
        prediction = BenchmarkData.sphere(geometry, 266, 250, 145, 118);
        // Sprinkle noise so the words are not all-zero or all-one runs.
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 200_000; n++) {
            prediction.set(random.nextInt(geometry.voxelCount()), true);
        }
    }

    @Benchmark
    public long intersectionCount() {
        return reference.intersectionCount(prediction);
    }

    @Benchmark
    public long unionCount() {
        return reference.unionCount(prediction);
    }

    @Benchmark
    public double iou() {
        return reference.iou(prediction);
    }
}
