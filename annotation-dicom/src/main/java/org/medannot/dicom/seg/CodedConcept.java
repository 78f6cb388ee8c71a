package org.medannot.dicom.seg;

import java.util.Objects;

import org.medannot.dicom.Attributes;

/**
 * A coded concept of a Code Sequence item (PS3.3 section 8.8): Code Value, Coding Scheme
 * Designator and Code Meaning, for example {@code (10200004, SCT, "Liver")}.
 *
 * @param value Code Value (0008,0100), or Long Code Value (0008,0119) when that is the one present
 * @param scheme Coding Scheme Designator (0008,0102), such as "SCT" or "DCM"
 * @param meaning Code Meaning (0008,0104)
 */
public record CodedConcept(String value, String scheme, String meaning) {

    static final int CODE_VALUE = 0x00080100;
    static final int CODING_SCHEME_DESIGNATOR = 0x00080102;
    static final int CODE_MEANING = 0x00080104;
    static final int LONG_CODE_VALUE = 0x00080119;

    public CodedConcept {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(meaning, "meaning");
    }

    /** Reads the concept of a Code Sequence item; returns null for a null item. */
    public static CodedConcept of(Attributes item) {
        if (item == null) {
            return null;
        }
        String value = item.getString(CODE_VALUE, item.getString(LONG_CODE_VALUE, ""));
        return new CodedConcept(value, item.getString(CODING_SCHEME_DESIGNATOR, ""), item.getString(CODE_MEANING, ""));
    }

    @Override
    public String toString() {
        return "(" + value + ", " + scheme + ", \"" + meaning + "\")";
    }
}
