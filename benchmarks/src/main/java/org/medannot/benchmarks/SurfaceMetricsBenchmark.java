package org.medannot.benchmarks;

import java.util.concurrent.TimeUnit;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.Mask;
import org.medannot.metrics.distance.SurfaceDistances;
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
 * HD95 and normalized surface Dice (2 mm) of two overlapping balls on a 512x512x300 grid with
 * anisotropic spacing 0.8 x 0.8 x 1.5 mm. Each run computes both surfaces and both directed
 * distance sets through the exact Euclidean distance transform, then the percentile and the
 * tolerance count. The same pair is
 * timed with scipy by {@code tools/bench/scipy_surface.py}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx6g"})
public class SurfaceMetricsBenchmark {

    private Mask reference;
    private Mask prediction;

    @Setup
    public void setUp() {
        Geometry geometry = Geometry.of(512, 512, 300, new double[] {0.8, 0.8, 1.5}, new double[3],
                Geometry.identityDirection());
        reference = BenchmarkData.sphere(geometry, 256, 256, 150, 120);
        prediction = BenchmarkData.sphere(geometry, 266, 250, 145, 118);
    }

    @Benchmark
    public double hd95AndSurfaceDice() {
        SurfaceDistances distances = SurfaceDistances.compute(reference, prediction);
        return distances.percentileHausdorff(95) + distances.normalizedSurfaceDice(2.0);
    }
}
