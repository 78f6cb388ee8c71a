package org.medannot.dicom.deid;

/**
 * The options of the DICOM Basic Application Level Confidentiality Profile (PS3.15 Annex E,
 * Table E.1-1), each with its code from CID 7050 "De-identification Method" (coding scheme DCM),
 * which is recorded in De-identification Method Code Sequence (0012,0064) when the option is
 * applied.
 */
public enum ProfileOption {
    /** Keeps private attributes on the caller's safe list; all other private attributes are removed. */
    RETAIN_SAFE_PRIVATE("rtnSafePrivOpt", "113111", "Retain Safe Private Option"),
    /** Keeps the original UIDs instead of replacing them. */
    RETAIN_UIDS("rtnUIDsOpt", "113110", "Retain UIDs Option"),
    /** Keeps device identifiers such as Device Serial Number and Station Name. */
    RETAIN_DEVICE_IDENTITY("rtnDevIdOpt", "113109", "Retain Device Identity Option"),
    /** Keeps Institution Name, Address and Department. */
    RETAIN_INSTITUTION_IDENTITY("rtnInstIdOpt", "113112", "Retain Institution Identity Option"),
    /** Keeps sex, age, size, weight and similar characteristics. */
    RETAIN_PATIENT_CHARACTERISTICS("rtnPatCharsOpt", "113108", "Retain Patient Characteristics Option"),
    /** Keeps dates and times unchanged. Excludes {@link #RETAIN_LONGITUDINAL_MODIFIED_DATES}. */
    RETAIN_LONGITUDINAL_FULL_DATES("rtnLongFullDatesOpt", "113106",
            "Retain Longitudinal Temporal Information Full Dates Option"),
    /** Shifts dates by a per-patient offset so that intervals survive. Excludes {@link #RETAIN_LONGITUDINAL_FULL_DATES}. */
    RETAIN_LONGITUDINAL_MODIFIED_DATES("rtnLongModifDatesOpt", "113107",
            "Retain Longitudinal Temporal Information Modified Dates Option"),
    /** Cleans free-text descriptions instead of removing them. */
    CLEAN_DESCRIPTORS("cleanDescOpt", "113105", "Clean Descriptors Option"),
    /** Cleans structured content (SR content items) instead of removing it. */
    CLEAN_STRUCTURED_CONTENT("cleanStructContOpt", "113104", "Clean Structured Content Option"),
    /** Cleans overlays, curves and graphic annotations instead of removing them. */
    CLEAN_GRAPHICS("cleanGraphOpt", "113103", "Clean Graphics Option");

    /** CID 7050 code of the Basic Application Confidentiality Profile itself. */
    public static final String BASIC_PROFILE_CODE = "113100";
    /** Code meaning of {@link #BASIC_PROFILE_CODE}. */
    public static final String BASIC_PROFILE_MEANING = "Basic Application Confidentiality Profile";

    private final String column;
    private final String code;
    private final String meaning;

    ProfileOption(String column, String code, String meaning) {
        this.column = column;
        this.code = code;
        this.meaning = meaning;
    }

    /** Column name of this option in the generated profile table. */
    public String column() {
        return column;
    }

    /** Code value in CID 7050 (coding scheme designator DCM). */
    public String code() {
        return code;
    }

    /** Code meaning in CID 7050. */
    public String meaning() {
        return meaning;
    }

    /** Returns the option whose table column is {@code column}, or {@code null}. */
    static ProfileOption forColumn(String column) {
        for (ProfileOption option : values()) {
            if (option.column.equals(column)) {
                return option;
            }
        }
        return null;
    }
}
