package org.medannot.dicom.rtstruct;

import java.util.List;

/**
 * A region of interest of an RT Structure Set: the Structure Set ROI Sequence (3006,0020) item
 * joined with its ROI Contour Sequence (3006,0039) item by ROI Number.
 *
 * @param number ROI Number (3006,0022)
 * @param name ROI Name (3006,0026), or empty
 * @param frameOfReferenceUid Referenced Frame of Reference UID (3006,0024) of the contours
 * @param generationAlgorithm ROI Generation Algorithm (3006,0036): AUTOMATIC, SEMIAUTOMATIC,
 *     MANUAL, or empty
 * @param contours the contours, in file order (empty when the ROI has none)
 */
public record RtRoi(int number, String name, String frameOfReferenceUid, String generationAlgorithm, List<RtContour> contours) {

    public RtRoi {
        contours = List.copyOf(contours);
    }
}
