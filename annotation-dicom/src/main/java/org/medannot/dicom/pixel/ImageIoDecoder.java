package org.medannot.dicom.pixel;

import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import org.medannot.dicom.DicomException;

/**
 * Decoder of JPEG (TwelveMonkeys imageio-jpeg) and JPEG 2000 (jai-imageio-jpeg2000) frames
 * through {@link ImageReader#readRaster}, which returns the samples of the codestream without
 * colour conversion: a colour JPEG Baseline frame comes back as Y Cb Cr when it was coded so.
 * The sign of the samples is taken from Pixel Representation, not from the codestream, because
 * some writers set the codestream's sign wrong (the J2K component precision byte).
 */
final class ImageIoDecoder {

    private static final String TWELVEMONKEYS_JPEG = "com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReader";
    private static final String JAI_JPEG2000 = "com.github.jaiimageio.jpeg2000.impl.J2KImageReader";

    enum Format {
        JPEG("jpeg", TWELVEMONKEYS_JPEG), JPEG_2000("jpeg2000", JAI_JPEG2000);

        final String formatName;
        final String readerClass;

        Format(String formatName, String readerClass) {
            this.formatName = formatName;
            this.readerClass = readerClass;
        }
    }

    private ImageIoDecoder() {
    }

    static int[] decode(byte[] data, ImagePixelModule module, Format format, String source) {
        ImageReader reader = findReader(format, source);
        try (ImageInputStream stream = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(stream, true, true);
            // Check the header's size first, so that a corrupt header cannot make the decoder allocate a huge raster.
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width != module.columns() || height != module.rows()) {
                throw DicomException.at(source, -1, module.columns() + " x " + module.rows() + " pixels (Columns x Rows)",
                        width + " x " + height + " in the " + format.formatName + " header");
            }
            Raster raster = reader.readRaster(0, null);
            return toValues(raster, module, source);
        } catch (DicomException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // The decoders raise IOException, IIOException and, for corrupt streams, runtime exceptions
            // such as ArrayIndexOutOfBoundsException from inside their code.
            throw new DicomException(source + ": " + format.formatName + " decoding of a frame failed: " + e, e);
        } finally {
            reader.dispose();
        }
    }

    private static ImageReader findReader(Format format, String source) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.formatName);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (reader.getClass().getName().equals(format.readerClass)) {
                return reader;
            }
            reader.dispose();
        }
        throw new DicomException(source + ": no " + format.readerClass + " on the class path; add the decoder's jar to decode "
                + format.formatName + " pixel data");
    }

    private static int[] toValues(Raster raster, ImagePixelModule module, String source) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        int bands = raster.getNumBands();
        if (width != module.columns() || height != module.rows() || bands != module.samplesPerPixel()) {
            throw DicomException.at(source, -1, module.columns() + " x " + module.rows() + " x " + module.samplesPerPixel()
                    + " samples (Columns x Rows x Samples per Pixel)", width + " x " + height + " x " + bands + " in the codestream");
        }
        int[] values = raster.getPixels(raster.getMinX(), raster.getMinY(), width, height, (int[]) null);
        // The raster holds the codestream's samples (unsigned for 16-bit USHORT, sign-extended for
        // SHORT); keep Bits Stored of them and apply the sign of Pixel Representation.
        int bitsStored = module.bitsStored();
        int mask = bitsStored >= 32 ? -1 : (1 << bitsStored) - 1;
        int signShift = 32 - bitsStored;
        for (int i = 0; i < values.length; i++) {
            int value = values[i] & mask;
            values[i] = module.signed() ? (value << signShift) >> signShift : value;
        }
        return values;
    }
}
