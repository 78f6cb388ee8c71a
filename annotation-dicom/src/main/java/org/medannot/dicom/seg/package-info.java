/**
 * DICOM Segmentation objects (PS3.3 section A.51): {@link org.medannot.dicom.seg.SegReader}
 * places BINARY, FRACTIONAL and LABELMAP frames on the grid of the referenced images
 * ({@link org.medannot.dicom.seg.ReferenceGrid}) by Plane Position (Patient). Coordinates are
 * LPS in mm; slice, row and column indices are 0-based; frame numbers in messages are 1-based.
 */
package org.medannot.dicom.seg;
