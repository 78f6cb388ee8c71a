package org.medannot.dicom.seg;

import static org.medannot.dicom.seg.internal.DerivedObjectSupport.codeItem;
import static org.medannot.dicom.seg.internal.DerivedObjectSupport.item;
import static org.medannot.dicom.seg.internal.DerivedObjectSupport.setAttributeTags;
import static org.medannot.dicom.seg.internal.DerivedObjectSupport.setCode;
import static org.medannot.dicom.seg.internal.DerivedObjectSupport.setDecimals;
import static org.medannot.dicom.seg.internal.DerivedObjectSupport.setIntegerString;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.medannot.core.geometry.Geometry;
import org.medannot.dicom.Attributes;
import org.medannot.dicom.Tag;
import org.medannot.dicom.VR;
import org.medannot.dicom.io.MutableAttributes;
import org.medannot.dicom.seg.internal.DerivedObjectSupport;

/** Fills the modules of the Segmentation IOD (PS3.3 section A.51.3) for {@link SegWriter}. */
final class SegDataSet {

    private static final int SOFTWARE_VERSIONS = 0x00181020;
    private static final int MANUFACTURER = 0x00080070;
    private static final int MANUFACTURER_MODEL_NAME = 0x00081090;
    private static final int DEVICE_SERIAL_NUMBER = 0x00181000;
    private static final int SERIES_DESCRIPTION = 0x0008103E;
    private static final int CONTENT_DATE = 0x00080023;
    private static final int CONTENT_TIME = 0x00080033;
    private static final int SERIES_DATE = 0x00080021;
    private static final int SERIES_TIME = 0x00080031;
    private static final int POSITION_REFERENCE_INDICATOR = 0x00201040;
    private static final int CONTENT_LABEL = 0x00700080;
    private static final int CONTENT_DESCRIPTION = 0x00700081;
    private static final int CONTENT_CREATOR_NAME = 0x00700084;
    private static final int LOSSY_IMAGE_COMPRESSION = 0x00282110;
    private static final int REFERENCED_INSTANCE_SEQUENCE = 0x0008114A;
    private static final int REFERENCED_SOP_CLASS_UID = 0x00081150;
    private static final int REFERENCED_SOP_INSTANCE_UID = 0x00081155;
    private static final int DIMENSION_ORGANIZATION_SEQUENCE = 0x00209221;
    private static final int DIMENSION_ORGANIZATION_UID = 0x00209164;
    private static final int DIMENSION_ORGANIZATION_TYPE = 0x00209311;
    private static final int DIMENSION_INDEX_SEQUENCE = 0x00209222;
    private static final int DIMENSION_INDEX_POINTER = 0x00209165;
    private static final int FUNCTIONAL_GROUP_POINTER = 0x00209167;
    private static final int DIMENSION_DESCRIPTION_LABEL = 0x00209421;
    private static final int DIMENSION_INDEX_VALUES = 0x00209157;
    private static final int DERIVATION_IMAGE_SEQUENCE = 0x00089124;
    private static final int SOURCE_IMAGE_SEQUENCE = 0x00082112;
    private static final int DERIVATION_CODE_SEQUENCE = 0x00089215;
    private static final int PURPOSE_OF_REFERENCE_CODE_SEQUENCE = 0x0040A170;
    private static final int SEGMENT_ALGORITHM_TYPE = SegTags.SEGMENT_ALGORITHM_TYPE;

    private static final CodedConcept SEGMENTATION_DERIVATION = new CodedConcept("113076", "DCM", "Segmentation");
    private static final CodedConcept SOURCE_IMAGE_PURPOSE =
            new CodedConcept("121322", "DCM", "Source image for image processing operation");

    private SegDataSet() {
    }

    /**
     * Returns the Study Instance UID of a SEG whose source images carry none: it is Type 1 in the
     * General Study module (PS3.3 C.7.2.1). The UID is derived from the referenced series, or
     * from the Frame of Reference when the series has no UID either, so that every SEG of that
     * series lands in one study, on every run.
     */
    static String studyUidFor(ReferenceGrid grid) {
        String basis = !grid.seriesInstanceUid().isEmpty() ? grid.seriesInstanceUid() : grid.frameOfReferenceUid();
        return basis.isEmpty() ? DerivedObjectSupport.newUid() : DerivedObjectSupport.uidFrom(basis, "study");
    }

    static void addModules(MutableAttributes seg, ReferenceGrid grid, Attributes sourceImage, SegWriter.Options options,
            List<SegmentSpec> specs, String type) {
        Geometry geometry = grid.geometry();
        String date = DerivedObjectSupport.date(options.contentTime());
        String time = DerivedObjectSupport.time(options.contentTime());

        // SOP Common, Patient, General Study.
        seg.setString(Tag.SOP_CLASS_UID, VR.UI, SegTags.SEGMENTATION_STORAGE);
        seg.setString(Tag.SOP_INSTANCE_UID, VR.UI, options.sopInstanceUid());
        DerivedObjectSupport.copyPatientAndStudy(seg, sourceImage);
        String study = seg.getString(Tag.STUDY_INSTANCE_UID);
        if (study == null || study.isEmpty()) {
            seg.setString(Tag.STUDY_INSTANCE_UID, VR.UI, studyUidFor(grid));
        }

        // General Series, Segmentation Series, Frame of Reference, equipment.
        seg.setString(Tag.MODALITY, VR.CS, "SEG");
        seg.setString(Tag.SERIES_INSTANCE_UID, VR.UI, options.seriesInstanceUid());
        setIntegerString(seg, Tag.SERIES_NUMBER, options.seriesNumber());
        seg.setString(SERIES_DATE, VR.DA, date);
        seg.setString(SERIES_TIME, VR.TM, time);
        if (!options.seriesDescription().isEmpty()) {
            seg.setString(SERIES_DESCRIPTION, VR.LO, options.seriesDescription());
        }
        seg.setString(Tag.FRAME_OF_REFERENCE_UID, VR.UI, grid.frameOfReferenceUid());
        seg.setEmpty(POSITION_REFERENCE_INDICATOR, VR.LO);
        seg.setString(MANUFACTURER, VR.LO, options.manufacturer());
        seg.setString(MANUFACTURER_MODEL_NAME, VR.LO, options.manufacturer());
        seg.setString(DEVICE_SERIAL_NUMBER, VR.LO, "0");
        seg.setString(SOFTWARE_VERSIONS, VR.LO, options.softwareVersion());

        // General Image, Image Pixel, Segmentation Image.
        setIntegerString(seg, Tag.INSTANCE_NUMBER, 1);
        seg.setString(CONTENT_DATE, VR.DA, date);
        seg.setString(CONTENT_TIME, VR.TM, time);
        seg.setString(Tag.IMAGE_TYPE, VR.CS, "DERIVED", "PRIMARY");
        seg.setString(LOSSY_IMAGE_COMPRESSION, VR.CS, "00");
        seg.setUnsignedShorts(Tag.SAMPLES_PER_PIXEL, 1);
        seg.setString(Tag.PHOTOMETRIC_INTERPRETATION, VR.CS, "MONOCHROME2");
        seg.setUnsignedShorts(Tag.ROWS, geometry.rows());
        seg.setUnsignedShorts(Tag.COLUMNS, geometry.columns());
        seg.setUnsignedShorts(Tag.PIXEL_REPRESENTATION, 0);
        seg.setString(SegTags.SEGMENTATION_TYPE, VR.CS, type);
        seg.setString(CONTENT_LABEL, VR.CS, options.contentLabel());
        seg.setEmpty(CONTENT_DESCRIPTION, VR.LO);
        seg.setEmpty(CONTENT_CREATOR_NAME, VR.PN);
        seg.setSequence(SegTags.SEGMENT_SEQUENCE, segmentItems(specs));

        seg.setSequence(SegTags.REFERENCED_SERIES_SEQUENCE, List.of(referencedSeries(grid)));
    }

    private static List<MutableAttributes> segmentItems(List<SegmentSpec> specs) {
        List<MutableAttributes> items = new ArrayList<>();
        for (SegmentSpec spec : specs) {
            MutableAttributes item = new MutableAttributes();
            setCode(item, SegTags.SEGMENTED_PROPERTY_CATEGORY_CODE_SEQUENCE, spec.category());
            item.setUnsignedShorts(SegTags.SEGMENT_NUMBER, spec.number());
            item.setString(SegTags.SEGMENT_LABEL, VR.LO, spec.label());
            item.setString(SEGMENT_ALGORITHM_TYPE, VR.CS, spec.algorithmType());
            if (!spec.algorithmType().equals("MANUAL")) {
                item.setString(SegTags.SEGMENT_ALGORITHM_NAME, VR.LO, spec.algorithmName());
            }
            setCode(item, SegTags.SEGMENTED_PROPERTY_TYPE_CODE_SEQUENCE, spec.type());
            items.add(item);
        }
        return items;
    }

    private static MutableAttributes referencedSeries(ReferenceGrid grid) {
        MutableAttributes series = new MutableAttributes();
        List<MutableAttributes> instances = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int k = 0; k < grid.slices(); k++) {
            if (seen.add(grid.sopInstanceUid(k))) {
                instances.add(imageReference(grid, k));
            }
        }
        series.setSequence(REFERENCED_INSTANCE_SEQUENCE, instances);
        series.setString(Tag.SERIES_INSTANCE_UID, VR.UI, grid.seriesInstanceUid());
        return series;
    }

    private static MutableAttributes imageReference(ReferenceGrid grid, int k) {
        MutableAttributes reference = new MutableAttributes();
        reference.setString(REFERENCED_SOP_CLASS_UID, VR.UI, grid.sopClassUid(k));
        reference.setString(REFERENCED_SOP_INSTANCE_UID, VR.UI, grid.sopInstanceUid(k));
        return reference;
    }

    /**
     * Adds the Multi-frame Dimension module and the Shared and Per-frame Functional Groups.
     *
     * @param frames per frame, {index into specs, slice index}
     */
    static void addFunctionalGroups(MutableAttributes seg, ReferenceGrid grid, List<SegmentSpec> specs, List<int[]> frames) {
        Geometry geometry = grid.geometry();
        String dimensionUid = DerivedObjectSupport.uidFrom(seg.getString(Tag.SOP_INSTANCE_UID), "dimensions");
        seg.setSequence(DIMENSION_ORGANIZATION_SEQUENCE, List.of(item(DIMENSION_ORGANIZATION_UID, VR.UI, dimensionUid)));
        seg.setString(DIMENSION_ORGANIZATION_TYPE, VR.CS, "3D");
        seg.setSequence(DIMENSION_INDEX_SEQUENCE, List.of(
                dimension(dimensionUid, SegTags.REFERENCED_SEGMENT_NUMBER, SegTags.SEGMENT_IDENTIFICATION_SEQUENCE, "ReferencedSegmentNumber"),
                dimension(dimensionUid, Tag.IMAGE_POSITION_PATIENT, Tag.PLANE_POSITION_SEQUENCE, "ImagePositionPatient")));

        MutableAttributes shared = new MutableAttributes();
        MutableAttributes measures = new MutableAttributes();
        // Pixel Spacing is [distance between rows, distance between columns].
        setDecimals(measures, Tag.PIXEL_SPACING, geometry.spacing(1), geometry.spacing(0));
        setDecimals(measures, Tag.SLICE_THICKNESS, geometry.spacing(2));
        shared.setSequence(Tag.PIXEL_MEASURES_SEQUENCE, List.of(measures));
        MutableAttributes orientation = new MutableAttributes();
        double[] direction = geometry.direction();
        setDecimals(orientation, Tag.IMAGE_ORIENTATION_PATIENT, direction[0], direction[1], direction[2], direction[3], direction[4],
                direction[5]);
        shared.setSequence(Tag.PLANE_ORIENTATION_SEQUENCE, List.of(orientation));
        seg.setSequence(Tag.SHARED_FUNCTIONAL_GROUPS_SEQUENCE, List.of(shared));

        List<MutableAttributes> perFrame = new ArrayList<>();
        for (int[] frame : frames) {
            perFrame.add(frameGroups(grid, specs.get(frame[0]).number(), frame[1]));
        }
        seg.setSequence(Tag.PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE, perFrame);
        setIntegerString(seg, Tag.NUMBER_OF_FRAMES, frames.size());
    }

    private static MutableAttributes dimension(String organizationUid, int pointer, int group, String label) {
        MutableAttributes item = new MutableAttributes();
        item.setString(DIMENSION_ORGANIZATION_UID, VR.UI, organizationUid);
        setAttributeTags(item, DIMENSION_INDEX_POINTER, pointer);
        setAttributeTags(item, FUNCTIONAL_GROUP_POINTER, group);
        item.setString(DIMENSION_DESCRIPTION_LABEL, VR.LO, label);
        return item;
    }

    private static MutableAttributes frameGroups(ReferenceGrid grid, int segmentNumber, int slice) {
        MutableAttributes groups = new MutableAttributes();

        MutableAttributes source = imageReference(grid, slice);
        source.setSequence(PURPOSE_OF_REFERENCE_CODE_SEQUENCE, List.of(codeItem(SOURCE_IMAGE_PURPOSE)));
        MutableAttributes derivation = new MutableAttributes();
        derivation.setSequence(SOURCE_IMAGE_SEQUENCE, List.of(source));
        setCode(derivation, DERIVATION_CODE_SEQUENCE, SEGMENTATION_DERIVATION);
        groups.setSequence(DERIVATION_IMAGE_SEQUENCE, List.of(derivation));

        MutableAttributes content = new MutableAttributes();
        byte[] indices = new byte[8];
        putUnsignedInt(indices, 0, segmentNumber);
        putUnsignedInt(indices, 4, slice + 1);
        content.setBytes(DIMENSION_INDEX_VALUES, VR.UL, indices);
        groups.setSequence(Tag.FRAME_CONTENT_SEQUENCE, List.of(content));

        MutableAttributes plane = new MutableAttributes();
        setDecimals(plane, Tag.IMAGE_POSITION_PATIENT, grid.slicePosition(slice));
        groups.setSequence(Tag.PLANE_POSITION_SEQUENCE, List.of(plane));

        MutableAttributes identification = new MutableAttributes();
        identification.setUnsignedShorts(SegTags.REFERENCED_SEGMENT_NUMBER, segmentNumber);
        groups.setSequence(SegTags.SEGMENT_IDENTIFICATION_SEQUENCE, List.of(identification));
        return groups;
    }

    private static void putUnsignedInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) value;
        bytes[offset + 1] = (byte) (value >>> 8);
        bytes[offset + 2] = (byte) (value >>> 16);
        bytes[offset + 3] = (byte) (value >>> 24);
    }
}
