package org.medannot.dicom.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.volume.ShortVolume;
import org.medannot.core.volume.UByteVolume;
import org.medannot.core.volume.Volume;

/**
 * Reads JPEG and PNG files through {@code javax.imageio} into single-slice volumes with unit
 * spacing ({@link Geometry#of2D}).
 *
 * <p>Samples are taken from the decoded image's {@link Raster}, never through
 * {@code getRGB}, so 16-bit PNG samples keep all 16 bits. Supported: grey and RGB, 8 or 16 bits
 * per sample, with or without alpha (dropped), and palette PNGs (expanded through the palette to
 * RGB, or to grey when every palette entry is grey). JPEG colour images come back as RGB after
 * the decoder's YCbCr conversion; CMYK and other colour spaces are rejected.
 *
 * <p>JPEG decoding is lossy and decoders differ in their inverse DCT and chroma upsampling, so
 * the values of a JPEG may differ from another decoder's by a grey level or two.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ImageFileReader {

    /** Default limit on the decoded samples of one image: 1 GiB. */
    public static final long DEFAULT_MAX_DECODED_BYTES = 1L << 30;

    private final long maxDecodedBytes;

    /** Creates a reader with the default size limit. */
    public ImageFileReader() {
        this(DEFAULT_MAX_DECODED_BYTES);
    }

    /**
     * Creates a reader that rejects images whose decoded size, width * height * 4 channels *
     * 2 bytes, exceeds {@code maxDecodedBytes}, before decoding them.
     */
    public ImageFileReader(long maxDecodedBytes) {
        if (maxDecodedBytes <= 0) {
            throw new IllegalArgumentException("maxDecodedBytes must be > 0, but was " + maxDecodedBytes);
        }
        this.maxDecodedBytes = maxDecodedBytes;
    }

    /**
     * Returns "png" or "jpeg" when the file starts with that format's signature, otherwise null.
     * Never throws.
     */
    public static String detectFormat(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(8);
            if (head.length == 8 && (head[0] & 0xFF) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G'
                    && head[4] == '\r' && head[5] == '\n' && head[6] == 0x1A && head[7] == '\n') {
                return "png";
            }
            if (head.length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
                return "jpeg";
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Decodes the image into its channels. */
    public DecodedImage read(Path file) throws IOException {
        String format = detectFormat(file);
        if (format == null) {
            throw ImageException.invalid(file, "signature", "a PNG or JPEG file", "neither signature");
        }
        BufferedImage image = decode(file);
        ColorModel colorModel = image.getColorModel();
        Raster raster = image.getRaster();
        Geometry geometry = Geometry.of2D(image.getWidth(), image.getHeight());
        if (colorModel instanceof IndexColorModel palette) {
            return new DecodedImage(format, 8, fromPalette(raster, palette, geometry));
        }
        int colourChannels = switch (colorModel.getColorSpace().getType()) {
            case ColorSpace.TYPE_GRAY -> 1;
            case ColorSpace.TYPE_RGB -> 3;
            default -> throw ImageException.invalid(file, "colour space", "grey or RGB",
                    "colour space type " + colorModel.getColorSpace().getType() + " with "
                            + colorModel.getNumComponents() + " components");
        };
        int bits = raster.getSampleModel().getSampleSize(0);
        for (int band = 1; band < colourChannels; band++) {
            if (raster.getSampleModel().getSampleSize(band) != bits) {
                throw ImageException.invalid(file, "sample size", "equal bits in every channel",
                        bits + " and " + raster.getSampleModel().getSampleSize(band) + " bits");
            }
        }
        if (bits != 8 && bits != 16) {
            throw ImageException.invalid(file, "sample size", "8 or 16 bits", bits + " bits");
        }
        List<Volume> channels = new ArrayList<>();
        for (int band = 0; band < colourChannels; band++) {
            channels.add(channel(raster, band, bits, geometry));
        }
        return new DecodedImage(format, bits, channels);
    }

    /**
     * Reads the image as one volume: the grey channel, or for a colour image the BT.601 luma
     * (see {@link DecodedImage#luminance()}).
     */
    public Volume readVolume(Path file) throws IOException {
        return read(file).luminance();
    }

    private BufferedImage decode(Path file) throws IOException {
        try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
            if (input == null) {
                throw ImageException.invalid(file, "input", "a readable file", "no image input stream");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw ImageException.invalid(file, "format", "a format javax.imageio decodes", "no matching decoder");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                long decodedBytes = width * height * 4 * 2;
                if (width < 1 || height < 1 || width * height > Integer.MAX_VALUE || decodedBytes > maxDecodedBytes) {
                    throw ImageException.invalid(file, "size", "at most " + maxDecodedBytes + " decoded bytes",
                            width + "x" + height + " pixels");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (ImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // javax.imageio reports corrupt data with IIOException and, for some truncations,
            // with unchecked exceptions from inside the decoder.
            throw new ImageException(file + ": decoding failed: " + e, e);
        }
    }

    private static Volume channel(Raster raster, int band, int bits, Geometry geometry) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        int[] row = new int[width];
        if (bits == 8) {
            byte[] values = new byte[width * height];
            for (int y = 0; y < height; y++) {
                raster.getSamples(raster.getMinX(), raster.getMinY() + y, width, 1, band, row);
                for (int x = 0; x < width; x++) {
                    values[y * width + x] = (byte) row[x];
                }
            }
            return new UByteVolume(geometry, values);
        }
        short[] values = new short[width * height];
        for (int y = 0; y < height; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, width, 1, band, row);
            for (int x = 0; x < width; x++) {
                values[y * width + x] = (short) row[x];
            }
        }
        return ShortVolume.unsigned(geometry, values);
    }

    private static List<Volume> fromPalette(Raster raster, IndexColorModel palette, Geometry geometry) {
        int size = palette.getMapSize();
        boolean grey = true;
        for (int index = 0; index < size && grey; index++) {
            grey = palette.getRed(index) == palette.getGreen(index) && palette.getGreen(index) == palette.getBlue(index);
        }
        int width = raster.getWidth();
        int height = raster.getHeight();
        int channelCount = grey ? 1 : 3;
        byte[][] values = new byte[channelCount][width * height];
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, width, 1, 0, row);
            for (int x = 0; x < width; x++) {
                int index = Math.min(row[x], size - 1);
                values[0][y * width + x] = (byte) palette.getRed(index);
                if (!grey) {
                    values[1][y * width + x] = (byte) palette.getGreen(index);
                    values[2][y * width + x] = (byte) palette.getBlue(index);
                }
            }
        }
        List<Volume> channels = new ArrayList<>();
        for (byte[] channel : values) {
            channels.add(new UByteVolume(geometry, channel));
        }
        return channels;
    }
}
