package org.medannot.dicom.seg;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.core.volume.FloatVolume;

/**
 * The segments of a DICOM SEG placed on the grid of the images it refers to.
 *
 * <p>Each segment has its own mask, so overlapping segments keep every voxel. {@link #labelMap()}
 * flattens them: a voxel gets the Segment Number of the segment with the highest number among
 * those that contain it.
 */
public final class Segmentation {

    private final String sopInstanceUid;
    private final String segmentationType;
    private final String frameOfReferenceUid;
    private final Geometry geometry;
    private final List<SegmentDescription> segments;
    private final Map<Integer, Mask> masks;
    private final Map<Integer, FloatVolume> fractions;

    Segmentation(String sopInstanceUid, String segmentationType, String frameOfReferenceUid, Geometry geometry,
            List<SegmentDescription> segments, Map<Integer, Mask> masks, Map<Integer, FloatVolume> fractions) {
        this.sopInstanceUid = sopInstanceUid;
        this.segmentationType = segmentationType;
        this.frameOfReferenceUid = frameOfReferenceUid;
        this.geometry = geometry;
        this.segments = List.copyOf(segments);
        this.masks = Collections.unmodifiableMap(new LinkedHashMap<>(masks));
        this.fractions = Collections.unmodifiableMap(new LinkedHashMap<>(fractions));
    }

    /** SOP Instance UID of the SEG. */
    public String sopInstanceUid() {
        return sopInstanceUid;
    }

    /** Segmentation Type (0062,0001): BINARY, FRACTIONAL or LABELMAP. */
    public String segmentationType() {
        return segmentationType;
    }

    /** Frame of Reference UID of the SEG, or empty. */
    public String frameOfReferenceUid() {
        return frameOfReferenceUid;
    }

    /** Returns the grid of every mask. */
    public Geometry geometry() {
        return geometry;
    }

    /** Returns the Segment Sequence, in file order. */
    public List<SegmentDescription> segments() {
        return segments;
    }

    /**
     * The mask of each segment by Segment Number, in Segment Sequence order. The masks are the
     * reader's own; callers that change them should copy them first.
     */
    public Map<Integer, Mask> masks() {
        return masks;
    }

    /** Returns the mask of one segment. */
    public Mask mask(int segmentNumber) {
        Mask mask = masks.get(segmentNumber);
        if (mask == null) {
            throw new IllegalArgumentException("no segment " + segmentNumber + "; segments are " + masks.keySet());
        }
        return mask;
    }

    /**
     * The fractional values of a segment of a FRACTIONAL SEG, as stored value divided by Maximum
     * Fractional Value (0..1); 0 on slices without a frame. Empty for BINARY and LABELMAP SEGs.
     */
    public Optional<FloatVolume> fraction(int segmentNumber) {
        return Optional.ofNullable(fractions.get(segmentNumber));
    }

    /**
     * Flattens the segments into a label map whose labels are Segment Numbers. Where segments
     * overlap, the highest Segment Number wins.
     */
    public LabelMap labelMap() {
        LabelMap labels = LabelMap.of(geometry);
        masks.keySet().stream().sorted().forEach(number -> labels.paint(masks.get(number), number));
        return labels;
    }

    /** Number of voxels that belong to two or more segments. */
    public long overlapCount() {
        Mask seen = new Mask(geometry);
        Mask twice = new Mask(geometry);
        for (Mask mask : masks.values()) {
            twice.orInPlace(seen.and(mask));
            seen.orInPlace(mask);
        }
        return twice.count();
    }

    @Override
    public String toString() {
        return "Segmentation[" + segmentationType + ", " + segments.size() + " segments, " + geometry + "]";
    }
}
