package org.medannot.dicom.seg;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.Mask;
import org.medannot.core.volume.FloatVolume;
import org.medannot.dicom.Attributes;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.Tag;
import org.medannot.dicom.pixel.PixelData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a DICOM Segmentation (PS3.3 section A.51, modules C.8.20.2 Segmentation Image and
 * C.7.6.16 Multi-frame Functional Groups) onto the grid of the images it was drawn on.
 *
 * <p>Each frame is placed by its Plane Position (Patient): the position is projected on the
 * slice normal of the grid and the frame goes to the slice whose plane is nearest, when that
 * plane is within the tolerance and the position lies within the tolerance of the slice's first
 * pixel in the plane too. Frame order, Dimension Index Values and Referenced Image UIDs are not
 * used to place frames. Frame numbers in messages are 1-based, as in the standard.
 *
 * <p>Segmentation Types:
 * <ul>
 *   <li>BINARY: 1-bit frames; a non-zero value is inside. Frames are packed back to back with no
 *       padding (PS3.5 section 8.1.1), so a frame may start in the middle of a byte.</li>
 *   <li>FRACTIONAL: 8-bit frames; a voxel is inside when value / Maximum Fractional Value is
 *       at least the threshold (0.5 by default). The fractions are kept as well.</li>
 *   <li>LABELMAP: each pixel value is a Segment Number (0 is background).</li>
 * </ul>
 *
 * <p>Checked against the grid: Rows and Columns, Image Orientation (Patient) (each direction
 * cosine within 1e-3), Pixel Spacing (within the tolerance) and the Frame of Reference UID when
 * both are known. Frames in Plane Position (Slide) coordinates (slide microscopy) are rejected.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SegReader {

    private static final Logger LOG = LoggerFactory.getLogger(SegReader.class);

    /** Default tolerance in mm for matching frame positions to slices and for Pixel Spacing. */
    public static final double DEFAULT_TOLERANCE_MM = 0.05;

    /** Default fraction at or above which a FRACTIONAL voxel is inside its segment. */
    public static final double DEFAULT_FRACTIONAL_THRESHOLD = 0.5;

    /** Largest difference of a direction cosine between the SEG and the grid. */
    private static final double ORIENTATION_TOLERANCE = 1e-3;

    private final double toleranceMm;
    private final double fractionalThreshold;

    /** A reader with {@link #DEFAULT_TOLERANCE_MM} and {@link #DEFAULT_FRACTIONAL_THRESHOLD}. */
    public SegReader() {
        this(DEFAULT_TOLERANCE_MM, DEFAULT_FRACTIONAL_THRESHOLD);
    }

    /**
     * @param toleranceMm largest distance in mm between a frame's position and a slice plane (and
     *     the slice's first pixel within the plane), and between the SEG's and the grid's Pixel
     *     Spacing; greater than 0
     * @param fractionalThreshold fraction in (0, 1] at or above which a FRACTIONAL voxel is inside
     */
    public SegReader(double toleranceMm, double fractionalThreshold) {
        if (!(toleranceMm > 0) || !Double.isFinite(toleranceMm)) {
            throw new IllegalArgumentException("toleranceMm must be finite and > 0, but was " + toleranceMm);
        }
        if (!(fractionalThreshold > 0 && fractionalThreshold <= 1)) {
            throw new IllegalArgumentException("fractionalThreshold must be in (0, 1], but was " + fractionalThreshold);
        }
        this.toleranceMm = toleranceMm;
        this.fractionalThreshold = fractionalThreshold;
    }

    /** Reads a SEG onto a plain geometry (no Frame of Reference check). */
    public Segmentation read(Path seg, Geometry geometry) {
        return read(seg, ReferenceGrid.of(geometry));
    }

    /**
     * Reads a SEG onto the grid of the series it references, built from the given image files
     * (headers only). The series is the first of the Referenced Series Sequence (0008,1115).
     *
     * @throws DicomException when the SEG names no referenced series or the files do not hold it
     */
    public Segmentation read(Path seg, List<Path> referencedImages) {
        DicomFile file = DicomFile.open(seg);
        Attributes referenced = file.dataSet().getItem(SegTags.REFERENCED_SERIES_SEQUENCE);
        String seriesUid = referenced == null ? "" : referenced.getString(Tag.SERIES_INSTANCE_UID, "");
        if (seriesUid.isEmpty()) {
            throw new DicomException(seg + ": Referenced Series Sequence (0008,1115) names no Series Instance UID;"
                    + " pass the geometry of the referenced images instead");
        }
        return read(file, ReferenceGrid.fromFiles(referencedImages, seriesUid));
    }

    /** Reads a SEG onto a reference grid. */
    public Segmentation read(Path seg, ReferenceGrid grid) {
        return read(DicomFile.open(seg), grid);
    }

    /**
     * Reads an opened SEG onto a reference grid.
     *
     * @throws DicomException when the file is not a valid SEG or does not fit the grid
     */
    public Segmentation read(DicomFile file, ReferenceGrid grid) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(grid, "grid");
        String source = file.path().toString();
        Attributes dataSet = file.dataSet();
        checkSopClass(dataSet, source);

        String type = dataSet.getString(SegTags.SEGMENTATION_TYPE, "");
        if (!type.equals("BINARY") && !type.equals("FRACTIONAL") && !type.equals("LABELMAP")) {
            throw new DicomException(source + ": Segmentation Type (0062,0001): expected BINARY, FRACTIONAL or LABELMAP, found \""
                    + type + "\"");
        }
        List<SegmentDescription> segments = readSegments(dataSet, source);
        PixelData pixels = PixelData.of(file);
        checkPixelModule(pixels, type, grid.geometry(), source);
        checkFrameOfReference(dataSet, grid, source);

        Geometry geometry = grid.geometry();
        Attributes shared = dataSet.getItem(Tag.SHARED_FUNCTIONAL_GROUPS_SEQUENCE);
        List<Attributes> perFrame = dataSet.getSequence(Tag.PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE);
        int frames = pixels.frameCount();
        if (perFrame.size() != frames) {
            throw new DicomException(source + ": Per-frame Functional Groups Sequence (5200,9230): expected " + frames
                    + " items (Number of Frames), found " + perFrame.size());
        }

        Map<Integer, Mask> masks = new LinkedHashMap<>();
        Map<Integer, FloatVolume> fractions = new LinkedHashMap<>();
        for (SegmentDescription segment : segments) {
            masks.put(segment.segmentNumber(), new Mask(geometry));
            if (type.equals("FRACTIONAL")) {
                fractions.put(segment.segmentNumber(), new FloatVolume(geometry, new float[geometry.voxelCount()]));
            }
        }
        double maximumFraction = type.equals("FRACTIONAL") ? maximumFractionalValue(dataSet, source) : 1;

        Set<Long> filled = new HashSet<>();
        for (int f = 0; f < frames; f++) {
            Attributes groups = perFrame.get(f);
            checkOrientation(groups, shared, geometry, f, source);
            checkPixelSpacing(groups, shared, geometry, f, source);
            int slice = matchSlice(groups, shared, grid, f, source);
            int[] values = pixels.decodeFrame(f).values();
            if (type.equals("LABELMAP")) {
                placeLabels(values, slice, masks, f, source);
                continue;
            }
            int segmentNumber = referencedSegment(groups, shared, masks, f, source);
            if (!filled.add(((long) segmentNumber << 32) | slice)) {
                LOG.warn("{}: frame {} repeats segment {} on slice {}; the frames are combined", source, f + 1, segmentNumber, slice);
            }
            if (type.equals("BINARY")) {
                placeBinary(values, slice, masks.get(segmentNumber));
            } else {
                placeFractional(values, slice, maximumFraction, masks.get(segmentNumber), fractions.get(segmentNumber));
            }
        }
        LOG.debug("{}: read {} frames of {} segments ({})", source, frames, segments.size(), type);
        return new Segmentation(file.sopInstanceUid(), type, dataSet.getString(Tag.FRAME_OF_REFERENCE_UID, ""), geometry,
                segments, masks, fractions);
    }

    private static void checkSopClass(Attributes dataSet, String source) {
        String sopClass = dataSet.getString(Tag.SOP_CLASS_UID, "");
        if (!sopClass.equals(SegTags.SEGMENTATION_STORAGE) && !sopClass.equals(SegTags.LABEL_MAP_SEGMENTATION_STORAGE)) {
            throw new DicomException(source + ": SOP Class UID (0008,0016): expected Segmentation Storage "
                    + SegTags.SEGMENTATION_STORAGE + " or Label Map Segmentation Storage " + SegTags.LABEL_MAP_SEGMENTATION_STORAGE
                    + ", found \"" + sopClass + "\"");
        }
    }

    static List<SegmentDescription> readSegments(Attributes dataSet, String source) {
        List<Attributes> items = dataSet.getSequence(SegTags.SEGMENT_SEQUENCE);
        if (items.isEmpty()) {
            throw new DicomException(source + ": Segment Sequence (0062,0002): expected at least one item, found none");
        }
        List<SegmentDescription> segments = new ArrayList<>();
        Set<Integer> numbers = new HashSet<>();
        for (int n = 0; n < items.size(); n++) {
            Attributes item = items.get(n);
            int number = item.getInt(SegTags.SEGMENT_NUMBER, -1);
            if (number < 1) {
                throw new DicomException(source + ": Segment Sequence item " + (n + 1)
                        + ": Segment Number (0062,0004): expected a value of 1 or more, found " + number);
            }
            if (!numbers.add(number)) {
                throw new DicomException(source + ": Segment Sequence item " + (n + 1) + ": Segment Number " + number
                        + " is used by an earlier item");
            }
            segments.add(new SegmentDescription(number, item.getString(SegTags.SEGMENT_LABEL, ""),
                    item.getString(SegTags.SEGMENT_ALGORITHM_TYPE, ""), item.getString(SegTags.SEGMENT_ALGORITHM_NAME, ""),
                    CodedConcept.of(item.getItem(SegTags.SEGMENTED_PROPERTY_CATEGORY_CODE_SEQUENCE)),
                    CodedConcept.of(item.getItem(SegTags.SEGMENTED_PROPERTY_TYPE_CODE_SEQUENCE))));
        }
        return segments;
    }

    private static void checkPixelModule(PixelData pixels, String type, Geometry geometry, String source) {
        int bits = pixels.module().bitsAllocated();
        int expectedBits = switch (type) {
            case "BINARY" -> 1;
            case "FRACTIONAL" -> 8;
            default -> bits == 16 ? 16 : 8;
        };
        if (bits != expectedBits) {
            throw new DicomException(source + ": Bits Allocated (0028,0100): expected " + expectedBits + " for a " + type
                    + " segmentation, found " + bits);
        }
        if (pixels.module().samplesPerPixel() != 1) {
            throw new DicomException(source + ": Samples per Pixel (0028,0002): expected 1, found " + pixels.module().samplesPerPixel());
        }
        if (pixels.module().rows() != geometry.rows() || pixels.module().columns() != geometry.columns()) {
            throw new DicomException(source + ": frame size (Columns x Rows): expected " + geometry.columns() + " x " + geometry.rows()
                    + " as the referenced images, found " + pixels.module().columns() + " x " + pixels.module().rows());
        }
    }

    private static void checkFrameOfReference(Attributes dataSet, ReferenceGrid grid, String source) {
        String segFrame = dataSet.getString(Tag.FRAME_OF_REFERENCE_UID, "");
        if (!segFrame.isEmpty() && !grid.frameOfReferenceUid().isEmpty() && !segFrame.equals(grid.frameOfReferenceUid())) {
            throw new DicomException(source + ": Frame of Reference UID (0020,0052): expected " + grid.frameOfReferenceUid()
                    + " as the referenced images, found " + segFrame);
        }
    }

    private static double maximumFractionalValue(Attributes dataSet, String source) {
        int maximum = dataSet.getInt(SegTags.MAXIMUM_FRACTIONAL_VALUE, -1);
        if (maximum < 1 || maximum > 255) {
            throw new DicomException(source + ": Maximum Fractional Value (0062,000E): expected 1..255 for a FRACTIONAL segmentation, found "
                    + (maximum < 0 ? "none" : Integer.toString(maximum)));
        }
        return maximum;
    }

    /** Returns the value of a functional group macro: the frame's item first, else the shared one. */
    private static double[] functional(Attributes frameGroups, Attributes shared, int sequence, int tag) {
        for (Attributes groups : new Attributes[] {frameGroups, shared}) {
            Attributes item = groups == null ? null : groups.getItem(sequence);
            if (item != null && item.contains(tag)) {
                return item.getDoubles(tag);
            }
        }
        return null;
    }

    private static void checkOrientation(Attributes groups, Attributes shared, Geometry geometry, int frame, String source) {
        double[] orientation = functional(groups, shared, Tag.PLANE_ORIENTATION_SEQUENCE, Tag.IMAGE_ORIENTATION_PATIENT);
        if (orientation == null || orientation.length != 6) {
            throw new DicomException(source + ": frame " + (frame + 1) + ": expected Image Orientation (Patient) in the Plane"
                    + " Orientation Sequence (0020,9116), found " + (orientation == null ? "none" : orientation.length + " values"));
        }
        double[] direction = geometry.direction();
        for (int n = 0; n < 6; n++) {
            if (Math.abs(orientation[n] - direction[n]) > ORIENTATION_TOLERANCE) {
                throw new DicomException(source + ": frame " + (frame + 1) + ": Image Orientation (Patient) "
                        + format(orientation) + " differs from the referenced images' orientation "
                        + format(Arrays.copyOf(direction, 6)) + "; a SEG must be read on the grid it was drawn on");
            }
        }
    }

    private void checkPixelSpacing(Attributes groups, Attributes shared, Geometry geometry, int frame, String source) {
        double[] spacing = functional(groups, shared, Tag.PIXEL_MEASURES_SEQUENCE, Tag.PIXEL_SPACING);
        if (spacing == null || spacing.length != 2) {
            return;
        }
        // Pixel Spacing is [distance between rows, distance between columns].
        double rowSpacing = geometry.spacing(1);
        double columnSpacing = geometry.spacing(0);
        if (Math.abs(spacing[0] - rowSpacing) > toleranceMm || Math.abs(spacing[1] - columnSpacing) > toleranceMm) {
            throw new DicomException(source + ": frame " + (frame + 1) + ": Pixel Spacing " + format(spacing)
                    + " differs from the referenced images' " + format(new double[] {rowSpacing, columnSpacing})
                    + " by more than " + toleranceMm + " mm");
        }
    }

    private int matchSlice(Attributes groups, Attributes shared, ReferenceGrid grid, int frame, String source) {
        double[] position = functional(groups, shared, Tag.PLANE_POSITION_SEQUENCE, Tag.IMAGE_POSITION_PATIENT);
        if (position == null || position.length != 3) {
            boolean slide = groups != null && groups.contains(SegTags.PLANE_POSITION_SLIDE_SEQUENCE);
            throw new DicomException(source + ": frame " + (frame + 1) + ": expected Image Position (Patient) in the Plane Position"
                    + " Sequence (0020,9113), found " + (slide ? "a Plane Position (Slide) Sequence (slide coordinates are not supported)"
                    : "none"));
        }
        ReferenceGrid.SliceMatch match = grid.nearestSlice(position);
        if (Math.abs(match.normalDistanceMm()) > toleranceMm) {
            throw new DicomException(String.format(Locale.ROOT, "%s: frame %d at Image Position (Patient) %s matches no slice of the"
                    + " referenced images: the nearest, slice %d, lies %.4f mm away along the slice normal (tolerance %s mm)",
                    source, frame + 1, format(position), match.slice(), Math.abs(match.normalDistanceMm()), toleranceMm));
        }
        if (Math.abs(match.rowOffsetMm()) > toleranceMm || Math.abs(match.columnOffsetMm()) > toleranceMm) {
            throw new DicomException(String.format(Locale.ROOT, "%s: frame %d at Image Position (Patient) %s lies in the plane of"
                    + " slice %d but is shifted by %.4f mm along the rows and %.4f mm along the columns from the slice's first pixel"
                    + " (tolerance %s mm)", source, frame + 1, format(position), match.slice(), match.rowOffsetMm(),
                    match.columnOffsetMm(), toleranceMm));
        }
        return match.slice();
    }

    private static int referencedSegment(Attributes groups, Attributes shared, Map<Integer, Mask> masks, int frame, String source) {
        int number = -1;
        for (Attributes item : new Attributes[] {groups, shared}) {
            Attributes identification = item == null ? null : item.getItem(SegTags.SEGMENT_IDENTIFICATION_SEQUENCE);
            if (identification != null) {
                number = identification.getInt(SegTags.REFERENCED_SEGMENT_NUMBER, -1);
                break;
            }
        }
        if (!masks.containsKey(number)) {
            throw new DicomException(source + ": frame " + (frame + 1) + ": Referenced Segment Number (0062,000B) in the Segment"
                    + " Identification Sequence: expected one of " + masks.keySet() + ", found " + (number < 0 ? "none" : number));
        }
        return number;
    }

    private static void placeBinary(int[] values, int slice, Mask mask) {
        int base = slice * values.length;
        for (int n = 0; n < values.length; n++) {
            if (values[n] != 0) {
                mask.set(base + n, true);
            }
        }
    }

    private void placeFractional(int[] values, int slice, double maximum, Mask mask, FloatVolume fraction) {
        int base = slice * values.length;
        float[] array = fraction.array();
        for (int n = 0; n < values.length; n++) {
            double value = values[n] / maximum;
            array[base + n] = (float) Math.max(array[base + n], value);
            if (value >= fractionalThreshold) {
                mask.set(base + n, true);
            }
        }
    }

    private static void placeLabels(int[] values, int slice, Map<Integer, Mask> masks, int frame, String source) {
        int base = slice * values.length;
        for (int n = 0; n < values.length; n++) {
            if (values[n] == 0) {
                continue;
            }
            Mask mask = masks.get(values[n]);
            if (mask == null) {
                throw new DicomException(source + ": frame " + (frame + 1) + ": pixel value " + values[n]
                        + " is no Segment Number of the Segment Sequence " + masks.keySet());
            }
            mask.set(base + n, true);
        }
    }

    private static String format(double[] values) {
        StringBuilder text = new StringBuilder("[");
        for (int n = 0; n < values.length; n++) {
            text.append(n == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", values[n]));
        }
        return text.append(']').toString();
    }
}
