package org.medannot.dicom;

/**
 * Value Representations of DICOM PS3.5 section 6.2 (2024 edition), with the facts a reader
 * needs: whether the explicit-VR header uses the 4-byte length form (PS3.5 section 7.1.2),
 * the size of one binary value, and whether values are character strings.
 */
public enum VR {
    AE(false, 0, true), AS(false, 0, true), AT(false, 4, false), CS(false, 0, true),
    DA(false, 0, true), DS(false, 0, true), DT(false, 0, true), FL(false, 4, false),
    FD(false, 8, false), IS(false, 0, true), LO(false, 0, true), LT(false, 0, true),
    OB(true, 1, false), OD(true, 8, false), OF(true, 4, false), OL(true, 4, false),
    OV(true, 8, false), OW(true, 2, false), PN(false, 0, true), SH(false, 0, true),
    SL(false, 4, false), SQ(true, 0, false), SS(false, 2, false), ST(false, 0, true),
    SV(true, 8, false), TM(false, 0, true), UC(true, 0, true), UI(false, 0, true),
    UL(false, 4, false), UN(true, 1, false), UR(true, 0, true), US(false, 2, false),
    UT(true, 0, true), UV(true, 8, false);

    private final boolean longLength;
    private final int valueSize;
    private final boolean text;

    VR(boolean longLength, int valueSize, boolean text) {
        this.longLength = longLength;
        this.valueSize = valueSize;
        this.text = text;
    }

    /** Returns whether the explicit-VR header is 2 reserved bytes plus a 32-bit length (else a 16-bit length). */
    public boolean longLength() {
        return longLength;
    }

    /** Bytes per binary value (2 for US, 8 for FD...), or 0 for strings and SQ. */
    public int valueSize() {
        return valueSize;
    }

    /** Returns whether values are character strings. */
    public boolean isText() {
        return text;
    }

    /** Returns whether the value is one text value that may contain backslashes (LT, ST, UT, UR). */
    public boolean isSingleValuedText() {
        return this == LT || this == ST || this == UT || this == UR;
    }

    /** Returns whether the value is decoded with the Specific Character Set (else it is ASCII). */
    public boolean usesSpecificCharacterSet() {
        return this == SH || this == LO || this == ST || this == LT || this == UC || this == UT || this == PN;
    }

    /** Returns the VR for two ASCII characters, or null when they name no VR of the standard. */
    public static VR of(int first, int second) {
        if (first < 'A' || first > 'Z' || second < 'A' || second > 'Z') {
            return null;
        }
        try {
            return valueOf(new String(new char[] {(char) first, (char) second}));
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }
}
