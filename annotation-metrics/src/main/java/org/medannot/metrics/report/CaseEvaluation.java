package org.medannot.metrics.report;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.medannot.metrics.SegmentationScores;

/**
 * The metrics of one case (one reference and one prediction label map).
 *
 * @param caseId an identifier of the case that is not a patient identifier
 * @param labels scores keyed by label id
 */
public record CaseEvaluation(String caseId, Map<Integer, SegmentationScores> labels) {

    /** Copies the map into ascending label order. */
    public CaseEvaluation {
        Objects.requireNonNull(caseId, "caseId");
        labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }
}
