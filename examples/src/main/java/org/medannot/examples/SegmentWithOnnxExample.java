package org.medannot.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.medannot.core.spi.Scan;
import org.medannot.core.spi.SegmentationBackend;
import org.medannot.core.spi.SegmentationException;
import org.medannot.core.spi.SegmentationRequest;
import org.medannot.core.spi.SegmentationResult;
import org.medannot.dicom.nifti.NiftiWriter;
import org.medannot.inference.onnx.OnnxSegmentationBackend;

/**
 * Segments a DICOM series with an ONNX model of your own and writes the label map as NIfTI.
 *
 * <p>The model needs a descriptor, the {@code .json} file of the same name next to it, that
 * gives its layout, input size, spacing, intensity preprocessing and the label value of each
 * output channel (see {@code examples/models/liver-spleen-unet2d.json}). The backend resamples
 * the scan to the model's spacing, runs it slice by slice or window by window, and returns the
 * labels on the scan's own grid.
 *
 * <pre>java -cp examples/target/annotate.jar org.medannot.examples.SegmentWithOnnxExample SERIES_DIR MODEL.onnx OUT_DIR</pre>
 */
public final class SegmentWithOnnxExample {

    private SegmentWithOnnxExample() {
    }

    /**
     * Segments the series in {@code seriesFolder} with {@code model} and writes
     * {@code outputFolder/labels.nii.gz}.
     *
     * @return the backend's result: the label map on the scan's grid and a score per label
     */
    public static SegmentationResult run(Path seriesFolder, Path model, Path outputFolder)
            throws IOException, SegmentationException {
        Scan scan = ExampleSeries.read(seriesFolder);

        SegmentationResult result;
        try (SegmentationBackend backend = OnnxSegmentationBackend.builder(model).build()) {
            result = backend.segment(scan.volume(), SegmentationRequest.automatic());
        }
        for (SegmentationResult.Segment segment : result.segments()) {
            System.out.printf("%-10s label %d: %d voxels, score %.2f%n", segment.category().name(), segment.category().id(),
                    result.labels().mask(segment.category().id()).count(), segment.score());
        }

        Files.createDirectories(outputFolder);
        Path labels = outputFolder.resolve("labels.nii.gz");
        new NiftiWriter().write(result.labels(), labels);
        System.out.println("wrote " + labels);
        return result;
    }

    /** Arguments: the series folder, the ONNX model and the output folder. */
    public static void main(String[] args) throws IOException, SegmentationException {
        if (args.length != 3) {
            System.err.println("usage: SegmentWithOnnxExample SERIES_DIR MODEL.onnx OUT_DIR");
            System.exit(2);
        }
        run(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
    }
}
