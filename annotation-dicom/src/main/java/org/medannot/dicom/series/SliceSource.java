package org.medannot.dicom.series;

import java.nio.file.Path;

import org.medannot.dicom.Attributes;

/**
 * One 2D frame of a series and where it comes from: a single-frame file, one frame of a
 * multi-frame file, or one tile of a Siemens mosaic.
 *
 * @param file the file that contains the frame
 * @param frame 0-based frame index in the file, or tile index in a mosaic
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
 * @param mosaic the tile layout when the frame is a tile of a Siemens mosaic (then rows and
 *     columns are those of the tile), or null
 */
public record SliceSource(Path file, int frame, String instanceUid, Attributes dataSet, Attributes frameAttributes,
        double[] position, double[] orientation, double[] pixelSpacing, int rows, int columns, int instanceNumber,
        Mosaic mosaic) {

    /**
     * The layout of a Siemens mosaic: one stored image of {@code tilesPerRow x tilesPerRow} tiles
     * of {@code rows x columns} pixels, holding the slices in raster order of the tiles.
     *
     * @param tilesPerRow tiles along each side of the mosaic
     * @param rows rows of one tile
     * @param columns columns of one tile
     * @param tileCount slices in the mosaic (NumberOfImagesInMosaic of the CSA Image Header)
     */
    public record Mosaic(int tilesPerRow, int rows, int columns, int tileCount) {

        /** Copies tile {@code tile} out of the decoded mosaic {@code values} ({@code tilesPerRow * columns} wide). */
        public int[] tile(int[] values, int tile) {
            int mosaicColumns = tilesPerRow * columns;
            int top = tile / tilesPerRow * rows;
            int left = tile % tilesPerRow * columns;
            int[] result = new int[rows * columns];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(values, (top + r) * mosaicColumns + left, result, r * columns, columns);
            }
            return result;
        }
    }
}
