package org.medannot.core.annotation;

/** Who produced an annotation. */
public enum ProducerKind {
    /** A segmentation model or algorithm. */
    MODEL,
    /** A person, for example a reviewer correcting a suggestion. */
    PERSON
}
