package org.medannot.core.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.output.OutputSink;

/**
 * Compares a round of annotations with reference labels and writes a validation report.
 *
 * <p>Implementations must be thread-safe for different output folders.
 */
public interface Evaluator {

    /**
     * Evaluates {@code annotations} of {@code scan} and writes the report into
     * {@code outputDirectory}.
     *
     * @return the files written
     * @throws IOException when the reference cannot be read, does not lie on the scan's grid, or
     *                     the report cannot be written
     */
    List<Path> evaluate(AnnotationSet annotations, Scan scan, Path outputDirectory) throws IOException;

    /**
     * Evaluates {@code annotations} of {@code scan} and writes the report through {@code output}.
     *
     * <p>The default implementation calls {@link #evaluate(AnnotationSet, Scan, Path)} with the
     * sink's folder when the sink is plain, and raises {@link UnsupportedOperationException} for
     * an encrypting sink, because a path-based evaluator would store plaintext.
     *
     * @return the files stored, as {@link OutputSink#location(String)} returns them
     */
    default List<Path> evaluate(AnnotationSet annotations, Scan scan, OutputSink output) throws IOException {
        if (output.encrypts()) {
            throw new UnsupportedOperationException("the evaluator " + getClass().getName()
                    + " writes only to a folder, so it cannot write through an encrypting output sink");
        }
        return evaluate(annotations, scan, output.directory());
    }
}
