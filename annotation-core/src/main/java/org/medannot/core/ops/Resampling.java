package org.medannot.core.ops;

import java.util.Arrays;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.core.volume.FloatVolume;
import org.medannot.core.volume.IntVolume;
import org.medannot.core.volume.ShortVolume;
import org.medannot.core.volume.UByteVolume;
import org.medannot.core.volume.Volume;

/**
 * Resampling of volumes, masks and label maps to a new spacing or a new size, keeping the
 * directions and the start of the field of view.
 *
 * <p>Convention: the outer corner of voxel (0, 0, 0), at continuous index -0.5 along each axis,
 * stays at the same patient position. Along each axis with ratio {@code r} (new spacing divided
 * by old spacing), target voxel {@code t} has its centre at source index
 * {@code s = (t + 0.5) * r - 0.5}, and the new origin is the patient position of
 * {@code s(0) = 0.5 * r - 0.5} in the source grid.
 * <ul>
 *   <li>To a size {@code n'}: {@code r = n / n'} and the new spacing is {@code spacing * r}, so
 *       the field of view is kept exactly (as {@code scipy.ndimage.zoom} with
 *       {@code grid_mode=True}).</li>
 *   <li>To a spacing {@code d'}: {@code r = d' / d}, the spacing is exactly {@code d'}, and the
 *       size is {@code n' = max(1, floor(n * d / d' + 0.5))}. The far end of the field of view
 *       moves by less than half a new voxel.</li>
 * </ul>
 * Values at source positions outside [0, n - 1] are those of the nearest edge voxel (scipy's
 * {@code mode='nearest'}). {@link Interpolation#LINEAR} computes in double precision from the
 * voxel values (32-bit integers above 2^24 in magnitude are first rounded to float) and returns
 * a {@link FloatVolume}, while {@link Interpolation#NEAREST} keeps the source's voxel type.
 */
public final class Resampling {

    private Resampling() {
    }

    /**
     * Returns the geometry of a resampling to {@code spacing}.
     *
     * @param spacing [sx, sy, sz] in mm, each finite and greater than zero
     * @throws IllegalArgumentException when a spacing is not positive or the new grid is too large
     */
    public static Geometry geometryForSpacing(Geometry source, double[] spacing) {
        return plan(source, null, checkSpacing(spacing)).target;
    }

    /**
     * Returns the geometry of a resampling to {@code size}.
     *
     * @param size [columns, rows, slices], each at least 1
     * @throws IllegalArgumentException when a size is below 1 or the new grid is too large
     */
    public static Geometry geometryForSize(Geometry source, int[] size) {
        return plan(source, checkSize(size), null).target;
    }

    /** Resamples a volume to {@code spacing} (mm). */
    public static Volume toSpacing(Volume volume, double[] spacing, Interpolation interpolation) {
        Grids.requireNonNull("volume", volume);
        return resample(volume, plan(volume.geometry(), null, checkSpacing(spacing)), interpolation);
    }

    /** Resamples a volume to {@code size} ([columns, rows, slices]). */
    public static Volume toSize(Volume volume, int[] size, Interpolation interpolation) {
        Grids.requireNonNull("volume", volume);
        return resample(volume, plan(volume.geometry(), checkSize(size), null), interpolation);
    }

    /** Resamples a mask to {@code spacing} (mm) by nearest neighbour. */
    public static Mask toSpacing(Mask mask, double[] spacing) {
        Grids.requireNonNull("mask", mask);
        return resample(mask, plan(mask.geometry(), null, checkSpacing(spacing)));
    }

    /** Resamples a mask to {@code size} ([columns, rows, slices]) by nearest neighbour. */
    public static Mask toSize(Mask mask, int[] size) {
        Grids.requireNonNull("mask", mask);
        return resample(mask, plan(mask.geometry(), checkSize(size), null));
    }

    /** Resamples a label map to {@code spacing} (mm) by nearest neighbour. */
    public static LabelMap toSpacing(LabelMap labels, double[] spacing) {
        Grids.requireNonNull("labels", labels);
        return resample(labels, plan(labels.geometry(), null, checkSpacing(spacing)));
    }

    /** Resamples a label map to {@code size} ([columns, rows, slices]) by nearest neighbour. */
    public static LabelMap toSize(LabelMap labels, int[] size) {
        Grids.requireNonNull("labels", labels);
        return resample(labels, plan(labels.geometry(), checkSize(size), null));
    }

    /** Target geometry and per-axis ratio of a resampling. */
    private record Plan(Geometry source, Geometry target, double[] ratio) {

        /** Source index of the nearest voxel centre for each target index along {@code axis}. */
        int[] nearest(int axis) {
            int sourceSize = source.size()[axis];
            int[] indices = new int[target.size()[axis]];
            for (int t = 0; t < indices.length; t++) {
                double s = (t + 0.5) * ratio[axis] - 0.5;
                indices[t] = (int) Math.max(0, Math.min(sourceSize - 1, Math.floor(s + 0.5)));
            }
            return indices;
        }
    }

    private static Plan plan(Geometry source, int[] size, double[] spacing) {
        Grids.requireNonNull("source", source);
        int[] sourceSize = source.size();
        int[] newSize = new int[3];
        double[] newSpacing = new double[3];
        double[] ratio = new double[3];
        for (int axis = 0; axis < 3; axis++) {
            if (size != null) {
                newSize[axis] = size[axis];
                ratio[axis] = (double) sourceSize[axis] / size[axis];
                newSpacing[axis] = source.spacing(axis) * ratio[axis];
            } else {
                double count = Math.floor(sourceSize[axis] * source.spacing(axis) / spacing[axis] + 0.5);
                if (count > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("spacing[" + axis + "] = " + spacing[axis] + " mm gives "
                            + count + " voxels along axis " + axis + ", more than an int holds");
                }
                newSize[axis] = (int) Math.max(1, count);
                ratio[axis] = spacing[axis] / source.spacing(axis);
                newSpacing[axis] = spacing[axis];
            }
        }
        double[] origin = source.indexToPatient(0.5 * ratio[0] - 0.5, 0.5 * ratio[1] - 0.5, 0.5 * ratio[2] - 0.5);
        Geometry target = source.withSizeSpacingOrigin(newSize, newSpacing, origin);
        return new Plan(source, target, ratio);
    }

    private static Volume resample(Volume volume, Plan plan, Interpolation interpolation) {
        Grids.requireNonNull("interpolation", interpolation);
        if (interpolation == Interpolation.LINEAR) {
            return linear(volume, plan);
        }
        int[] sourceIndex = nearestIndices(plan);
        int offset = volume.offset();
        int count = sourceIndex.length;
        if (volume instanceof ShortVolume shorts) {
            short[] in = shorts.array();
            short[] out = new short[count];
            for (int n = 0; n < count; n++) {
                out[n] = in[offset + sourceIndex[n]];
            }
            return new ShortVolume(plan.target, out, 0, shorts.isUnsigned());
        }
        if (volume instanceof UByteVolume bytes) {
            byte[] in = bytes.array();
            byte[] out = new byte[count];
            for (int n = 0; n < count; n++) {
                out[n] = in[offset + sourceIndex[n]];
            }
            return new UByteVolume(plan.target, out);
        }
        if (volume instanceof IntVolume ints) {
            int[] in = ints.array();
            int[] out = new int[count];
            for (int n = 0; n < count; n++) {
                out[n] = in[offset + sourceIndex[n]];
            }
            return new IntVolume(plan.target, out);
        }
        float[] out = new float[count];
        for (int n = 0; n < count; n++) {
            out[n] = (float) volume.getDouble(sourceIndex[n]);
        }
        return new FloatVolume(plan.target, out);
    }

    private static Mask resample(Mask mask, Plan plan) {
        int[] sourceIndex = nearestIndices(plan);
        long[] words = new long[mask.wordCount()];
        for (int w = 0; w < words.length; w++) {
            words[w] = mask.word(w);
        }
        long[] out = new long[(sourceIndex.length + 63) >>> 6];
        for (int n = 0; n < sourceIndex.length; n++) {
            int source = sourceIndex[n];
            if ((words[source >>> 6] & (1L << source)) != 0) {
                out[n >>> 6] |= 1L << n;
            }
        }
        return Mask.fromWords(plan.target, out);
    }

    private static LabelMap resample(LabelMap labels, Plan plan) {
        int[] sourceIndex = nearestIndices(plan);
        short[] in = labels.array();
        short[] out = new short[sourceIndex.length];
        for (int n = 0; n < out.length; n++) {
            out[n] = in[sourceIndex[n]];
        }
        return LabelMap.wrap(plan.target, out);
    }

    /** Linear source index of the nearest voxel for every target voxel, in the SDK's voxel order. */
    private static int[] nearestIndices(Plan plan) {
        int[] xs = plan.nearest(0);
        int[] ys = plan.nearest(1);
        int[] zs = plan.nearest(2);
        int columns = plan.source.columns();
        int sliceSize = plan.source.sliceSize();
        int[] indices = new int[plan.target.voxelCount()];
        int n = 0;
        for (int z : zs) {
            for (int y : ys) {
                int rowStart = z * sliceSize + y * columns;
                for (int x : xs) {
                    indices[n++] = rowStart + x;
                }
            }
        }
        return indices;
    }

    private static FloatVolume linear(Volume volume, Plan plan) {
        float[] values = floatValues(volume);
        int columns = plan.source.columns();
        int sliceSize = plan.source.sliceSize();
        Axis x = Axis.of(plan, 0);
        Axis y = Axis.of(plan, 1);
        Axis z = Axis.of(plan, 2);
        float[] out = new float[plan.target.voxelCount()];
        int n = 0;
        for (int tz = 0; tz < z.low.length; tz++) {
            int z0 = z.low[tz] * sliceSize;
            int z1 = z.high[tz] * sliceSize;
            double wz = z.weight[tz];
            for (int ty = 0; ty < y.low.length; ty++) {
                int y0 = y.low[ty] * columns;
                int y1 = y.high[ty] * columns;
                double wy = y.weight[ty];
                for (int tx = 0; tx < x.low.length; tx++) {
                    int x0 = x.low[tx];
                    int x1 = x.high[tx];
                    double wx = x.weight[tx];
                    double c00 = values[z0 + y0 + x0] * (1 - wx) + values[z0 + y0 + x1] * wx;
                    double c01 = values[z0 + y1 + x0] * (1 - wx) + values[z0 + y1 + x1] * wx;
                    double c10 = values[z1 + y0 + x0] * (1 - wx) + values[z1 + y0 + x1] * wx;
                    double c11 = values[z1 + y1 + x0] * (1 - wx) + values[z1 + y1 + x1] * wx;
                    double c0 = c00 * (1 - wy) + c01 * wy;
                    double c1 = c10 * (1 - wy) + c11 * wy;
                    out[n++] = (float) (c0 * (1 - wz) + c1 * wz);
                }
            }
        }
        return new FloatVolume(plan.target, out);
    }

    /** Voxel values as floats starting at index 0: the array itself for a whole float volume, else a copy. */
    private static float[] floatValues(Volume volume) {
        if (volume instanceof FloatVolume floats && floats.offset() == 0) {
            return floats.array();
        }
        return volume.toFloat().array();
    }

    /** Per target index along one axis: the two source indices around it and the weight of the upper one. */
    private record Axis(int[] low, int[] high, double[] weight) {

        static Axis of(Plan plan, int axis) {
            int sourceSize = plan.source.size()[axis];
            int targetSize = plan.target.size()[axis];
            int[] low = new int[targetSize];
            int[] high = new int[targetSize];
            double[] weight = new double[targetSize];
            for (int t = 0; t < targetSize; t++) {
                double s = (t + 0.5) * plan.ratio[axis] - 0.5;
                double clamped = Math.max(0, Math.min(sourceSize - 1, s));
                int below = (int) Math.floor(clamped);
                low[t] = below;
                high[t] = Math.min(below + 1, sourceSize - 1);
                weight[t] = clamped - below;
            }
            return new Axis(low, high, weight);
        }
    }

    private static double[] checkSpacing(double[] spacing) {
        if (spacing == null || spacing.length != 3) {
            throw new IllegalArgumentException("spacing must have 3 values, but was "
                    + (spacing == null ? "null" : Arrays.toString(spacing)));
        }
        for (int axis = 0; axis < 3; axis++) {
            if (!(spacing[axis] > 0) || !Double.isFinite(spacing[axis])) {
                throw new IllegalArgumentException("spacing[" + axis + "] must be finite and > 0 mm, but was "
                        + spacing[axis]);
            }
        }
        return spacing.clone();
    }

    private static int[] checkSize(int[] size) {
        if (size == null || size.length != 3) {
            throw new IllegalArgumentException("size must have 3 values, but was "
                    + (size == null ? "null" : Arrays.toString(size)));
        }
        for (int axis = 0; axis < 3; axis++) {
            if (size[axis] < 1) {
                throw new IllegalArgumentException("size[" + axis + "] must be >= 1, but was " + size[axis]);
            }
        }
        return size.clone();
    }
}
