package org.medannot.dicom.seg;

import java.util.Objects;
import java.util.Set;

import org.medannot.core.annotation.Category;
import org.medannot.core.annotation.Provenance;
import org.medannot.core.annotation.ProducerKind;

/**
 * The content of one Segment Sequence item that the SEG writer writes (PS3.3 section C.8.20.2).
 *
 * @param number Segment Number, 1..65535, unique within a SEG
 * @param label Segment Label, not empty
 * @param category Segmented Property Category
 * @param type Segmented Property Type
 * @param algorithmType AUTOMATIC, SEMIAUTOMATIC or MANUAL
 * @param algorithmName Segment Algorithm Name; required unless the type is MANUAL, and ignored then
 */
public record SegmentSpec(int number, String label, CodedConcept category, CodedConcept type, String algorithmType,
        String algorithmName) {

    private static final Set<String> ALGORITHM_TYPES = Set.of("AUTOMATIC", "SEMIAUTOMATIC", "MANUAL");

    public SegmentSpec {
        if (number < 1 || number > 0xFFFF) {
            throw new IllegalArgumentException("number must be in 1..65535, but was " + number);
        }
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("label must not be empty (segment " + number + ")");
        }
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(type, "type");
        if (!ALGORITHM_TYPES.contains(algorithmType)) {
            throw new IllegalArgumentException("algorithmType must be one of " + ALGORITHM_TYPES + ", but was " + algorithmType
                    + " (segment " + number + ")");
        }
        algorithmName = algorithmName == null ? "" : algorithmName;
        if (!algorithmType.equals("MANUAL") && algorithmName.isBlank()) {
            throw new IllegalArgumentException("algorithmName must not be empty for a " + algorithmType + " segment (segment "
                    + number + ")");
        }
    }

    /** Creates a spec whose codes come from {@link SegmentCodes#forName(String)} on the label. */
    public static SegmentSpec of(int number, String label, String algorithmType, String algorithmName) {
        SegmentCodes.Codes codes = SegmentCodes.forName(label);
        return new SegmentSpec(number, label, codes.category(), codes.type(), algorithmType, algorithmName);
    }

    /**
     * Creates a spec from an annotation's category and provenance: a MODEL producer gives
     * AUTOMATIC with the producer id and version as the algorithm name, a PERSON gives MANUAL.
     * The label is the category name and the codes come from it.
     */
    public static SegmentSpec of(int number, Category category, Provenance provenance) {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(provenance, "provenance");
        if (provenance.kind() == ProducerKind.MODEL) {
            String version = provenance.producerVersion() == null || provenance.producerVersion().isBlank()
                    ? "" : " " + provenance.producerVersion();
            return of(number, category.name(), "AUTOMATIC", provenance.producerId() + version);
        }
        return of(number, category.name(), "MANUAL", "");
    }

    /** Returns a copy with other codes, overriding those found from the label. */
    public SegmentSpec withCodes(CodedConcept newCategory, CodedConcept newType) {
        return new SegmentSpec(number, label, newCategory, newType, algorithmType, algorithmName);
    }
}
