package org.medannot.dicom.series;

import java.nio.file.Path;

import org.medannot.dicom.Attributes;

/**
 * One 2D frame of a series and where it comes from: a single-frame file, or one frame of a
 * multi-frame file.
 *
 * @param file the file that contains the frame
 * @param frame 0-based frame index in the file
 * @param instanceUid SOP Instance UID of the data set, or the File Meta's Media Storage SOP
 *     Instance UID when the data set's is empty
 * @param dataSet the data set of the file (read without Pixel Data)
 * @param frameAttributes the Per-frame Functional Groups item of the frame, or null for files
 *     without functional groups
 * @param position Image Position (Patient) of the frame: LPS mm of the centre of its first pixel,
 *     or null when the file has none
 * @param orientation Image Orientation (Patient), six direction cosines (row direction, then
 *     column direction), or null
 * @param pixelSpacing Pixel Spacing [row spacing, column spacing] in mm, or null
 * @param rows Rows of the frame
 * @param columns Columns of the frame
 * @param instanceNumber Instance Number, or Integer.MIN_VALUE when absent (never used to sort)
 */
public record SliceSource(Path file, int frame, String instanceUid, Attributes dataSet, Attributes frameAttributes,
        double[] position, double[] orientation, double[] pixelSpacing, int rows, int columns, int instanceNumber) {
}
