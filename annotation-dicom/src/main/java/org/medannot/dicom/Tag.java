package org.medannot.dicom;

/**
 * Data element tags used by this module, as 32-bit integers {@code (group << 16) | element}
 * (DICOM PS3.6), and helpers to print and classify them. Other tags can be looked up by keyword
 * with {@link ElementDictionary#tagOf(String)}.
 */
public final class Tag {

    private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();

    public static final int FILE_META_INFORMATION_GROUP_LENGTH = 0x00020000;
    public static final int MEDIA_STORAGE_SOP_CLASS_UID = 0x00020002;
    public static final int MEDIA_STORAGE_SOP_INSTANCE_UID = 0x00020003;
    public static final int TRANSFER_SYNTAX_UID = 0x00020010;
    public static final int SPECIFIC_CHARACTER_SET = 0x00080005;
    public static final int IMAGE_TYPE = 0x00080008;
    public static final int SOP_CLASS_UID = 0x00080016;
    public static final int SOP_INSTANCE_UID = 0x00080018;
    public static final int MODALITY = 0x00080060;
    public static final int PATIENT_NAME = 0x00100010;
    public static final int SLICE_THICKNESS = 0x00180050;
    public static final int SPACING_BETWEEN_SLICES = 0x00180088;
    public static final int GANTRY_DETECTOR_TILT = 0x00181120;
    public static final int STUDY_INSTANCE_UID = 0x0020000D;
    public static final int SERIES_INSTANCE_UID = 0x0020000E;
    public static final int SERIES_NUMBER = 0x00200011;
    public static final int ACQUISITION_NUMBER = 0x00200012;
    public static final int INSTANCE_NUMBER = 0x00200013;
    public static final int IMAGE_POSITION_PATIENT = 0x00200032;
    public static final int IMAGE_ORIENTATION_PATIENT = 0x00200037;
    public static final int FRAME_OF_REFERENCE_UID = 0x00200052;
    public static final int SAMPLES_PER_PIXEL = 0x00280002;
    public static final int PHOTOMETRIC_INTERPRETATION = 0x00280004;
    public static final int PLANAR_CONFIGURATION = 0x00280006;
    public static final int NUMBER_OF_FRAMES = 0x00280008;
    public static final int ROWS = 0x00280010;
    public static final int COLUMNS = 0x00280011;
    public static final int PIXEL_SPACING = 0x00280030;
    public static final int BITS_ALLOCATED = 0x00280100;
    public static final int BITS_STORED = 0x00280101;
    public static final int HIGH_BIT = 0x00280102;
    public static final int PIXEL_REPRESENTATION = 0x00280103;
    public static final int RESCALE_INTERCEPT = 0x00281052;
    public static final int RESCALE_SLOPE = 0x00281053;
    public static final int RED_PALETTE_LUT_DESCRIPTOR = 0x00281101;
    public static final int GREEN_PALETTE_LUT_DESCRIPTOR = 0x00281102;
    public static final int BLUE_PALETTE_LUT_DESCRIPTOR = 0x00281103;
    public static final int RED_PALETTE_LUT_DATA = 0x00281201;
    public static final int GREEN_PALETTE_LUT_DATA = 0x00281202;
    public static final int BLUE_PALETTE_LUT_DATA = 0x00281203;
    public static final int SEGMENTED_RED_PALETTE_LUT_DATA = 0x00281221;
    public static final int SEGMENTED_GREEN_PALETTE_LUT_DATA = 0x00281222;
    public static final int SEGMENTED_BLUE_PALETTE_LUT_DATA = 0x00281223;
    public static final int PIXEL_MEASURES_SEQUENCE = 0x00289110;
    public static final int PIXEL_VALUE_TRANSFORMATION_SEQUENCE = 0x00289145;
    public static final int PLANE_POSITION_SEQUENCE = 0x00209113;
    public static final int PLANE_ORIENTATION_SEQUENCE = 0x00209116;
    public static final int FRAME_CONTENT_SEQUENCE = 0x00209111;
    public static final int SHARED_FUNCTIONAL_GROUPS_SEQUENCE = 0x52009229;
    public static final int PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE = 0x52009230;
    public static final int EXTENDED_OFFSET_TABLE = 0x7FE00001;
    public static final int EXTENDED_OFFSET_TABLE_LENGTHS = 0x7FE00002;
    public static final int FLOAT_PIXEL_DATA = 0x7FE00008;
    public static final int DOUBLE_FLOAT_PIXEL_DATA = 0x7FE00009;
    public static final int PIXEL_DATA = 0x7FE00010;
    public static final int ITEM = 0xFFFEE000;
    public static final int ITEM_DELIMITATION_ITEM = 0xFFFEE00D;
    public static final int SEQUENCE_DELIMITATION_ITEM = 0xFFFEE0DD;

    private Tag() {
    }

    public static int group(int tag) {
        return tag >>> 16;
    }

    public static int element(int tag) {
        return tag & 0xFFFF;
    }

    /** Whether the tag is in an odd (private) group, PS3.5 section 7.8. */
    public static boolean isPrivate(int tag) {
        return (group(tag) & 1) == 1 && group(tag) > 8;
    }

    /** Whether the tag is a Private Creator element (gggg,0010-00FF) of an odd group. */
    public static boolean isPrivateCreator(int tag) {
        return isPrivate(tag) && element(tag) >= 0x10 && element(tag) <= 0xFF;
    }

    /** Formats the tag as {@code (gggg,eeee)} in upper-case hex. */
    public static String toString(int tag) {
        // Formatted by hand because readers and the de-identifier build such strings per element.
        char[] text = new char[11];
        text[0] = '(';
        text[5] = ',';
        text[10] = ')';
        for (int n = 0; n < 8; n++) {
            int digit = (tag >>> (28 - 4 * n)) & 0xF;
            text[n < 4 ? 1 + n : 2 + n] = HEX_DIGITS[digit];
        }
        return new String(text);
    }

    /** Formats the tag with its keyword when the dictionary has one: {@code (0028,0010) Rows}. */
    public static String describe(int tag) {
        String keyword = ElementDictionary.keywordOf(tag);
        return keyword == null ? toString(tag) : toString(tag) + " " + keyword;
    }
}
