package org.medannot.dicom.pixel;

import java.util.List;

import org.medannot.dicom.Attributes;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.Tag;

/**
 * The linear Modality LUT of PS3.3 section C.11.1: output = slope x stored value + intercept,
 * with output in the units of Rescale Type (Hounsfield units for CT).
 *
 * <p>Enhanced multi-frame objects carry Rescale Slope and Intercept in the Pixel Value
 * Transformation Sequence (0028,9145) of the Per-frame Functional Groups (5200,9230) item of
 * each frame, or of the Shared Functional Groups (5200,9229) (PS3.3 section C.7.6.16.2.9);
 * {@link #forFrame} looks there first, then at the top-level attributes. A missing slope is 1
 * and a missing intercept 0.
 *
 * @param slope Rescale Slope (0028,1053)
 * @param intercept Rescale Intercept (0028,1052)
 */
public record ModalityLut(double slope, double intercept) {

    /** The identity transform. */
    public static final ModalityLut IDENTITY = new ModalityLut(1, 0);

    /**
     * Returns the transform of one frame.
     *
     * @param frame 0-based frame index
     */
    public static ModalityLut forFrame(Attributes dataSet, int frame) {
        List<Attributes> perFrame = dataSet.getSequence(Tag.PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE);
        if (frame < perFrame.size()) {
            ModalityLut lut = fromTransformation(perFrame.get(frame));
            if (lut != null) {
                return lut;
            }
        }
        Attributes shared = dataSet.getItem(Tag.SHARED_FUNCTIONAL_GROUPS_SEQUENCE);
        if (shared != null) {
            ModalityLut lut = fromTransformation(shared);
            if (lut != null) {
                return lut;
            }
        }
        return of(dataSet);
    }

    /** Returns the transform in the top-level Rescale Slope and Intercept of a data set. */
    public static ModalityLut of(Attributes attributes) {
        double slope = attributes.getDouble(Tag.RESCALE_SLOPE, 1);
        double intercept = attributes.getDouble(Tag.RESCALE_INTERCEPT, 0);
        if (!Double.isFinite(slope) || !Double.isFinite(intercept) || slope == 0) {
            throw new DicomException("Rescale Slope " + slope + " and Rescale Intercept " + intercept
                    + ": expected finite numbers and a non-zero slope");
        }
        return new ModalityLut(slope, intercept);
    }

    private static ModalityLut fromTransformation(Attributes functionalGroup) {
        Attributes transformation = functionalGroup.getItem(Tag.PIXEL_VALUE_TRANSFORMATION_SEQUENCE);
        if (transformation == null || !transformation.contains(Tag.RESCALE_SLOPE) && !transformation.contains(Tag.RESCALE_INTERCEPT)) {
            return null;
        }
        return of(transformation);
    }

    public boolean isIdentity() {
        return slope == 1 && intercept == 0;
    }

    /**
     * Applies the transform to one stored value. The identity returns the value itself, so that
     * a float sample of -0.0 stays -0.0 (-0.0 * 1 + 0 would be +0.0).
     */
    public double apply(double storedValue) {
        if (slope == 1 && intercept == 0) {
            return storedValue;
        }
        return slope * storedValue + intercept;
    }
}
