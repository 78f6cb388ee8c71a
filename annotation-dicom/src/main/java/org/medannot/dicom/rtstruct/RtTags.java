package org.medannot.dicom.rtstruct;

/** Tags and UIDs of the RT Structure Set IOD (PS3.3 section A.19) that {@code Tag} does not define. */
final class RtTags {

    static final String RT_STRUCTURE_SET_STORAGE = "1.2.840.10008.5.1.4.1.1.481.3";

    static final int REFERENCED_SOP_INSTANCE_UID = 0x00081155;
    static final int STRUCTURE_SET_LABEL = 0x30060002;
    static final int REFERENCED_FRAME_OF_REFERENCE_SEQUENCE = 0x30060010;
    static final int RT_REFERENCED_STUDY_SEQUENCE = 0x30060012;
    static final int RT_REFERENCED_SERIES_SEQUENCE = 0x30060014;
    static final int CONTOUR_IMAGE_SEQUENCE = 0x30060016;
    static final int STRUCTURE_SET_ROI_SEQUENCE = 0x30060020;
    static final int ROI_NUMBER = 0x30060022;
    static final int REFERENCED_FRAME_OF_REFERENCE_UID = 0x30060024;
    static final int ROI_NAME = 0x30060026;
    static final int ROI_GENERATION_ALGORITHM = 0x30060036;
    static final int ROI_CONTOUR_SEQUENCE = 0x30060039;
    static final int CONTOUR_SEQUENCE = 0x30060040;
    static final int CONTOUR_GEOMETRIC_TYPE = 0x30060042;
    static final int NUMBER_OF_CONTOUR_POINTS = 0x30060046;
    static final int CONTOUR_DATA = 0x30060050;
    static final int REFERENCED_ROI_NUMBER = 0x30060084;

    private RtTags() {
    }
}
