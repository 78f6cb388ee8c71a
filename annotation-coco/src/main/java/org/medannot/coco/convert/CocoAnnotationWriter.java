package org.medannot.coco.convert;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

import org.medannot.coco.CocoFormatException;
import org.medannot.coco.json.CocoWriter;
import org.medannot.coco.model.CocoDataset;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.output.OutputSink;
import org.medannot.core.spi.AnnotationWriter;
import org.medannot.core.spi.Scan;

/**
 * Writes a round of annotations as a COCO instances file {@code <scanId>.round<r>.coco.json}, one
 * COCO image per slice (see {@link CocoExport}). Image file names are the scan's source file
 * names when there is one per slice, else {@code <scanId>_<k>.png}.
 *
 * <p>Thread-safe, because it has no state.
 */
public final class CocoAnnotationWriter implements AnnotationWriter {

    @Override
    public String format() {
        return "coco";
    }

    @Override
    public List<Path> write(AnnotationSet annotations, Scan scan, Path outputDirectory) throws IOException {
        CocoDataset dataset = dataset(annotations, scan);
        Path file = outputDirectory.resolve(fileName(annotations, "coco.json"));
        try {
            CocoWriter.write(dataset, file);
        } catch (CocoFormatException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        return List.of(file);
    }

    /** Writes {@code <scanId>.round<r>.coco.json} through {@code output}. */
    @Override
    public List<Path> write(AnnotationSet annotations, Scan scan, OutputSink output) throws IOException {
        return List.of(output.write(fileName(annotations, "coco.json"), out -> write(annotations, scan, out)));
    }

    /** Writes the COCO instances file of a round to {@code out}, which stays open. */
    public void write(AnnotationSet annotations, Scan scan, OutputStream out) throws IOException {
        CocoDataset dataset = dataset(annotations, scan);
        try {
            CocoWriter.write(dataset, out);
        } catch (CocoFormatException e) {
            throw new IOException("COCO file of scan " + annotations.scanId() + ": " + e.getMessage(), e);
        }
    }

    private static CocoDataset dataset(AnnotationSet annotations, Scan scan) throws IOException {
        Geometry geometry = scan.volume().geometry();
        List<Path> sources = scan.sourceFiles();
        boolean namePerSlice = sources.size() == geometry.slices();
        try {
            return CocoExport.toDataset(annotations, geometry,
                    k -> namePerSlice ? sources.get(k).getFileName().toString()
                            : CocoExport.defaultFileName(annotations.scanId(), k),
                    k -> null);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot express the annotations of scan " + annotations.scanId() + " in COCO: "
                    + e.getMessage(), e);
        }
    }

    /** Returns {@code <scanId>.round<r>.<suffix>} with unsafe file name characters replaced by '_'. */
    static String fileName(AnnotationSet annotations, String suffix) {
        return annotations.scanId().replaceAll("[^A-Za-z0-9._-]", "_") + ".round" + annotations.round() + "." + suffix;
    }
}
