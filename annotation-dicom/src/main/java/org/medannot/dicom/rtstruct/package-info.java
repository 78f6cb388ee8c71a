/**
 * DICOM RT Structure Sets (PS3.3 section A.19): {@link org.medannot.dicom.rtstruct.RtStructReader}
 * reads ROIs and their contours in LPS patient coordinates (mm), and
 * {@link org.medannot.dicom.rtstruct.ContourRasterizer} turns closed planar contours into masks
 * on the grid of the referenced image series, with the pixel-centre even-odd rule.
 */
package org.medannot.dicom.rtstruct;
