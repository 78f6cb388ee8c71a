package org.medannot.coco.cvat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.medannot.coco.convert.CocoExport;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.geometry.Geometry;
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
        List<Path> sources = scan.sourceFiles();
        boolean namePerSlice = sources.size() == geometry.slices();
        Path file = outputDirectory.resolve(annotations.scanId().replaceAll("[^A-Za-z0-9._-]", "_") + ".round"
                + annotations.round() + ".cvat.xml");
        try {
            CvatExport.write(annotations, geometry,
                    k -> namePerSlice ? sources.get(k).getFileName().toString()
                            : CocoExport.defaultFileName(annotations.scanId(), k),
                    file);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot express the annotations of scan " + annotations.scanId() + " in CVAT XML: "
                    + e.getMessage(), e);
        }
        return List.of(file);
    }
}
