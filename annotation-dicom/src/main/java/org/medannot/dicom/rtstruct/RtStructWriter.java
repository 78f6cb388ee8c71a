package org.medannot.dicom.rtstruct;

import static org.medannot.dicom.seg.internal.DerivedObjectSupport.setIntegerString;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.geometry.Polygon;
import org.medannot.core.mask.Mask;
import org.medannot.core.ops.ContourTracer;
import org.medannot.dicom.Attributes;
import org.medannot.dicom.Tag;
import org.medannot.dicom.TransferSyntax;
import org.medannot.dicom.VR;
import org.medannot.dicom.io.DicomWriter;
import org.medannot.dicom.io.MutableAttributes;
import org.medannot.dicom.seg.ReferenceGrid;
import org.medannot.dicom.seg.internal.DerivedObjectSupport;

/**
 * Builds and writes RT Structure Sets (PS3.3 section A.19) from masks on the grid of a DICOM
 * series.
 *
 * <p>Each slice of each mask is traced with {@link ContourTracer}: every ring (outer boundaries
 * and hole boundaries alike) becomes one CLOSED_PLANAR contour along the pixel edges, converted
 * to LPS patient coordinates in mm through the slice's position, the grid's directions and
 * spacing. Read with the even-odd rule on pixel centres ({@link ContourRasterizer}), the
 * contours give back exactly the mask, holes included. Each contour references the image of its
 * slice in the Contour Image Sequence.
 *
 * <p>Files are written in Implicit VR Little Endian, whose 32-bit value lengths hold Contour Data
 * of any size (Explicit VR gives DS only a 16-bit length).
 */
public final class RtStructWriter {

    private static final String DETACHED_STUDY_MANAGEMENT = "1.2.840.10008.3.1.2.3.1";
    private static final Set<String> ALGORITHMS = Set.of("AUTOMATIC", "SEMIAUTOMATIC", "MANUAL");

    private static final int MANUFACTURER = 0x00080070;
    private static final int OPERATORS_NAME = 0x00081070;
    private static final int POSITION_REFERENCE_INDICATOR = 0x00201040;
    private static final int STRUCTURE_SET_DATE = 0x30060008;
    private static final int STRUCTURE_SET_TIME = 0x30060009;
    private static final int REFERENCED_SOP_CLASS_UID = 0x00081150;
    private static final int ROI_DISPLAY_COLOR = 0x3006002A;
    private static final int RT_ROI_OBSERVATIONS_SEQUENCE = 0x30060080;
    private static final int OBSERVATION_NUMBER = 0x30060082;
    private static final int RT_ROI_INTERPRETED_TYPE = 0x300600A4;
    private static final int ROI_INTERPRETER = 0x300600A6;

    /**
     * One ROI to write.
     *
     * @param number ROI Number, unique and at least 1
     * @param name ROI Name, not empty
     * @param generationAlgorithm ROI Generation Algorithm: AUTOMATIC, SEMIAUTOMATIC or MANUAL
     * @param interpretedType RT ROI Interpreted Type (such as ORGAN, PTV, GTV), or empty
     * @param color ROI Display Color, three values 0..255 (red, green, blue)
     */
    public record RoiSpec(int number, String name, String generationAlgorithm, String interpretedType, int[] color) {

        public RoiSpec {
            if (number < 1) {
                throw new IllegalArgumentException("number must be >= 1, but was " + number);
            }
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must not be empty (ROI " + number + ")");
            }
            if (!ALGORITHMS.contains(generationAlgorithm)) {
                throw new IllegalArgumentException("generationAlgorithm must be one of " + ALGORITHMS + ", but was "
                        + generationAlgorithm + " (ROI " + number + ")");
            }
            interpretedType = interpretedType == null ? "" : interpretedType;
            if (color == null || color.length != 3 || !(color[0] >= 0 && color[0] <= 255 && color[1] >= 0 && color[1] <= 255
                    && color[2] >= 0 && color[2] <= 255)) {
                throw new IllegalArgumentException("color must be three values in 0..255 (ROI " + number + ")");
            }
            color = color.clone();
        }

        @Override
        public int[] color() {
            return color.clone();
        }
    }

    /**
     * Values the writer cannot derive from its inputs.
     *
     * @param seriesInstanceUid Series Instance UID of the structure set
     * @param sopInstanceUid SOP Instance UID of the structure set
     * @param time Structure Set Date and Time (UTC)
     * @param seriesNumber Series Number
     * @param structureSetLabel Structure Set Label (SH: at most 16 characters), not empty
     * @param manufacturer Manufacturer
     */
    public record Options(String seriesInstanceUid, String sopInstanceUid, Instant time, int seriesNumber, String structureSetLabel,
            String manufacturer) {

        public Options {
            Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
            Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(manufacturer, "manufacturer");
            if (structureSetLabel == null || structureSetLabel.isBlank() || structureSetLabel.length() > 16) {
                throw new IllegalArgumentException("structureSetLabel must be 1 to 16 characters, but was " + structureSetLabel);
            }
        }

        /** New random UIDs, the current time, series number 301 and this SDK as manufacturer. */
        public static Options defaults() {
            return new Options(DerivedObjectSupport.newUid(), DerivedObjectSupport.newUid(), Instant.now(), 301, "ANNOTATIONS",
                    "medannot");
        }
    }

    private final Options options;

    /** A writer with {@link Options#defaults()}. */
    public RtStructWriter() {
        this(Options.defaults());
    }

    public RtStructWriter(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Builds the structure set.
     *
     * @param grid the grid of the source series, with SOP Instance UIDs
     * @param sourceImage the data set of one image of the series (Patient and Study attributes)
     * @param rois one spec per mask
     * @param masks the ROIs, each on {@code grid.geometry()}
     * @throws IllegalArgumentException when the inputs do not match, an ROI number repeats, or
     *     the grid has no UIDs
     */
    public MutableAttributes build(ReferenceGrid grid, Attributes sourceImage, List<RoiSpec> rois, List<Mask> masks) {
        checkInputs(grid, sourceImage, rois, masks);
        MutableAttributes set = new MutableAttributes();
        set.setString(Tag.SOP_CLASS_UID, VR.UI, RtTags.RT_STRUCTURE_SET_STORAGE);
        set.setString(Tag.SOP_INSTANCE_UID, VR.UI, options.sopInstanceUid());
        DerivedObjectSupport.copyPatientAndStudy(set, sourceImage);

        // RT Series and General Equipment.
        set.setString(Tag.MODALITY, VR.CS, "RTSTRUCT");
        set.setString(Tag.SERIES_INSTANCE_UID, VR.UI, options.seriesInstanceUid());
        setIntegerString(set, Tag.SERIES_NUMBER, options.seriesNumber());
        set.setEmpty(OPERATORS_NAME, VR.PN);
        set.setString(MANUFACTURER, VR.LO, options.manufacturer());

        // Frame of Reference: the source series' own.
        set.setString(Tag.FRAME_OF_REFERENCE_UID, VR.UI, grid.frameOfReferenceUid());
        set.setEmpty(POSITION_REFERENCE_INDICATOR, VR.LO);

        // Structure Set.
        setIntegerString(set, Tag.INSTANCE_NUMBER, 1);
        set.setString(RtTags.STRUCTURE_SET_LABEL, VR.SH, options.structureSetLabel());
        set.setString(STRUCTURE_SET_DATE, VR.DA, DerivedObjectSupport.date(options.time()));
        set.setString(STRUCTURE_SET_TIME, VR.TM, DerivedObjectSupport.time(options.time()));
        set.setSequence(RtTags.REFERENCED_FRAME_OF_REFERENCE_SEQUENCE, List.of(referencedFrame(grid)));
        List<MutableAttributes> roiItems = new ArrayList<>();
        List<MutableAttributes> contourItems = new ArrayList<>();
        List<MutableAttributes> observations = new ArrayList<>();
        for (int r = 0; r < rois.size(); r++) {
            RoiSpec roi = rois.get(r);
            roiItems.add(roiItem(roi, grid));
            contourItems.add(contourItem(roi, masks.get(r), grid));
            observations.add(observation(roi, r + 1));
        }
        set.setSequence(RtTags.STRUCTURE_SET_ROI_SEQUENCE, roiItems);
        set.setSequence(RtTags.ROI_CONTOUR_SEQUENCE, contourItems);
        set.setSequence(RT_ROI_OBSERVATIONS_SEQUENCE, observations);
        return set;
    }

    /** Writes a structure set as a Part 10 file in Implicit VR Little Endian, through a temporary file. */
    public static void write(Path target, MutableAttributes structureSet) throws IOException {
        DicomWriter.write(target, structureSet, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid(), null);
    }

    private static void checkInputs(ReferenceGrid grid, Attributes sourceImage, List<RoiSpec> rois, List<Mask> masks) {
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(sourceImage, "sourceImage");
        if (rois.size() != masks.size()) {
            throw new IllegalArgumentException("rois has " + rois.size() + " entries but masks has " + masks.size());
        }
        Set<Integer> numbers = new HashSet<>();
        for (int r = 0; r < rois.size(); r++) {
            if (!numbers.add(rois.get(r).number())) {
                throw new IllegalArgumentException("ROI number " + rois.get(r).number() + " is used twice");
            }
            Geometry found = masks.get(r).geometry();
            if (!grid.geometry().sameGrid(found, Mask.GRID_TOLERANCE_MM)) {
                throw new IllegalArgumentException("mask of ROI " + rois.get(r).number() + " lies on another grid than the series: "
                        + grid.geometry().describeDifference(found, Mask.GRID_TOLERANCE_MM));
            }
        }
        if (grid.frameOfReferenceUid().isEmpty() || grid.seriesInstanceUid().isEmpty() || grid.studyInstanceUid().isEmpty()) {
            throw new IllegalArgumentException("the grid has no Frame of Reference, Study or Series Instance UID;"
                    + " build it from the DICOM series");
        }
        for (int k = 0; k < grid.slices(); k++) {
            if (grid.sopInstanceUid(k).isEmpty() || grid.sopClassUid(k).isEmpty()) {
                throw new IllegalArgumentException("slice " + k + " of the grid has no SOP Instance or Class UID;"
                        + " build the grid from the DICOM series");
            }
        }
    }

    private static MutableAttributes referencedFrame(ReferenceGrid grid) {
        List<MutableAttributes> images = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < grid.slices(); k++) {
            if (seen.add(grid.sopInstanceUid(k))) {
                images.add(imageReference(grid, k));
            }
        }
        MutableAttributes series = new MutableAttributes();
        series.setString(Tag.SERIES_INSTANCE_UID, VR.UI, grid.seriesInstanceUid());
        series.setSequence(RtTags.CONTOUR_IMAGE_SEQUENCE, images);
        MutableAttributes study = new MutableAttributes();
        study.setString(REFERENCED_SOP_CLASS_UID, VR.UI, DETACHED_STUDY_MANAGEMENT);
        study.setString(RtTags.REFERENCED_SOP_INSTANCE_UID, VR.UI, grid.studyInstanceUid());
        study.setSequence(RtTags.RT_REFERENCED_SERIES_SEQUENCE, List.of(series));
        MutableAttributes frame = new MutableAttributes();
        frame.setString(Tag.FRAME_OF_REFERENCE_UID, VR.UI, grid.frameOfReferenceUid());
        frame.setSequence(RtTags.RT_REFERENCED_STUDY_SEQUENCE, List.of(study));
        return frame;
    }

    private static MutableAttributes imageReference(ReferenceGrid grid, int k) {
        MutableAttributes image = new MutableAttributes();
        image.setString(REFERENCED_SOP_CLASS_UID, VR.UI, grid.sopClassUid(k));
        image.setString(RtTags.REFERENCED_SOP_INSTANCE_UID, VR.UI, grid.sopInstanceUid(k));
        return image;
    }

    private static MutableAttributes roiItem(RoiSpec roi, ReferenceGrid grid) {
        MutableAttributes item = new MutableAttributes();
        setIntegerString(item, RtTags.ROI_NUMBER, roi.number());
        item.setString(RtTags.REFERENCED_FRAME_OF_REFERENCE_UID, VR.UI, grid.frameOfReferenceUid());
        item.setString(RtTags.ROI_NAME, VR.LO, roi.name());
        item.setString(RtTags.ROI_GENERATION_ALGORITHM, VR.CS, roi.generationAlgorithm());
        return item;
    }

    private static MutableAttributes contourItem(RoiSpec roi, Mask mask, ReferenceGrid grid) {
        MutableAttributes item = new MutableAttributes();
        int[] color = roi.color();
        item.setString(ROI_DISPLAY_COLOR, VR.IS, Integer.toString(color[0]), Integer.toString(color[1]), Integer.toString(color[2]));
        List<MutableAttributes> contours = new ArrayList<>();
        for (int k = 0; k < grid.slices(); k++) {
            for (Polygon polygon : ContourTracer.trace(mask, k)) {
                for (double[] ring : polygon.rings()) {
                    contours.add(contour(ring, k, grid));
                }
            }
        }
        // An ROI without voxels keeps an empty Contour Sequence, which the module allows (Type 3).
        if (!contours.isEmpty()) {
            item.setSequence(RtTags.CONTOUR_SEQUENCE, contours);
        }
        setIntegerString(item, RtTags.REFERENCED_ROI_NUMBER, roi.number());
        return item;
    }

    /** Converts a ring in pixel-edge coordinates of slice k (pixel centres at +0.5) to a contour in LPS mm. */
    private static MutableAttributes contour(double[] ring, int k, ReferenceGrid grid) {
        Geometry geometry = grid.geometry();
        double[] direction = geometry.direction();
        double[] origin = grid.slicePosition(k);
        int count = ring.length / 2;
        double[] points = new double[3 * count];
        for (int p = 0; p < count; p++) {
            double alongRow = (ring[2 * p] - 0.5) * geometry.spacing(0);
            double alongColumn = (ring[2 * p + 1] - 0.5) * geometry.spacing(1);
            for (int c = 0; c < 3; c++) {
                points[3 * p + c] = origin[c] + alongRow * direction[c] + alongColumn * direction[3 + c];
            }
        }
        MutableAttributes contour = new MutableAttributes();
        contour.setSequence(RtTags.CONTOUR_IMAGE_SEQUENCE, List.of(imageReference(grid, k)));
        contour.setString(RtTags.CONTOUR_GEOMETRIC_TYPE, VR.CS, "CLOSED_PLANAR");
        setIntegerString(contour, RtTags.NUMBER_OF_CONTOUR_POINTS, count);
        DerivedObjectSupport.setDecimals(contour, RtTags.CONTOUR_DATA, points);
        return contour;
    }

    private static MutableAttributes observation(RoiSpec roi, int observationNumber) {
        MutableAttributes item = new MutableAttributes();
        setIntegerString(item, OBSERVATION_NUMBER, observationNumber);
        setIntegerString(item, RtTags.REFERENCED_ROI_NUMBER, roi.number());
        if (roi.interpretedType().isEmpty()) {
            item.setEmpty(RT_ROI_INTERPRETED_TYPE, VR.CS);
        } else {
            item.setString(RT_ROI_INTERPRETED_TYPE, VR.CS, roi.interpretedType());
        }
        item.setEmpty(ROI_INTERPRETER, VR.PN);
        return item;
    }
}
