package org.medannot.dicom.pixel;

import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    /** Daemon worker threads, so that an abandoned decoder does not keep the JVM alive. */
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "dicom-image-decoder");
        thread.setDaemon(true);
        return thread;
    });

    private ImageIoDecoder() {
    }

    /**
     * Decodes one frame on a worker thread, so that a decoder that never returns on a corrupt
     * codestream (jj2000 can loop in its packet header reader) cannot hang the caller.
     *
     * @param timeout the time after which decoding is abandoned: the input stream is closed and
     *     the worker interrupted, and a {@link DicomException} is raised
     */
    static int[] decode(byte[] data, ImagePixelModule module, Format format, String source, Duration timeout) {
        ImageReader reader = findReader(format, source);
        ImageInputStream stream = new MemoryCacheImageInputStream(new ByteArrayInputStream(data));
        Future<int[]> result = WORKERS.submit(() -> decodeNow(reader, stream, module, format, source));
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            closeQuietly(stream);
            throw new DicomException(source + ": " + format.formatName + " decoding of a frame did not finish within "
                    + timeout.toMillis() + " ms; the codestream is probably corrupt");
        } catch (InterruptedException e) {
            result.cancel(true);
            closeQuietly(stream);
            Thread.currentThread().interrupt();
            throw new DicomException(source + ": interrupted while decoding a " + format.formatName + " frame", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DicomException dicom) {
                throw dicom;
            }
            if (cause instanceof Error error && !(cause instanceof StackOverflowError)) {
                throw error;
            }
            // The decoders raise IOException, IIOException and, for corrupt streams, runtime exceptions
            // such as ArrayIndexOutOfBoundsException from inside their code, or overflow their stack.
            throw new DicomException(source + ": " + format.formatName + " decoding of a frame failed: " + cause, cause);
        } finally {
            closeQuietly(stream);
            reader.dispose();
        }
    }

    private static int[] decodeNow(ImageReader reader, ImageInputStream stream, ImagePixelModule module, Format format,
            String source) throws IOException {
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
    }

    private static void closeQuietly(ImageInputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // Closing a memory stream only releases its cache.
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
