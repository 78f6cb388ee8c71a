package org.medannot.dicom.pixel;

/**
 * Transforms for display only; stored values and modality values are never changed by them.
 */
public final class Display {

    private Display() {
    }

    /**
     * Inverts MONOCHROME1 values so that higher values are brighter, as MONOCHROME2 shows them
     * (PS3.3 section C.7.6.3.1.2): value becomes min + max - value over the range of the
     * stored values allowed by Bits Stored and Pixel Representation. Other photometric
     * interpretations are returned unchanged.
     *
     * @return a new array, or {@code values} itself when nothing is inverted
     */
    public static int[] monochrome1ToMonochrome2(int[] values, ImagePixelModule module) {
        if (!"MONOCHROME1".equals(module.photometricInterpretation())) {
            return values;
        }
        long min = module.signed() ? -(1L << (module.bitsStored() - 1)) : 0;
        long max = module.signed() ? (1L << (module.bitsStored() - 1)) - 1 : (1L << module.bitsStored()) - 1;
        int[] inverted = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            inverted[i] = (int) (min + max - values[i]);
        }
        return inverted;
    }
}
