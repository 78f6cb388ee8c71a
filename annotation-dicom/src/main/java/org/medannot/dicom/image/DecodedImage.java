package org.medannot.dicom.image;

import java.util.List;
import java.util.Objects;

import org.medannot.core.volume.ShortVolume;
import org.medannot.core.volume.UByteVolume;
import org.medannot.core.volume.Volume;

/**
 * A decoded 2D image: one single-slice volume per colour channel, all on the same geometry with
 * unit spacing, zero origin and identity directions. The column index increases to the right and
 * the row index downwards, so row 0 is the top of the image.
 *
 * @param format        the image format name, "png" or "jpeg"
 * @param bitsPerSample 8 (channels are {@link UByteVolume}) or 16 (channels are unsigned
 *                      {@link ShortVolume})
 * @param channels      one volume for a grey image; red, green and blue for a colour image
 *                      (any alpha channel is dropped)
 */
public record DecodedImage(String format, int bitsPerSample, List<Volume> channels) {

    /** ITU-R BT.601 luma weights of red, green and blue. */
    private static final double[] BT601 = {0.299, 0.587, 0.114};

    /** Validates and copies the channel list. */
    public DecodedImage {
        Objects.requireNonNull(format, "format");
        channels = List.copyOf(channels);
        if (channels.size() != 1 && channels.size() != 3) {
            throw new IllegalArgumentException("channels must contain 1 (grey) or 3 (RGB) volumes, but has "
                    + channels.size());
        }
        if (bitsPerSample != 8 && bitsPerSample != 16) {
            throw new IllegalArgumentException("bitsPerSample must be 8 or 16, but was " + bitsPerSample);
        }
    }

    /** True when the image has red, green and blue channels. */
    public boolean isColour() {
        return channels.size() == 3;
    }

    /**
     * Returns the grey channel of a grey image, or for a colour image the luma
     * {@code Y = 0.299 R + 0.587 G + 0.114 B} (ITU-R BT.601) rounded to the nearest integer, in a
     * new volume of the channels' type.
     */
    public Volume luminance() {
        if (!isColour()) {
            return channels.get(0);
        }
        Volume red = channels.get(0);
        Volume green = channels.get(1);
        Volume blue = channels.get(2);
        int count = red.geometry().voxelCount();
        Volume luma = bitsPerSample == 8 ? UByteVolume.zeros(red.geometry()) : ShortVolume.zeros(red.geometry(), true);
        for (int n = 0; n < count; n++) {
            double y = BT601[0] * red.getDouble(n) + BT601[1] * green.getDouble(n) + BT601[2] * blue.getDouble(n);
            luma.setDouble(n, y);
        }
        return luma;
    }
}
