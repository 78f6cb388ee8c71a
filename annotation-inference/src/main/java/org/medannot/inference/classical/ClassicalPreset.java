package org.medannot.inference.classical;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The rules of the classical backend. CT presets read voxel values as Hounsfield units. Every
 * preset rejects a float volume with a NaN or infinite voxel before it computes anything.
 */
public enum ClassicalPreset {

    /**
     * CT body outline: voxels above -500 HU, the largest 6-connected component, holes filled
     * slice by slice.
     */
    BODY("body"),

    /**
     * CT lungs: voxels below -400 HU inside the filled body outline, the two largest 6-connected
     * components (left and right lung, or one when they touch), holes (vessels) filled slice by slice.
     */
    LUNGS("lungs"),

    /**
     * CT bone: voxels of at least 150 HU, 26-connected components of at least 1000 mm^3 (one
     * largest component would drop every rib that does not touch the spine in the field of
     * view), holes (marrow) filled slice by slice. Contrast-enhanced vessels and kidneys above
     * 150 HU are included too.
     */
    BONE("bone"),

    /**
     * MR and X-ray: voxels above Otsu's threshold, the largest 6-connected component, holes filled
     * slice by slice. The histogram spans the robust range from the 0.5th to the 99.5th
     * percentile (numpy's linear method), and voxels outside it count in the end bins. So the
     * threshold equals scikit-image 0.19's {@code threshold_otsu(numpy.clip(x, p0.5, p99.5))}
     * for float voxels (256 equal bins) and {@code threshold_otsu(numpy.clip(x, floor(p0.5),
     * ceil(p99.5)))} for integer voxels (one bin per integer). Extreme voxels, up to 0.5% of
     * the volume at either end, move the percentiles by at most that many ranks and so leave
     * the threshold close to where it was. When the two percentiles are equal (about 99% of the
     * voxels or more share one value), the threshold is that value.
     */
    OTSU("foreground"),

    /**
     * {@link #BODY} when the 0.5th percentile of the voxel values is -500 or lower (Hounsfield
     * units of air), else {@link #OTSU}. A percentile in place of the minimum keeps a handful of
     * very negative voxels, for example in a float parametric map, from selecting the CT body
     * rule, which would label almost the whole volume.
     */
    AUTO("foreground");

    private final String labelName;

    ClassicalPreset(String labelName) {
        this.labelName = labelName;
    }

    /** Name of the label the preset produces. */
    public String labelName() {
        return labelName;
    }

    /**
     * Parses a preset name, ignoring case ("body", "lungs", "bone", "otsu", "auto").
     *
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static ClassicalPreset parse(String name) {
        for (ClassicalPreset preset : values()) {
            if (preset.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return preset;
            }
        }
        String accepted = Arrays.stream(values()).map(p -> p.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        throw new IllegalArgumentException("unknown classical preset '" + name + "'; expected one of " + accepted);
    }
}
