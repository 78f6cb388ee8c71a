package org.medannot.dicom.pixel;

/**
 * Colour conversions of PS3.3 section C.7.6.3.1.2, applied only when a caller asks for them;
 * decoded frames keep the colour space that Photometric Interpretation names.
 */
public final class ColorSpace {

    private ColorSpace() {
    }

    /**
     * Converts colour-by-pixel YBR_FULL samples (Y Cb Cr, ITU-R BT.601 full range) to RGB,
     * rounding to the nearest integer and clamping to 0..2^bits - 1.
     *
     * @param ybr samples Y Cb Cr of each pixel, chroma centred on 2^(bits - 1)
     * @param bits Bits Stored, 8 for usual images
     * @return a new array of R G B samples
     */
    public static int[] ybrFullToRgb(int[] ybr, int bits) {
        int max = (1 << bits) - 1;
        double centre = 1 << (bits - 1);
        int[] rgb = new int[ybr.length];
        for (int i = 0; i + 2 < ybr.length; i += 3) {
            double y = ybr[i];
            double cb = ybr[i + 1] - centre;
            double cr = ybr[i + 2] - centre;
            rgb[i] = clamp(Math.round(y + 1.402 * cr), max);
            rgb[i + 1] = clamp(Math.round(y - 0.344136 * cb - 0.714136 * cr), max);
            rgb[i + 2] = clamp(Math.round(y + 1.772 * cb), max);
        }
        return rgb;
    }

    private static int clamp(long value, int max) {
        return (int) Math.max(0, Math.min(max, value));
    }
}
