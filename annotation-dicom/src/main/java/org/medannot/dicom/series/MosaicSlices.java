package org.medannot.dicom.series;

import java.util.ArrayList;
import java.util.List;

import org.medannot.dicom.Attributes;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.Tag;

/**
 * The slices of a Siemens mosaic image: NumberOfImagesInMosaic tiles laid out on a square grid of
 * ceil(sqrt(n)) tiles per side, in raster order.
 *
 * <p>Image Position (Patient) of a mosaic is the position of the top-left pixel of the whole
 * mosaic as if it were one image, so the first tile's position is moved by half the difference
 * between mosaic and tile size along the row and column directions. Tile k then lies k slice
 * spacings along SliceNormalVector of the CSA Image Header (the image plane normal when absent),
 * the spacing being Spacing Between Slices, or Slice Thickness when that is absent. This is the
 * geometry dcm2niix and nibabel derive for these files.
 */
final class MosaicSlices {

    private MosaicSlices() {
    }

    /**
     * Returns one slice per tile, or an empty list when the file has no CSA Image Header with
     * NumberOfImagesInMosaic.
     *
     * @throws DicomException when the CSA header is malformed or the tile count does not fit the image
     */
    static List<SliceSource> of(DicomFile dicom) {
        Attributes dataSet = dicom.dataSet();
        String source = dicom.path().toString();
        SiemensCsaHeader csa = SiemensCsaHeader.imageHeader(dataSet, source);
        int count = csa == null ? 0 : csa.numberOfImagesInMosaic(source);
        if (count <= 0) {
            return List.of();
        }
        int rows = dataSet.getInt(Tag.ROWS, 0);
        int columns = dataSet.getInt(Tag.COLUMNS, 0);
        int tilesPerRow = (int) Math.ceil(Math.sqrt(count));
        if (rows % tilesPerRow != 0 || columns % tilesPerRow != 0) {
            throw new DicomException(source + ": Siemens mosaic of " + count + " images needs " + tilesPerRow + " x "
                    + tilesPerRow + " tiles, but " + columns + " x " + rows + " pixels do not divide into them");
        }
        int tileRows = rows / tilesPerRow;
        int tileColumns = columns / tilesPerRow;
        SliceSource.Mosaic mosaic = new SliceSource.Mosaic(tilesPerRow, tileRows, tileColumns, count);

        double[] position = dataSet.getDoubles(Tag.IMAGE_POSITION_PATIENT);
        double[] orientation = dataSet.getDoubles(Tag.IMAGE_ORIENTATION_PATIENT);
        double[] spacing = dataSet.getDoubles(Tag.PIXEL_SPACING);
        double[][] positions = new double[count][];
        if (position.length >= 3 && orientation.length >= 6 && spacing.length >= 2) {
            double[] normal = csa.sliceNormalVector();
            if (normal == null) {
                normal = Orientation.normal(orientation);
            }
            double sliceSpacing = dataSet.getDouble(Tag.SPACING_BETWEEN_SLICES, dataSet.getDouble(Tag.SLICE_THICKNESS, 0));
            double alongRow = spacing[1] * (columns - tileColumns) / 2.0;
            double alongColumn = spacing[0] * (rows - tileRows) / 2.0;
            for (int k = 0; k < count; k++) {
                positions[k] = new double[3];
                for (int axis = 0; axis < 3; axis++) {
                    positions[k][axis] = position[axis] + orientation[axis] * alongRow + orientation[3 + axis] * alongColumn
                            + normal[axis] * sliceSpacing * k;
                }
            }
        }
        String uid = dicom.sopInstanceUid();
        int instanceNumber = dataSet.getInt(Tag.INSTANCE_NUMBER, Integer.MIN_VALUE);
        List<SliceSource> slices = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            slices.add(new SliceSource(dicom.path(), k, uid, dataSet, null, positions[k],
                    orientation.length >= 6 ? orientation : null, spacing.length >= 2 ? spacing : null, tileRows,
                    tileColumns, instanceNumber, mosaic));
        }
        return slices;
    }
}
