package org.medannot.coco.cvat;

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
 * Writes a round of annotations as "CVAT for images 1.1" XML {@code <scanId>.round<r>.cvat.xml}
 * (see {@link CvatExport}). Image names are the scan's source file names when there is one per
 * slice, else {@code <scanId>_<k>.png}.
 *
 * <p>Thread-safe, because it has no state.
 */
public final class CvatAnnotationWriter implements AnnotationWriter {

    @Override
    public String format() {
        return "cvat";
    }

    @Override
    public List<Path> write(AnnotationSet annotations, Scan scan, Path outputDirectory) throws IOException {
        Geometry geometry = scan.volume().geometry();
        Path file = outputDirectory.resolve(fileName(annotations));
        try {
            CvatExport.write(annotations, geometry, imageNames(annotations, scan), file);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot express the annotations of scan " + annotations.scanId() + " in CVAT XML: "
                    + e.getMessage(), e);
        }
        return List.of(file);
    }

    /** Writes {@code <scanId>.round<r>.cvat.xml} through {@code output}. */
    @Override
    public List<Path> write(AnnotationSet annotations, Scan scan, OutputSink output) throws IOException {
        return List.of(output.write(fileName(annotations), out -> write(annotations, scan, out)));
    }

    /** Writes the CVAT XML of a round to {@code out}, which stays open. */
    public void write(AnnotationSet annotations, Scan scan, OutputStream out) throws IOException {
        try {
            CvatExport.write(annotations, scan.volume().geometry(), imageNames(annotations, scan), out,
                    "CVAT XML of scan " + annotations.scanId());
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot express the annotations of scan " + annotations.scanId() + " in CVAT XML: "
                    + e.getMessage(), e);
        }
    }

    private static String fileName(AnnotationSet annotations) {
        return annotations.scanId().replaceAll("[^A-Za-z0-9._-]", "_") + ".round" + annotations.round() + ".cvat.xml";
    }

    private static IntFunction<String> imageNames(AnnotationSet annotations, Scan scan) {
        List<Path> sources = scan.sourceFiles();
        boolean namePerSlice = sources.size() == scan.volume().geometry().slices();
        return k -> namePerSlice ? sources.get(k).getFileName().toString() : CocoExport.defaultFileName(annotations.scanId(), k);
    }
}
