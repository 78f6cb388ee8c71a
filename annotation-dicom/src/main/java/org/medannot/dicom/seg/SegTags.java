package org.medannot.dicom.seg;

/** Tags and UIDs of the Segmentation IOD (PS3.3 section A.51) that {@code Tag} does not define. */
final class SegTags {

    static final String SEGMENTATION_STORAGE = "1.2.840.10008.5.1.4.1.1.66.4";
    static final String LABEL_MAP_SEGMENTATION_STORAGE = "1.2.840.10008.5.1.4.1.1.66.7";

    static final int REFERENCED_SERIES_SEQUENCE = 0x00081115;
    static final int SEGMENTATION_TYPE = 0x00620001;
    static final int SEGMENT_SEQUENCE = 0x00620002;
    static final int SEGMENTED_PROPERTY_CATEGORY_CODE_SEQUENCE = 0x00620003;
    static final int SEGMENT_NUMBER = 0x00620004;
    static final int SEGMENT_LABEL = 0x00620005;
    static final int SEGMENT_ALGORITHM_TYPE = 0x00620008;
    static final int SEGMENT_ALGORITHM_NAME = 0x00620009;
    static final int SEGMENT_IDENTIFICATION_SEQUENCE = 0x0062000A;
    static final int REFERENCED_SEGMENT_NUMBER = 0x0062000B;
    static final int MAXIMUM_FRACTIONAL_VALUE = 0x0062000E;
    static final int SEGMENTED_PROPERTY_TYPE_CODE_SEQUENCE = 0x0062000F;
    static final int PLANE_POSITION_SLIDE_SEQUENCE = 0x0048021A;

    private SegTags() {
    }
}
