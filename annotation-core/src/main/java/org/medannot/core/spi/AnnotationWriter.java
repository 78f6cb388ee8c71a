package org.medannot.core.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.medannot.core.annotation.AnnotationSet;

/**
 * Writes a round of annotations in one file format (COCO JSON, NIfTI label map, DICOM SEG, Label
 * Studio, CVAT). Outputs are written to a temporary file and moved into place.
 *
 * <p>Implementations must be thread-safe for different output folders.
 */
public interface AnnotationWriter {

    /** Short name of the format, such as "coco" or "seg". */
    String format();

    /**
     * Writes {@code annotations} of {@code scan} into {@code outputDirectory}.
     *
     * @return the files written
     * @throws IOException when writing fails or the annotations cannot be expressed in the format
     */
    List<Path> write(AnnotationSet annotations, Scan scan, Path outputDirectory) throws IOException;
}
