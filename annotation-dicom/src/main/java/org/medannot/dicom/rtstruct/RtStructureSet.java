package org.medannot.dicom.rtstruct;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of an RT Structure Set (PS3.3 sections C.8.8.5 and C.8.8.6) that places ROIs in
 * patient space: the ROIs with their contours and the series each Frame of Reference refers to.
 *
 * @param sopInstanceUid SOP Instance UID of the structure set
 * @param label Structure Set Label (3006,0002), or empty
 * @param referencedSeries for each Frame of Reference UID of the Referenced Frame of Reference
 *     Sequence (3006,0010), the Series Instance UIDs of its RT Referenced Series Sequence
 *     (3006,0014), in file order
 * @param rois the ROIs in Structure Set ROI Sequence order
 */
public record RtStructureSet(String sopInstanceUid, String label, Map<String, List<String>> referencedSeries, List<RtRoi> rois) {

    public RtStructureSet {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        referencedSeries.forEach((frame, series) -> copy.put(frame, List.copyOf(series)));
        referencedSeries = Collections.unmodifiableMap(copy);
        rois = List.copyOf(rois);
    }

    /** The ROI with the given ROI Number. */
    public RtRoi roi(int number) {
        for (RtRoi roi : rois) {
            if (roi.number() == number) {
                return roi;
            }
        }
        throw new IllegalArgumentException("no ROI number " + number + " in the structure set");
    }

    /** The ROI with the given ROI Name (the first when names repeat). */
    public RtRoi roi(String name) {
        for (RtRoi roi : rois) {
            if (roi.name().equals(name)) {
                return roi;
            }
        }
        throw new IllegalArgumentException("no ROI named \"" + name + "\" in the structure set");
    }
}
