package org.medannot.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.ops.VoiLutFunction;
import org.medannot.core.ops.VoiWindow;
import org.medannot.core.ops.ZScore;
import org.medannot.core.volume.FloatVolume;
import org.medannot.core.volume.ShortVolume;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * VOI window (LINEAR, soft-tissue window 40/400 HU, output [0, 1] float) and z-score of a
 * 512x512x300 signed 16-bit CT-like volume.
 *
 * <p>With {@code -p dataFile=PATH} the volume is read from a raw little-endian int16 file of
 * 512*512*300 values, such as the one {@code tools/bench/numpy_intensity.py} writes, so that the
 * numbers compare with numpy on the same data. Without it the volume is synthesized.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class IntensityBenchmark {

    @Param({""})
    public String dataFile;

    private ShortVolume volume;
    private VoiWindow window;

    @Setup
    public void setUp() throws IOException {
        Geometry geometry = Geometry.of(512, 512, 300, new double[] {0.8, 0.8, 1.5}, new double[3],
                Geometry.identityDirection());
        if (dataFile.isEmpty()) {
            volume = BenchmarkData.ctLike(geometry, 7);
        } else {
            short[] values = new short[geometry.voxelCount()];
            ByteBuffer.wrap(Files.readAllBytes(Path.of(dataFile))).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer()
                    .get(values);
            volume = ShortVolume.signed(geometry, values);
        }
        window = VoiWindow.of(40, 400, VoiLutFunction.LINEAR);
    }

    @Benchmark
    public FloatVolume voiWindow() {
        return window.apply(volume);
    }

    @Benchmark
    public FloatVolume zScore() {
        return ZScore.apply(volume);
    }
}
