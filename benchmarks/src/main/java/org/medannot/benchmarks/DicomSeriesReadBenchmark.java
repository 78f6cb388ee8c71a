package org.medannot.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.medannot.core.spi.Scan;
import org.medannot.dicom.series.DicomScanReader;
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
 * Reads and decodes a CT series folder into a Volume (grouping, sorting, pixel decoding, Modality
 * LUT). Slices per second is the series' slice count divided by the time per operation.
 *
 * <p>{@code -p series=PATH} names the folder; the default is the bundled 20-slice JPEG 2000 CT
 * series, relative to the repository root.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class DicomSeriesReadBenchmark {

    @Param({"examples/data/ct-abdomen-siemens-20sl/dicom"})
    public String series;

    private Path folder;
    private DicomScanReader reader;

    @Setup
    public void setUp() throws IOException {
        folder = Path.of(series);
        if (!Files.isDirectory(folder)) {
            throw new IOException("series folder not found: " + folder.toAbsolutePath()
                    + "; run from the repository root or pass -p series=PATH");
        }
        reader = new DicomScanReader();
    }

    @Benchmark
    public List<Scan> readSeries() throws IOException {
        return reader.read(folder);
    }
}
