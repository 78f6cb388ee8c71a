package org.medannot.core.spi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.medannot.core.annotation.Annotation;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.annotation.Category;
import org.medannot.core.annotation.Provenance;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;

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
     * Turns the result into review round 1 of {@code scanId}: one mask annotation per segment
     * whose mask is not empty, with id {@code label-<label value>}, the segment's score, and the
     * model as provenance at {@code time}.
     */
    public AnnotationSet toFirstRound(String scanId, Instant time) {
        Provenance provenance = Provenance.model(modelName, modelVersion, time, scanId);
        List<Annotation> annotations = new ArrayList<>();
        for (Segment segment : segments) {
            Mask mask = labels.mask(segment.category().id());
            if (!mask.isEmpty()) {
                annotations.add(new Annotation("label-" + segment.category().id(), segment.category(), mask,
                        segment.score(), provenance));
            }
        }
        return AnnotationSet.firstRound(scanId, annotations);
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
