package org.medannot.examples.cli;

import org.medannot.core.annotation.Annotation;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;

/** Turns the mask annotations of a round back into one label map (label value = category id). */
final class PipelineLabels {

    private PipelineLabels() {
    }

    /**
     * Returns a label map on {@code geometry} with each mask annotation painted with its category
     * id; where masks overlap, the later annotation wins. Annotations of other shapes are left out.
     */
    static LabelMap toLabelMap(AnnotationSet annotations, Geometry geometry) {
        LabelMap labels = LabelMap.of(geometry);
        for (Annotation annotation : annotations.annotations()) {
            if (annotation.shape() instanceof Mask mask) {
                labels.paint(mask, annotation.category().id());
            }
        }
        return labels;
    }
}
