package org.medannot.coco.cvat;

import java.util.ArrayList;
import java.util.List;

import org.medannot.coco.CocoFormatException;

/**
 * CVAT's mask encoding in "CVAT for images 1.1": run lengths over the mask's tight box, row-major,
 * alternating background and foreground and starting with background.
 *
 * @param left first column of the box (0-based)
 * @param top first row of the box (0-based)
 * @param width number of columns of the box
 * @param height number of rows of the box
 * @param runs the run lengths, adding up to {@code width * height}
 */
record CvatMaskRle(int left, int top, int width, int height, int[] runs) {

    /** Encodes the foreground of row-major image pixels; the image must have at least one foreground pixel. */
    static CvatMaskRle encode(boolean[] pixels, int imageWidth, int imageHeight) {
        int minX = imageWidth;
        int minY = imageHeight;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < imageHeight; y++) {
            for (int x = 0; x < imageWidth; x++) {
                if (pixels[y * imageWidth + x]) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (maxX < 0) {
            throw new IllegalArgumentException("a CVAT mask needs at least one foreground pixel");
        }
        List<Integer> runs = new ArrayList<>();
        boolean current = false;
        int length = 0;
        for (int y = minY; y <= maxY; y++) {
            for (int x = minX; x <= maxX; x++) {
                boolean value = pixels[y * imageWidth + x];
                if (value != current) {
                    runs.add(length);
                    current = value;
                    length = 0;
                }
                length++;
            }
        }
        runs.add(length);
        return new CvatMaskRle(minX, minY, maxX - minX + 1, maxY - minY + 1,
                runs.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Returns the runs as CVAT writes them, {@code "3, 5, 2"}. */
    String runsText() {
        StringBuilder text = new StringBuilder();
        for (int n = 0; n < runs.length; n++) {
            if (n > 0) {
                text.append(", ");
            }
            text.append(runs[n]);
        }
        return text.toString();
    }

    /**
     * Parses the {@code rle} attribute and checks the box against the image.
     *
     * @param where the element, for messages
     * @throws CocoFormatException when a run is not a non-negative integer, the runs do not add up
     *     to {@code width * height}, or the box leaves the image
     */
    static CvatMaskRle parse(String text, int left, int top, int width, int height, int imageWidth, int imageHeight,
                             String where) throws CocoFormatException {
        if (left < 0 || top < 0 || width < 1 || height < 1 || (long) left + width > imageWidth
                || (long) top + height > imageHeight) {
            throw new CocoFormatException(where, "mask box left " + left + ", top " + top + ", width " + width
                    + ", height " + height + " does not fit the " + imageWidth + " x " + imageHeight + " image");
        }
        String[] parts = text.split(",", -1);
        int[] runs = new int[parts.length];
        long sum = 0;
        for (int n = 0; n < parts.length; n++) {
            String part = parts[n].trim();
            try {
                runs[n] = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new CocoFormatException(where, "mask rle value " + n + " is \"" + part
                        + "\", expected a non-negative integer");
            }
            if (runs[n] < 0) {
                throw new CocoFormatException(where, "mask rle value " + n + " is negative: " + runs[n]);
            }
            sum += runs[n];
        }
        if (sum != (long) width * height) {
            throw new CocoFormatException(where, "mask rle runs add up to " + sum + " but the " + width + " x "
                    + height + " box has " + (long) width * height + " pixels");
        }
        return new CvatMaskRle(left, top, width, height, runs);
    }

    /** Sets the foreground pixels into row-major image pixels. */
    void paint(boolean[] pixels, int imageWidth) {
        int position = 0;
        for (int n = 0; n < runs.length; n++) {
            if (n % 2 == 1) {
                for (int p = position; p < position + runs[n]; p++) {
                    int x = left + p % width;
                    int y = top + p / width;
                    pixels[y * imageWidth + x] = true;
                }
            }
            position += runs[n];
        }
    }
}
