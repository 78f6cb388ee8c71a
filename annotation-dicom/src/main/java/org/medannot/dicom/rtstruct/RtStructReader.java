package org.medannot.dicom.rtstruct;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.medannot.dicom.Attributes;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.Tag;

/**
 * Reads the ROIs and contours of a DICOM RT Structure Set (PS3.3 section A.19): the Structure
 * Set ROI Sequence, the ROI Contour Sequence and the Referenced Frame of Reference Sequence.
 * Contours stay in patient coordinates here; {@link ContourRasterizer} places them on an image
 * grid.
 *
 * <p>Every Number of Contour Points is checked against the length of Contour Data before any
 * array is built. Instances have no state and are thread-safe.
 */
public final class RtStructReader {

    /** Reads a structure set file. */
    public RtStructureSet read(Path file) {
        return read(DicomFile.open(file));
    }

    /**
     * Reads an opened structure set.
     *
     * @throws DicomException when the data set is not an RT Structure Set or a contour is invalid
     */
    public RtStructureSet read(DicomFile file) {
        Objects.requireNonNull(file, "file");
        String source = file.path().toString();
        Attributes dataSet = file.dataSet();
        String sopClass = dataSet.getString(Tag.SOP_CLASS_UID, file.fileMeta().getString(Tag.MEDIA_STORAGE_SOP_CLASS_UID, ""));
        if (!sopClass.equals(RtTags.RT_STRUCTURE_SET_STORAGE)) {
            throw new DicomException(source + ": SOP Class UID (0008,0016): expected RT Structure Set Storage "
                    + RtTags.RT_STRUCTURE_SET_STORAGE + ", found \"" + sopClass + "\"");
        }

        Map<Integer, List<RtContour>> contoursByRoi = readContours(dataSet, source);
        List<RtRoi> rois = new ArrayList<>();
        Set<Integer> numbers = new HashSet<>();
        List<Attributes> items = dataSet.getSequence(RtTags.STRUCTURE_SET_ROI_SEQUENCE);
        for (int n = 0; n < items.size(); n++) {
            Attributes item = items.get(n);
            int number = item.getInt(RtTags.ROI_NUMBER, Integer.MIN_VALUE);
            if (number == Integer.MIN_VALUE) {
                throw new DicomException(source + ": Structure Set ROI Sequence item " + (n + 1) + ": ROI Number (3006,0022) is missing");
            }
            if (!numbers.add(number)) {
                throw new DicomException(source + ": Structure Set ROI Sequence item " + (n + 1) + ": ROI Number " + number
                        + " is used by an earlier item");
            }
            rois.add(new RtRoi(number, item.getString(RtTags.ROI_NAME, ""), item.getString(RtTags.REFERENCED_FRAME_OF_REFERENCE_UID, ""),
                    item.getString(RtTags.ROI_GENERATION_ALGORITHM, ""), contoursByRoi.getOrDefault(number, List.of())));
        }
        for (Integer number : contoursByRoi.keySet()) {
            if (!numbers.contains(number)) {
                throw new DicomException(source + ": ROI Contour Sequence: Referenced ROI Number " + number
                        + " is not in the Structure Set ROI Sequence (ROI Numbers " + numbers + ")");
            }
        }
        return new RtStructureSet(file.sopInstanceUid(), dataSet.getString(RtTags.STRUCTURE_SET_LABEL, ""),
                readReferencedSeries(dataSet), rois);
    }

    private static Map<Integer, List<RtContour>> readContours(Attributes dataSet, String source) {
        Map<Integer, List<RtContour>> contours = new HashMap<>();
        List<Attributes> roiItems = dataSet.getSequence(RtTags.ROI_CONTOUR_SEQUENCE);
        for (int r = 0; r < roiItems.size(); r++) {
            Attributes roiItem = roiItems.get(r);
            int number = roiItem.getInt(RtTags.REFERENCED_ROI_NUMBER, Integer.MIN_VALUE);
            if (number == Integer.MIN_VALUE) {
                throw new DicomException(source + ": ROI Contour Sequence item " + (r + 1)
                        + ": Referenced ROI Number (3006,0084) is missing");
            }
            List<RtContour> list = contours.computeIfAbsent(number, key -> new ArrayList<>());
            List<Attributes> contourItems = roiItem.getSequence(RtTags.CONTOUR_SEQUENCE);
            for (int c = 0; c < contourItems.size(); c++) {
                list.add(readContour(contourItems.get(c), source, number, c));
            }
        }
        return contours;
    }

    private static RtContour readContour(Attributes item, String source, int roiNumber, int index) {
        String where = source + ": ROI " + roiNumber + ", contour " + (index + 1);
        String type = item.getString(RtTags.CONTOUR_GEOMETRIC_TYPE, "");
        double[] data = item.getDoubles(RtTags.CONTOUR_DATA);
        int declared = item.getInt(RtTags.NUMBER_OF_CONTOUR_POINTS, -1);
        if (data.length % 3 != 0) {
            throw new DicomException(where + ": Contour Data (3006,0050): expected a multiple of 3 values (x, y, z), found "
                    + data.length);
        }
        if (declared >= 0 && declared != data.length / 3) {
            throw new DicomException(where + ": Number of Contour Points (3006,0046) is " + declared + " but Contour Data contains "
                    + (data.length / 3) + " points");
        }
        for (double value : data) {
            if (!Double.isFinite(value)) {
                throw new DicomException(where + ": Contour Data (3006,0050): expected finite coordinates, found " + value);
            }
        }
        List<String> images = new ArrayList<>();
        for (Attributes image : item.getSequence(RtTags.CONTOUR_IMAGE_SEQUENCE)) {
            String uid = image.getString(RtTags.REFERENCED_SOP_INSTANCE_UID, "");
            if (!uid.isEmpty()) {
                images.add(uid);
            }
        }
        return new RtContour(type, data, images);
    }

    private static Map<String, List<String>> readReferencedSeries(Attributes dataSet) {
        Map<String, List<String>> referenced = new LinkedHashMap<>();
        for (Attributes frame : dataSet.getSequence(RtTags.REFERENCED_FRAME_OF_REFERENCE_SEQUENCE)) {
            List<String> series = referenced.computeIfAbsent(frame.getString(Tag.FRAME_OF_REFERENCE_UID, ""), key -> new ArrayList<>());
            for (Attributes study : frame.getSequence(RtTags.RT_REFERENCED_STUDY_SEQUENCE)) {
                for (Attributes seriesItem : study.getSequence(RtTags.RT_REFERENCED_SERIES_SEQUENCE)) {
                    String uid = seriesItem.getString(Tag.SERIES_INSTANCE_UID, "");
                    if (!uid.isEmpty() && !series.contains(uid)) {
                        series.add(uid);
                    }
                }
            }
        }
        return referenced;
    }
}
