package org.medannot.core.review;

/** Kind of difference of one annotation between two rounds. */
public enum ChangeKind {
    /** Present only in the later round. */
    ADDED,
    /** Present only in the earlier round. */
    REMOVED,
    /** Present in both with a different shape, category, score or provenance. */
    CHANGED
}
