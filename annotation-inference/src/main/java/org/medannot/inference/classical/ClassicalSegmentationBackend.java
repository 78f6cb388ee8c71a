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
 * <p>Every preset first rejects a float volume that has a NaN or infinite voxel, with an
 * {@link IllegalArgumentException} that names the first such voxel. The intensity statistics
 * behind {@link ClassicalPreset#AUTO} and {@link ClassicalPreset#OTSU} are the 0.5th and 99.5th
 * percentiles in place of the minimum and maximum, so that extreme voxels, up to 0.5% of the
 * volume at either end, move them by at most that many ranks of the sorted values.
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

    /** Percentiles that bound the robust intensity range of {@link ClassicalPreset#AUTO} and {@link ClassicalPreset#OTSU}. */
    private static final double ROBUST_LOW_PERCENT = 0.5;
    private static final double ROBUST_HIGH_PERCENT = 99.5;

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

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when a voxel of a float volume is NaN or infinite
     */
    @Override
    public SegmentationResult segment(Volume volume, SegmentationRequest request) {
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(request, "request");
        Geometry geometry = volume.geometry();
        FiniteVoxels.require(volume);

        double[] robustRange = null;
        if (preset == ClassicalPreset.AUTO || preset == ClassicalPreset.OTSU) {
            robustRange = VoxelPercentiles.of(volume, ROBUST_LOW_PERCENT, ROBUST_HIGH_PERCENT);
        }
        ClassicalPreset applied = preset == ClassicalPreset.AUTO ? choose(robustRange) : preset;
        request.listener().progress("segment", 0, 1);

        Mask mask = switch (applied) {
            case BODY -> body(volume);
            case LUNGS -> lungs(volume);
            case BONE -> bone(volume);
            default -> otsu(volume, robustRange);
        };

        LabelMap labels = LabelMap.of(geometry);
        labels.paint(mask, LABEL);
        request.listener().progress("segment", 1, 1);
        Category category = new Category(LABEL, applied.labelName());
        double score = mask.isEmpty() ? 0 : 1;
        return new SegmentationResult(labels, List.of(new SegmentationResult.Segment(category, score)),
                "classical-" + applied.name().toLowerCase(java.util.Locale.ROOT), "1");
    }

    /** Chooses the CT body preset when the robust low end of the intensities is air, in Hounsfield units. */
    private static ClassicalPreset choose(double[] robustRange) {
        return robustRange[0] <= BODY_MIN_HU ? ClassicalPreset.BODY : ClassicalPreset.OTSU;
    }

    /** Returns the voxels in [low, high], read from the volume as stored, without a float copy of it. */
    private static Mask threshold(Volume volume, double low, double high) {
        Mask mask = new Mask(volume.geometry());
        int count = volume.geometry().voxelCount();
        for (int n = 0; n < count; n++) {
            double value = volume.getDouble(n);
            if (value >= low && value <= high) {
                mask.set(n, true);
            }
        }
        return mask;
    }

    private static Mask body(Volume volume) {
        Mask above = threshold(volume, Math.nextUp(BODY_MIN_HU), Double.POSITIVE_INFINITY);
        return fillHolesPerSlice(ConnectedComponents.largest(above, 6));
    }

    private static Mask lungs(Volume volume) {
        Geometry geometry = volume.geometry();
        Mask air = threshold(volume, Double.NEGATIVE_INFINITY, Math.nextDown(LUNG_MAX_HU));
        Mask inside = air.and(body(volume));
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

    private static Mask bone(Volume volume) {
        Geometry geometry = volume.geometry();
        Mask dense = threshold(volume, BONE_MIN_HU, Double.POSITIVE_INFINITY);
        long minimumVoxels = (long) Math.ceil(BONE_MIN_COMPONENT_MM3 / geometry.voxelVolumeMm3());
        ComponentLabels components = ConnectedComponents.label(dense, 26);
        Mask bone = components.mask(label -> components.size(label) >= minimumVoxels);
        return fillHolesPerSlice(bone);
    }

    private static Mask otsu(Volume volume, double[] robustRange) {
        double level = RobustOtsu.threshold(volume, robustRange[0], robustRange[1]);
        Mask above = threshold(volume, Math.nextUp(level), Double.POSITIVE_INFINITY);
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
