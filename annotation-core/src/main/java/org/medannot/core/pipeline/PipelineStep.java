package org.medannot.core.pipeline;

/** The steps of an {@link AnnotationPipeline} run, in order. */
public enum PipelineStep {
    /** Reading files into scans. */
    READ,
    /** Removing patient identifiers. */
    DEIDENTIFY,
    /** Intensity normalization and resampling. */
    NORMALIZE,
    /** Running the segmentation backend. */
    SEGMENT,
    /** Writing annotations in each format. */
    WRITE,
    /** Comparing with reference labels. */
    EVALUATE
}
