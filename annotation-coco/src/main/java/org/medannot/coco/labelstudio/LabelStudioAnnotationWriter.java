package org.medannot.coco.labelstudio;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;

import org.medannot.coco.convert.CocoExport;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.output.OutputSink;
import org.medannot.core.spi.AnnotationWriter;
import org.medannot.core.spi.Scan;

/**
 * Writes a round of annotations as Label Studio tasks {@code <scanId>.round<r>.label-studio.json}
 * (see {@link LabelStudioExport}). Image references are the scan's source file names when there is
 * one per slice, else {@code <scanId>_<k>.png}.
 *
 * <p>Thread-safe, because it has no state.
 */
public final class LabelStudioAnnotationWriter implements AnnotationWriter {

    @Override
    public String format() {
        return "label-studio";
    }

    @Override
    public List<Path> write(AnnotationSet annotations, Scan scan, Path outputDirectory) throws IOException {
        Geometry geometry = scan.volume().geometry();
        Path file = outputDirectory.resolve(fileName(annotations));
        try {
            LabelStudioExport.write(annotations, geometry, imageNames(annotations, scan), file);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot express the annotations of scan " + annotations.scanId()
                    + " as Label Studio tasks: " + e.getMessage(), e);
        }
        return List.of(file);
    }

    /** Writes {@code <scanId>.round<r>.label-studio.json} through {@code output}. */
    @Override
    public List<Path> write(AnnotationSet annotations, Scan scan, OutputSink output) throws IOException {
        return List.of(output.write(fileName(annotations), out -> write(annotations, scan, out)));
    }

    /** Writes the Label Studio tasks of a round to {@code out}, which stays open. */
    public void write(AnnotationSet annotations, Scan scan, OutputStream out) throws IOException {
        try {
            LabelStudioExport.write(annotations, scan.volume().geometry(), imageNames(annotations, scan), out);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot express the annotations of scan " + annotations.scanId()
                    + " as Label Studio tasks: " + e.getMessage(), e);
        }
    }

    private static String fileName(AnnotationSet annotations) {
        return annotations.scanId().replaceAll("[^A-Za-z0-9._-]", "_") + ".round" + annotations.round() + ".label-studio.json";
    }

    private static IntFunction<String> imageNames(AnnotationSet annotations, Scan scan) {
        List<Path> sources = scan.sourceFiles();
        boolean namePerSlice = sources.size() == scan.volume().geometry().slices();
        return k -> namePerSlice ? sources.get(k).getFileName().toString() : CocoExport.defaultFileName(annotations.scanId(), k);
    }
}
