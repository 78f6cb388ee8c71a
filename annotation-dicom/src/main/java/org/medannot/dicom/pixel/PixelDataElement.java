package org.medannot.dicom.pixel;

import java.util.function.IntPredicate;

import org.medannot.dicom.Attributes;
import org.medannot.dicom.Tag;
import org.medannot.dicom.VR;

/**
 * The three top-level elements that can contain the pixels of an image (PS3.3 sections
 * C.7.6.3, C.7.6.24 and C.7.6.25), of which a data set has one.
 */
public enum PixelDataElement {

    /** Pixel Data (7FE0,0010): integer samples, native or encapsulated. */
    PIXEL_DATA(Tag.PIXEL_DATA, "Pixel Data", null, 0),

    /** Float Pixel Data (7FE0,0008): native 32-bit IEEE 754 samples, VR OF, Bits Allocated 32. */
    FLOAT_PIXEL_DATA(Tag.FLOAT_PIXEL_DATA, "Float Pixel Data", VR.OF, 32),

    /** Double Float Pixel Data (7FE0,0009): native 64-bit IEEE 754 samples, VR OD, Bits Allocated 64. */
    DOUBLE_FLOAT_PIXEL_DATA(Tag.DOUBLE_FLOAT_PIXEL_DATA, "Double Float Pixel Data", VR.OD, 64);

    private final int tag;
    private final String displayName;
    private final VR floatVr;
    private final int floatBitsAllocated;

    PixelDataElement(int tag, String displayName, VR floatVr, int floatBitsAllocated) {
        this.tag = tag;
        this.displayName = displayName;
        this.floatVr = floatVr;
        this.floatBitsAllocated = floatBitsAllocated;
    }

    /**
     * Returns the element that a data set contains: Pixel Data when present, else Float Pixel
     * Data, else Double Float Pixel Data, else null.
     */
    public static PixelDataElement of(Attributes dataSet) {
        return of(dataSet::contains);
    }

    /**
     * Returns the element for which {@code contains} is true, in the order of
     * {@link #of(Attributes)}, or null; for data sets other than {@link Attributes}, such as
     * one being written.
     */
    public static PixelDataElement of(IntPredicate contains) {
        for (PixelDataElement element : values()) {
            if (contains.test(element.tag)) {
                return element;
            }
        }
        return null;
    }

    public int tag() {
        return tag;
    }

    /** Returns whether the samples are IEEE 754 floating-point numbers. */
    public boolean floatingPoint() {
        return floatVr != null;
    }

    /** Returns the VR of the element (OF or OD) for floating-point samples, or null for Pixel Data (OB or OW). */
    public VR floatVr() {
        return floatVr;
    }

    /** Returns the Bits Allocated that floating-point samples require (32 or 64), or 0 for Pixel Data. */
    public int floatBitsAllocated() {
        return floatBitsAllocated;
    }

    /** Returns the name and tag, such as "Float Pixel Data (7FE0,0008)". */
    @Override
    public String toString() {
        return displayName + " " + Tag.toString(tag);
    }
}
