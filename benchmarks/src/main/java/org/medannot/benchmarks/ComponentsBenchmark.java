package org.medannot.benchmarks;

import java.util.concurrent.TimeUnit;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.Mask;
import org.medannot.core.ops.ComponentLabels;
import org.medannot.core.ops.ConnectedComponents;
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
 * 26-connected component labelling of a 512x512x300 mask: the bone-like ring and soft-tissue
 * blobs of the synthetic CT volume thresholded at 300 HU, so that the mask has many components
 * of mixed size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx6g"})
public class ComponentsBenchmark {

    private Mask mask;

    @Setup
    public void setUp() {
        Geometry geometry = Geometry.of(512, 512, 300, new double[] {0.8, 0.8, 1.5}, new double[3],
                Geometry.identityDirection());
        short[] values = BenchmarkData.ctLike(geometry, 11).array();
        mask = new Mask(geometry);
        for (int n = 0; n < values.length; n++) {
            // Bone ring plus sparse bright voxels inside, about 1 in 1000.
            if (values[n] >= 300 || (values[n] > 68 && n % 7 == 0)) {
                mask.set(n, true);
            }
        }
    }

    @Benchmark
    public ComponentLabels label26() {
        return ConnectedComponents.label(mask, 26);
    }
}
