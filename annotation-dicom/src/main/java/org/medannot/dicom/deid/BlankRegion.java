package org.medannot.dicom.deid;

/**
 * A rectangle of pixels to blank (set to stored value 0) in every frame of an image whose pixel
 * data shows burned-in text.
 *
 * @param x      first column, 0-based, counted from the left edge of the image
 * @param y      first row, 0-based, counted from the top edge
 * @param width  number of columns, at least 1
 * @param height number of rows, at least 1
 */
public record BlankRegion(int x, int y, int width, int height) {

    /** Validates that the origin is not negative and the size is positive. */
    public BlankRegion {
        if (x < 0 || y < 0 || width < 1 || height < 1) {
            throw new IllegalArgumentException("blank region must have x >= 0, y >= 0, width >= 1 and height >= 1, but was "
                    + x + "," + y + "," + width + "," + height);
        }
    }

    /**
     * Parses {@code x,y,w,h} (four non-negative integers separated by commas).
     *
     * @throws IllegalArgumentException when the text is not four integers or the region is invalid
     */
    public static BlankRegion parse(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("blank region '" + text + "': expected x,y,width,height, found "
                    + parts.length + " fields");
        }
        int[] values = new int[4];
        for (int n = 0; n < 4; n++) {
            try {
                values[n] = Integer.parseInt(parts[n].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("blank region '" + text + "': field " + (n + 1) + " is not an integer");
            }
        }
        return new BlankRegion(values[0], values[1], values[2], values[3]);
    }

    @Override
    public String toString() {
        return x + "," + y + "," + width + "," + height;
    }
}
