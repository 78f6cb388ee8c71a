package org.medannot.inference.classical;

import java.util.List;
import java.util.Objects;

import org.medannot.core.annotation.Category;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.core.ops.ComponentLabels;
import org.medannot.core.ops.ConnectedComponents;
import org.medannot.core.ops.HoleFilling;
import org.medannot.core.ops.OtsuThreshold;
import org.medannot.core.spi.SegmentationBackend;
import org.medannot.core.spi.SegmentationRequest;
import org.medannot.core.spi.SegmentationResult;
import org.medannot.core.volume.Volume;

/**
 * The default segmentation backend: intensity rules and connected components in pure Java, with
 * no model file (see {@link ClassicalPreset} for each rule). The result has one label, value 1,
 * named after the preset. A rule has no confidence of its own, so the score is 1 when the mask
 * is not empty and 0 when it is. Prompts and prior masks are ignored.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ClassicalSegmentationBackend implements SegmentationBackend {

    /** Label value of the result. */
    public static final int LABEL = 1;

    private static final double BODY_MIN_HU = -500;
    private static final double LUNG_MAX_HU = -400;
    private static final double BONE_MIN_HU = 150;
    private static final double BONE_MIN_COMPONENT_MM3 = 1000;

    private final ClassicalPreset preset;

    private ClassicalSegmentationBackend(ClassicalPreset preset) {
        this.preset = preset;
    }

    /** Returns a backend with the given preset. */
    public static ClassicalSegmentationBackend of(ClassicalPreset preset) {
        return new ClassicalSegmentationBackend(Objects.requireNonNull(preset, "preset"));
    }

    /** Starts a builder; the default preset is {@link ClassicalPreset#AUTO}. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "classical";
    }

    /** The preset this backend applies. */
    public ClassicalPreset preset() {
        return preset;
    }

    @Override
    public SegmentationResult segment(Volume volume, SegmentationRequest request) {
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(request, "request");
        Geometry geometry = volume.geometry();
        float[] values = volume.toFloat().array();
        ClassicalPreset applied = preset == ClassicalPreset.AUTO ? choose(values) : preset;
        request.listener().progress("segment", 0, 1);

        Mask mask = switch (applied) {
            case BODY -> body(geometry, values);
            case LUNGS -> lungs(geometry, values);
            case BONE -> bone(geometry, values);
            default -> otsu(volume, values);
        };

        LabelMap labels = LabelMap.of(geometry);
        labels.paint(mask, LABEL);
        request.listener().progress("segment", 1, 1);
        Category category = new Category(LABEL, applied.labelName());
        double score = mask.isEmpty() ? 0 : 1;
        return new SegmentationResult(labels, List.of(new SegmentationResult.Segment(category, score)),
                "classical-" + applied.name().toLowerCase(java.util.Locale.ROOT), "1");
    }

    private static ClassicalPreset choose(float[] values) {
        float min = Float.POSITIVE_INFINITY;
        for (float value : values) {
            min = Math.min(min, value);
        }
        return min <= BODY_MIN_HU ? ClassicalPreset.BODY : ClassicalPreset.OTSU;
    }

    private static Mask threshold(Geometry geometry, float[] values, double low, double high) {
        Mask mask = new Mask(geometry);
        for (int n = 0; n < values.length; n++) {
            if (values[n] >= low && values[n] <= high) {
                mask.set(n, true);
            }
        }
        return mask;
    }

    private static Mask body(Geometry geometry, float[] values) {
        Mask above = threshold(geometry, values, Math.nextUp(BODY_MIN_HU), Double.POSITIVE_INFINITY);
        return fillHolesPerSlice(ConnectedComponents.largest(above, 6));
    }

    private static Mask lungs(Geometry geometry, float[] values) {
        Mask air = threshold(geometry, values, Double.NEGATIVE_INFINITY, Math.nextDown(LUNG_MAX_HU));
        Mask inside = air.and(body(geometry, values));
        ComponentLabels components = ConnectedComponents.label(inside, 6);
        long[] sizes = components.sizes();
        int first = components.largestLabel();
        int second = 0;
        for (int label = 1; label <= sizes.length; label++) {
            if (label != first && (second == 0 || sizes[label - 1] > sizes[second - 1])) {
                second = label;
            }
        }
        Mask lungs = first == 0 ? new Mask(geometry) : components.mask(first);
        if (second != 0) {
            lungs.orInPlace(components.mask(second));
        }
        return fillHolesPerSlice(lungs);
    }

    private static Mask bone(Geometry geometry, float[] values) {
        Mask dense = threshold(geometry, values, BONE_MIN_HU, Double.POSITIVE_INFINITY);
        long minimumVoxels = (long) Math.ceil(BONE_MIN_COMPONENT_MM3 / geometry.voxelVolumeMm3());
        ComponentLabels components = ConnectedComponents.label(dense, 26);
        int[] ids = components.labelArray();
        long[] sizes = components.sizes();
        Mask bone = new Mask(geometry);
        for (int n = 0; n < ids.length; n++) {
            if (ids[n] != 0 && sizes[ids[n] - 1] >= minimumVoxels) {
                bone.set(n, true);
            }
        }
        return fillHolesPerSlice(bone);
    }

    private static Mask otsu(Volume volume, float[] values) {
        double level = OtsuThreshold.compute(volume);
        Mask above = threshold(volume.geometry(), values, Math.nextUp(level), Double.POSITIVE_INFINITY);
        return fillHolesPerSlice(ConnectedComponents.largest(above, 6));
    }

    /** Fills each slice's holes in 2D (4-connected background), as radiologists draw outlines per slice. */
    private static Mask fillHolesPerSlice(Mask mask) {
        Geometry geometry = mask.geometry();
        int plane = geometry.sliceSize();
        Mask result = new Mask(geometry);
        for (int k = 0; k < geometry.slices(); k++) {
            Mask filled = HoleFilling.fill(mask.slice(k), 4);
            for (int n = filled.nextSetBit(0); n >= 0; n = filled.nextSetBit(n + 1)) {
                result.set(k * plane + n, true);
            }
        }
        return result;
    }

    /** Builds a {@link ClassicalSegmentationBackend}. */
    public static final class Builder {

        private ClassicalPreset preset = ClassicalPreset.AUTO;

        private Builder() {
        }

        /** Sets the preset (default {@link ClassicalPreset#AUTO}). */
        public Builder preset(ClassicalPreset value) {
            this.preset = Objects.requireNonNull(value, "value");
            return this;
        }

        /** Returns the backend. */
        public ClassicalSegmentationBackend build() {
            return new ClassicalSegmentationBackend(preset);
        }
    }
}
