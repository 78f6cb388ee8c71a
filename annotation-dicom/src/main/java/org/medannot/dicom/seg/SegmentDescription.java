package org.medannot.dicom.seg;

/**
 * One item of the Segment Sequence (0062,0002) of a DICOM SEG (PS3.3 section C.8.20.2).
 *
 * @param segmentNumber Segment Number (0062,0004), 1 or more
 * @param label Segment Label (0062,0005)
 * @param algorithmType Segment Algorithm Type (0062,0008): AUTOMATIC, SEMIAUTOMATIC or MANUAL
 * @param algorithmName Segment Algorithm Name (0062,0009), or empty (absent for MANUAL segments)
 * @param category Segmented Property Category Code Sequence (0062,0003), or null when absent
 * @param type Segmented Property Type Code Sequence (0062,000F), or null when absent
 */
public record SegmentDescription(int segmentNumber, String label, String algorithmType, String algorithmName,
        CodedConcept category, CodedConcept type) {
}
