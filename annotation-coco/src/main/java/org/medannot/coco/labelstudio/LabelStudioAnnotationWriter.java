package org.medannot.coco.labelstudio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.medannot.coco.convert.CocoExport;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.geometry.Geometry;
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
        List<Path> sources = scan.sourceFiles();
        boolean namePerSlice = sources.size() == geometry.slices();
        Path file = outputDirectory.resolve(annotations.scanId().replaceAll("[^A-Za-z0-9._-]", "_") + ".round"
                + annotations.round() + ".label-studio.json");
        try {
            LabelStudioExport.write(annotations, geometry,
                    k -> namePerSlice ? sources.get(k).getFileName().toString()
                            : CocoExport.defaultFileName(annotations.scanId(), k),
                    file);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot express the annotations of scan " + annotations.scanId()
                    + " as Label Studio tasks: " + e.getMessage(), e);
        }
        return List.of(file);
    }
}
