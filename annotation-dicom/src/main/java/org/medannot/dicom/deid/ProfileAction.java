package org.medannot.dicom.deid;

/**
 * The confidentiality profile's action on one attribute, after combined codes of PS3.15
 * Table E.1-1 (such as X/Z or X/Z/D) have been resolved. The letters are the table's action codes.
 */
public enum ProfileAction {
    /** X: remove the attribute. */
    REMOVE,
    /** Z: replace the value with a zero-length value (keep the attribute, empty). */
    EMPTY,
    /** D: replace the value with a non-zero-length dummy value consistent with the VR. */
    DUMMY,
    /** K: keep the attribute unchanged (sequences are still processed item by item). */
    KEEP,
    /**
     * C: clean: replace values of similar meaning that carry no identifying information. Under
     * the Modified Dates option, dates are shifted by the patient's offset. Other text is
     * replaced by a dummy.
     */
    CLEAN,
    /** U: replace the UID with one derived from it under the project secret, consistently everywhere. */
    REPLACE_UID,
    /**
     * X/Z/U* on a sequence: keep the sequence and its items so that references survive, and
     * replace every UID inside with its mapped value. Other contents of the items follow their
     * own rows.
     */
    REPLACE_UIDS_IN_ITEMS
}
