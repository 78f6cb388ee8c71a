package org.medannot.dicom.seg;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.core.volume.FloatVolume;
import org.medannot.dicom.Attributes;
import org.medannot.dicom.Tag;
import org.medannot.dicom.TransferSyntax;
import org.medannot.dicom.VR;
import org.medannot.dicom.io.DicomWriter;
import org.medannot.dicom.io.MutableAttributes;
import org.medannot.dicom.seg.internal.DerivedObjectSupport;

/**
 * Builds and writes DICOM Segmentation objects (PS3.3 section A.51) on the grid of a DICOM
 * series.
 *
 * <p>One frame is written per segment and slice that contains at least one voxel of the segment;
 * empty frames are omitted. Frames go segment by segment in spec order, then by slice index.
 * Each frame carries its slice's Image Position (Patient) in the Plane Position Sequence, the
 * slice's image in the Derivation Image Sequence, and Dimension Index Values (Referenced Segment
 * Number, then the 1-based slice index). The shared functional groups hold Pixel Measures
 * (Pixel Spacing, Slice Thickness = the grid's slice spacing) and Plane Orientation.
 *
 * <p>BINARY frames are 1 bit per pixel, packed back to back with no padding between frames
 * (PS3.5 section 8.1.1). FRACTIONAL frames are 8-bit PROBABILITY values: round(255 x p) for p
 * clamped to 0..1, with Maximum Fractional Value 255.
 *
 * <p>The SEG gets new Series and SOP Instance UIDs (or those of {@link Options}) and keeps the
 * source's Frame of Reference UID, Patient and General Study attributes. The grid must come from
 * a DICOM series ({@link ReferenceGrid#of(org.medannot.dicom.series.DicomVolume)} or
 * {@link ReferenceGrid#fromFiles}), so that every slice has a SOP Instance UID.
 */
public final class SegWriter {

    static final int SEGMENTATION_FRACTIONAL_TYPE = 0x00620010;
    private static final int MAXIMUM_FRACTION = 255;

    /**
     * Values the writer cannot derive from its inputs.
     *
     * @param seriesInstanceUid Series Instance UID of the SEG
     * @param sopInstanceUid SOP Instance UID of the SEG
     * @param contentTime Content Date and Time (UTC)
     * @param seriesNumber Series Number
     * @param seriesDescription Series Description, may be empty
     * @param manufacturer Manufacturer
     * @param softwareVersion Software Versions
     * @param contentLabel Content Label (CS: upper case, digits, space, underscore; at most 16 characters)
     */
    public record Options(String seriesInstanceUid, String sopInstanceUid, Instant contentTime, int seriesNumber,
            String seriesDescription, String manufacturer, String softwareVersion, String contentLabel) {

        public Options {
            Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
            Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
            Objects.requireNonNull(contentTime, "contentTime");
            Objects.requireNonNull(seriesDescription, "seriesDescription");
            Objects.requireNonNull(manufacturer, "manufacturer");
            Objects.requireNonNull(softwareVersion, "softwareVersion");
            if (contentLabel == null || !contentLabel.matches("[A-Z0-9 _]{1,16}")) {
                throw new IllegalArgumentException("contentLabel must be 1 to 16 characters of A-Z, 0-9, space or underscore, but was "
                        + contentLabel);
            }
        }

        /** New random UIDs, the current time, series number 300 and this SDK as manufacturer. */
        public static Options defaults() {
            return new Options(DerivedObjectSupport.newUid(), DerivedObjectSupport.newUid(), Instant.now(), 300,
                    "Segmentation", "medannot", "0.1", "SEGMENTATION");
        }
    }

    private final Options options;

    /** A writer with {@link Options#defaults()}. */
    public SegWriter() {
        this(Options.defaults());
    }

    public SegWriter(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Builds a BINARY SEG with one segment per label of a label map.
     *
     * @param specs the spec of each label present in {@code labels}; taken in ascending label
     *     order, their numbers must be 1, 2, 3, ... (the number need not equal the label)
     * @throws IllegalArgumentException when a present label has no spec, or see {@link #binary(ReferenceGrid, Attributes, List, List)}
     */
    public MutableAttributes binary(ReferenceGrid grid, Attributes sourceImage, LabelMap labels, Map<Integer, SegmentSpec> specs) {
        List<SegmentSpec> ordered = new ArrayList<>();
        List<Mask> masks = new ArrayList<>();
        for (int label : labels.labels()) {
            SegmentSpec spec = specs.get(label);
            if (spec == null) {
                throw new IllegalArgumentException("label " + label + " is present in the label map but has no segment spec");
            }
            ordered.add(spec);
            masks.add(labels.mask(label));
        }
        return binary(grid, sourceImage, ordered, masks);
    }

    /**
     * Builds a BINARY SEG.
     *
     * @param grid the grid of the source series, with SOP Instance UIDs
     * @param sourceImage the data set of one image of the series (Patient and Study attributes)
     * @param specs one spec per mask, in the order of {@code masks}, numbered 1, 2, 3, ...
     * @param masks the segments, each on {@code grid.geometry()}
     * @throws IllegalArgumentException when the inputs do not match, the segment numbers are not
     *     1, 2, 3, ... in order, or the grid has no UIDs
     */
    public MutableAttributes binary(ReferenceGrid grid, Attributes sourceImage, List<SegmentSpec> specs, List<Mask> masks) {
        checkInputs(grid, sourceImage, specs, masks.size());
        Geometry geometry = grid.geometry();
        int frameSize = geometry.sliceSize();
        List<int[]> frames = nonEmptyFrames(geometry, specs, masks);

        long bits = (long) frames.size() * frameSize;
        long length = (bits + 15) / 16 * 2;
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(frames.size() + " frames of " + frameSize + " pixels need " + length
                    + " bytes of Pixel Data, more than a Java array holds; write fewer segments per SEG");
        }
        byte[] pixels = new byte[(int) length];
        long bit = 0;
        for (int[] frame : frames) {
            Mask mask = masks.get(frame[0]);
            int base = frame[1] * frameSize;
            for (int n = 0; n < frameSize; n++, bit++) {
                if (mask.get(base + n)) {
                    pixels[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
                }
            }
        }

        MutableAttributes seg = build(grid, sourceImage, specs, frames, "BINARY");
        seg.setUnsignedShorts(Tag.BITS_ALLOCATED, 1);
        seg.setUnsignedShorts(Tag.BITS_STORED, 1);
        seg.setUnsignedShorts(Tag.HIGH_BIT, 0);
        seg.setBytes(Tag.PIXEL_DATA, VR.OB, pixels);
        return seg;
    }

    /** Lists {segment index, slice index} of every slice that contains voxels of a segment, segment by segment. */
    private static List<int[]> nonEmptyFrames(Geometry geometry, List<SegmentSpec> specs, List<Mask> masks) {
        int frameSize = geometry.sliceSize();
        List<int[]> frames = new ArrayList<>();
        for (int s = 0; s < specs.size(); s++) {
            Mask mask = masks.get(s);
            checkGrid(geometry, mask.geometry(), "mask of segment " + specs.get(s).number());
            for (int k = 0; k < geometry.slices(); k++) {
                int next = mask.nextSetBit(k * frameSize);
                if (next >= 0 && next < (k + 1) * frameSize) {
                    frames.add(new int[] {s, k});
                }
            }
        }
        return frames;
    }

    /**
     * Builds a FRACTIONAL (PROBABILITY) SEG from per-segment fractions in 0..1; values outside
     * are clamped and NaN counts as 0.
     *
     * @throws IllegalArgumentException as {@link #binary(ReferenceGrid, Attributes, List, List)}
     */
    public MutableAttributes fractional(ReferenceGrid grid, Attributes sourceImage, List<SegmentSpec> specs,
            List<FloatVolume> fractions) {
        checkInputs(grid, sourceImage, specs, fractions.size());
        Geometry geometry = grid.geometry();
        int frameSize = geometry.sliceSize();
        List<int[]> frames = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (int s = 0; s < specs.size(); s++) {
            FloatVolume fraction = fractions.get(s);
            checkGrid(geometry, fraction.geometry(), "fractions of segment " + specs.get(s).number());
            for (int k = 0; k < geometry.slices(); k++) {
                byte[] frame = new byte[frameSize];
                boolean empty = true;
                for (int n = 0; n < frameSize; n++) {
                    double p = fraction.getDouble(k * frameSize + n);
                    int stored = Double.isNaN(p) ? 0 : (int) Math.round(Math.max(0, Math.min(1, p)) * MAXIMUM_FRACTION);
                    frame[n] = (byte) stored;
                    empty &= stored == 0;
                }
                if (!empty) {
                    frames.add(new int[] {s, k});
                    values.add(frame);
                }
            }
        }
        long length = ((long) frames.size() * frameSize + 1) / 2 * 2;
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(frames.size() + " frames of " + frameSize + " pixels need " + length
                    + " bytes of Pixel Data, more than a Java array holds; write fewer segments per SEG");
        }
        byte[] pixels = new byte[(int) length];
        for (int f = 0; f < values.size(); f++) {
            System.arraycopy(values.get(f), 0, pixels, f * frameSize, frameSize);
        }
        MutableAttributes seg = build(grid, sourceImage, specs, frames, "FRACTIONAL");
        seg.setString(SEGMENTATION_FRACTIONAL_TYPE, VR.CS, "PROBABILITY");
        seg.setUnsignedShorts(SegTags.MAXIMUM_FRACTIONAL_VALUE, MAXIMUM_FRACTION);
        seg.setUnsignedShorts(Tag.BITS_ALLOCATED, 8);
        seg.setUnsignedShorts(Tag.BITS_STORED, 8);
        seg.setUnsignedShorts(Tag.HIGH_BIT, 7);
        seg.setBytes(Tag.PIXEL_DATA, VR.OB, pixels);
        return seg;
    }

    /**
     * Writes a SEG data set as a Part 10 file in Explicit VR Little Endian, through a temporary
     * file moved into place.
     */
    public static void write(Path target, MutableAttributes seg) throws IOException {
        DicomWriter.write(target, seg, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), null);
    }

    /** Writes a SEG data set as a Part 10 file in Explicit VR Little Endian to {@code out}, and leaves it open. */
    public static void write(OutputStream out, MutableAttributes seg) throws IOException {
        String syntax = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
        DicomWriter.write(out, DicomWriter.fileMetaFor(seg, syntax, null), seg, syntax, "the SEG output stream");
    }

    private static void checkInputs(ReferenceGrid grid, Attributes sourceImage, List<SegmentSpec> specs, int segmentCount) {
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(sourceImage, "sourceImage");
        Objects.requireNonNull(specs, "specs");
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("specs must list at least one segment");
        }
        if (specs.size() != segmentCount) {
            throw new IllegalArgumentException("specs has " + specs.size() + " entries but there are " + segmentCount + " segments");
        }
        for (int n = 0; n < specs.size(); n++) {
            if (specs.get(n).number() != n + 1) {
                throw new IllegalArgumentException("segment numbers must be 1, 2, 3, ... in the order given (PS3.3 section"
                        + " C.8.20.2), but entry " + n + " has number " + specs.get(n).number());
            }
        }
        if (grid.frameOfReferenceUid().isEmpty() || grid.seriesInstanceUid().isEmpty()) {
            throw new IllegalArgumentException("the grid has no Frame of Reference or Series Instance UID; build it from the DICOM series");
        }
        for (int k = 0; k < grid.slices(); k++) {
            if (grid.sopInstanceUid(k).isEmpty() || grid.sopClassUid(k).isEmpty()) {
                throw new IllegalArgumentException("slice " + k + " of the grid has no SOP Instance or Class UID;"
                        + " build the grid from the DICOM series");
            }
        }
    }

    private static void checkGrid(Geometry expected, Geometry found, String what) {
        if (!expected.sameGrid(found, Mask.GRID_TOLERANCE_MM)) {
            throw new IllegalArgumentException(what + " lies on another grid than the series: "
                    + expected.describeDifference(found, Mask.GRID_TOLERANCE_MM));
        }
    }

    private MutableAttributes build(ReferenceGrid grid, Attributes sourceImage, List<SegmentSpec> specs, List<int[]> frames,
            String type) {
        MutableAttributes seg = new MutableAttributes();
        SegDataSet.addModules(seg, grid, sourceImage, options, specs, type);
        SegDataSet.addFunctionalGroups(seg, grid, specs, frames);
        return seg;
    }
}
