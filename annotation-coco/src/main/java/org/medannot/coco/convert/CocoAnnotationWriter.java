package org.medannot.coco.convert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.medannot.coco.CocoFormatException;
import org.medannot.coco.json.CocoWriter;
import org.medannot.coco.model.CocoDataset;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.geometry.Geometry;
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
        Geometry geometry = scan.volume().geometry();
        List<Path> sources = scan.sourceFiles();
        boolean namePerSlice = sources.size() == geometry.slices();
        CocoDataset dataset;
        try {
            dataset = CocoExport.toDataset(annotations, geometry,
                    k -> namePerSlice ? sources.get(k).getFileName().toString()
                            : CocoExport.defaultFileName(annotations.scanId(), k),
                    k -> null);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot express the annotations of scan " + annotations.scanId() + " in COCO: "
                    + e.getMessage(), e);
        }
        Path file = outputDirectory.resolve(fileName(annotations, "coco.json"));
        try {
            CocoWriter.write(dataset, file);
        } catch (CocoFormatException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        return List.of(file);
    }

    /** Returns {@code <scanId>.round<r>.<suffix>} with unsafe file name characters replaced by '_'. */
    static String fileName(AnnotationSet annotations, String suffix) {
        return annotations.scanId().replaceAll("[^A-Za-z0-9._-]", "_") + ".round" + annotations.round() + "." + suffix;
    }
}
