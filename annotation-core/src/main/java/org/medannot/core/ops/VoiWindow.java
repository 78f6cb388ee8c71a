package org.medannot.core.ops;

import java.util.Objects;

import org.medannot.core.volume.FloatVolume;
import org.medannot.core.volume.Volume;

/**
 * A VOI window (Window Center (0028,1050) and Window Width (0028,1051)) with its VOI LUT
 * Function, mapping input values to an output range {@code [ymin, ymax]}.
 *
 * <p>The formulas are those of DICOM PS3.3 C.11.2.1.2 (see {@link VoiLutFunction}). Input
 * values are the stored values after the Modality LUT (for CT, Hounsfield units). The default
 * output range is [0, 1], and {@link #withOutputRange(double, double)} sets another, such as 0..255.
 * Computation is in double precision and the result is stored as float.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class VoiWindow {

    private final double center;
    private final double width;
    private final VoiLutFunction function;
    private final double outputMin;
    private final double outputMax;

    // Precomputed bounds and line of the formula in use: y = x * slope + intercept inside (lower, upper].
    private final double lower;
    private final double upper;
    private final double slope;
    private final double intercept;

    private VoiWindow(double center, double width, VoiLutFunction function, double outputMin, double outputMax) {
        this.center = center;
        this.width = width;
        this.function = function;
        this.outputMin = outputMin;
        this.outputMax = outputMax;
        double range = outputMax - outputMin;
        if (function == VoiLutFunction.LINEAR) {
            lower = center - 0.5 - (width - 1) / 2;
            upper = center - 0.5 + (width - 1) / 2;
            slope = range / (width - 1);
            intercept = (0.5 - (center - 0.5) / (width - 1)) * range + outputMin;
        } else {
            lower = center - width / 2;
            upper = center + width / 2;
            slope = range / width;
            intercept = (0.5 - center / width) * range + outputMin;
        }
    }

    /**
     * Creates a window with output range [0, 1].
     *
     * @param center   Window Center, in input units
     * @param width    Window Width, in input units: at least 1 for {@link VoiLutFunction#LINEAR}
     *                 (PS3.3 C.11.2.1.2.1), greater than 0 for {@link VoiLutFunction#LINEAR_EXACT}
     * @param function the VOI LUT Function
     * @throws IllegalArgumentException when centre or width is not finite or the width is out of
     *                                  range for the function
     */
    public static VoiWindow of(double center, double width, VoiLutFunction function) {
        Objects.requireNonNull(function, "function");
        if (!Double.isFinite(center)) {
            throw new IllegalArgumentException("center must be finite, but was " + center);
        }
        if (!Double.isFinite(width)) {
            throw new IllegalArgumentException("width must be finite, but was " + width);
        }
        if (function == VoiLutFunction.LINEAR && !(width >= 1)) {
            throw new IllegalArgumentException("width must be >= 1 for VOI LUT Function LINEAR, but was " + width);
        }
        if (function == VoiLutFunction.LINEAR_EXACT && !(width > 0)) {
            throw new IllegalArgumentException("width must be > 0 for VOI LUT Function LINEAR_EXACT, but was " + width);
        }
        return new VoiWindow(center, width, function, 0, 1);
    }

    /**
     * Returns the same window with output range {@code [outputMin, outputMax]}. The bounds may be
     * given in either order, because {@code outputMin} is simply the value below the window.
     *
     * @throws IllegalArgumentException when a bound is not finite
     */
    public VoiWindow withOutputRange(double outputMin, double outputMax) {
        if (!Double.isFinite(outputMin)) {
            throw new IllegalArgumentException("outputMin must be finite, but was " + outputMin);
        }
        if (!Double.isFinite(outputMax)) {
            throw new IllegalArgumentException("outputMax must be finite, but was " + outputMax);
        }
        return new VoiWindow(center, width, function, outputMin, outputMax);
    }

    /** Window Center in input units. */
    public double center() {
        return center;
    }

    /** Window Width in input units. */
    public double width() {
        return width;
    }

    /** The VOI LUT Function. */
    public VoiLutFunction function() {
        return function;
    }

    /** Output value below the window. */
    public double outputMin() {
        return outputMin;
    }

    /** Output value above the window. */
    public double outputMax() {
        return outputMax;
    }

    /** Maps one input value by the formula of {@link #function()}. */
    public double apply(double x) {
        if (x <= lower) {
            return outputMin;
        }
        if (x > upper) {
            return outputMax;
        }
        return x * slope + intercept;
    }

    /** Maps every voxel and returns a new float volume on the same geometry. */
    public FloatVolume apply(Volume volume) {
        Objects.requireNonNull(volume, "volume");
        return IntensityMapping.map(volume, this::apply);
    }

    @Override
    public String toString() {
        return "VoiWindow[center=" + center + ", width=" + width + ", function=" + function + ", output=[" + outputMin
                + ", " + outputMax + "]]";
    }
}
