package org.medannot.inference.onnx;

import java.util.Arrays;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.volume.Volume;
import org.medannot.inference.internal.LinearResampler;
import org.medannot.inference.internal.PlaneOrientation;

/**
 * Orientation, resampling and intensity steps of one volume, as a model's descriptor specifies
 * them. They run on the whole volume at once, or slice by slice where the result is the same.
 */
final class Preprocessor {

    private final ModelDescriptor descriptor;
    private final Volume volume;
    private final PlaneOrientation orientation;
    private final int[] sourceSize;
    private final int[] size;

    Preprocessor(ModelDescriptor descriptor, Volume volume) {
        this.descriptor = descriptor;
        this.volume = volume;
        Geometry geometry = volume.geometry();
        this.orientation = descriptor.displayOrientation() ? PlaneOrientation.display(geometry)
                : PlaneOrientation.stored(geometry);
        this.sourceSize = new int[] {orientation.displayColumns(), orientation.displayRows(), geometry.slices()};
        this.size = sourceSize.clone();
        double[] target = descriptor.targetSpacing();
        if (target != null) {
            double[] spacing = orientation.displaySpacing();
            for (int axis = 0; axis < target.length; axis++) {
                size[axis] = LinearResampler.resampledSize(sourceSize[axis], spacing[axis], target[axis]);
            }
        }
    }

    /** Orients, resamples and normalizes the whole volume. */
    OnnxSegmentationBackend.Prepared prepareAll() {
        float[] values = volume.toFloat().array();
        if (!orientation.isIdentity()) {
            values = orientation.toDisplay(values);
        }
        if (!Arrays.equals(size, sourceSize)) {
            values = new LinearResampler(sourceSize[0], sourceSize[1], sourceSize[2], size[0], size[1], size[2])
                    .resample(values, 0);
        }
        Intensity.apply(descriptor.preprocessing(), values);
        return prepared(values);
    }

    /**
     * Returns true when {@link #prepareSlices} gives the same values as {@link #prepareAll}: the
     * slice axis is not resampled and every intensity step works voxel by voxel (a window, or a
     * z-score with a fixed mean and standard deviation).
     */
    boolean slicewise() {
        if (size[2] != sourceSize[2]) {
            return false;
        }
        for (PreprocessingStep step : descriptor.preprocessing()) {
            boolean pointwise = step instanceof PreprocessingStep.Window
                    || step instanceof PreprocessingStep.ZScore zScore && !Double.isNaN(zScore.mean());
            if (!pointwise) {
                return false;
            }
        }
        return true;
    }

    /** Returns the sizes with a zeroed value array, for {@link #prepareSlices} to fill. */
    OnnxSegmentationBackend.Prepared empty() {
        return prepared(new float[size[0] * size[1] * size[2]]);
    }

    /**
     * Writes the prepared slices {@code [from, to)} into {@code values}, which is valid only when
     * {@link #slicewise()} is true. Calls for disjoint ranges may run on different threads.
     */
    void prepareSlices(int from, int to, float[] values) {
        int plane = size[0] * size[1];
        PlaneOrientation sliceOrientation = descriptor.displayOrientation()
                ? PlaneOrientation.display(volume.geometry().sliceGeometry(0))
                : PlaneOrientation.stored(volume.geometry().sliceGeometry(0));
        LinearResampler inPlane = size[0] == sourceSize[0] && size[1] == sourceSize[1] ? null
                : new LinearResampler(sourceSize[0], sourceSize[1], 1, size[0], size[1], 1);
        for (int z = from; z < to; z++) {
            float[] slice = volume.slice(z).toFloat().array();
            if (!sliceOrientation.isIdentity()) {
                slice = sliceOrientation.toDisplay(slice);
            }
            if (inPlane != null) {
                inPlane.resampleSlice(slice, 0, 0, values, z * plane);
            } else {
                System.arraycopy(slice, 0, values, z * plane, plane);
            }
            Intensity.applyPointwise(descriptor.preprocessing(), values, z * plane, plane);
        }
    }

    private OnnxSegmentationBackend.Prepared prepared(float[] values) {
        return new OnnxSegmentationBackend.Prepared(orientation, sourceSize.clone(), size.clone(), values);
    }
}
