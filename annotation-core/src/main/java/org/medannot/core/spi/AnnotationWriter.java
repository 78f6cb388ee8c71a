package org.medannot.core.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.output.OutputSink;

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

    /**
     * Writes {@code annotations} of {@code scan} through {@code output}, so that an encrypting
     * sink encrypts every byte before it reaches the disk.
     *
     * <p>The default implementation calls {@link #write(AnnotationSet, Scan, Path)} with the
     * sink's folder when the sink is plain, and raises {@link UnsupportedOperationException} for
     * an encrypting sink, because a path-based writer would store plaintext. Writers that can
     * produce a stream override it.
     *
     * @return the files stored, as {@link OutputSink#location(String)} returns them
     * @throws IOException when writing fails or the annotations cannot be expressed in the format
     */
    default List<Path> write(AnnotationSet annotations, Scan scan, OutputSink output) throws IOException {
        if (output.encrypts()) {
            throw new UnsupportedOperationException("the " + format() + " writer " + getClass().getName()
                    + " writes only to a folder, so it cannot write through an encrypting output sink");
        }
        return write(annotations, scan, output.directory());
    }
}
