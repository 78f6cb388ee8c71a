package org.medannot.core.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.medannot.core.annotation.AnnotationSet;

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
}
