package org.medannot.core.spi;

import java.util.List;
import java.util.Objects;

import org.medannot.core.annotation.Category;
import org.medannot.core.mask.LabelMap;

/**
 * Masks proposed by a backend, as one label map on the input volume's geometry.
 *
 * @param labels        label value per voxel; label values are the categories' ids
 * @param segments      one entry per category the backend can produce, present or not
 * @param modelName     name of the model or algorithm
 * @param modelVersion  version of the model or algorithm
 */
public record SegmentationResult(LabelMap labels, List<Segment> segments, String modelName, String modelVersion) {

    /** Validates and copies the segment list. */
    public SegmentationResult {
        Objects.requireNonNull(labels, "labels");
        segments = List.copyOf(segments);
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
    }

    /**
     * One category of the result with the backend's confidence.
     *
     * @param category the label value and name
     * @param score    confidence in [0, 1] (for example the mean probability inside the mask, or
     *                 the predicted IoU of a promptable model)
     */
    public record Segment(Category category, double score) {
    }
}
