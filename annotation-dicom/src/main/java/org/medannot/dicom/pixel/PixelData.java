package org.medannot.dicom.pixel;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.medannot.dicom.Attributes;
import org.medannot.dicom.BulkData;
import org.medannot.dicom.DicomElement;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.Tag;
import org.medannot.dicom.TransferSyntax;
import org.medannot.dicom.UnsupportedTransferSyntaxException;
import org.medannot.dicom.VR;

/**
 * Decoding of the Pixel Data (7FE0,0010), Float Pixel Data (7FE0,0008) or Double Float Pixel
 * Data (7FE0,0009) of one DICOM file into stored values, frame by frame. The value is read from
 * the file only when a frame is decoded.
 *
 * <p>Native data follows PS3.5 section 8 and annex D. Encapsulated data (PS3.5 section A.4) is
 * split into frames by the Extended Offset Table (7FE0,0001) when present, else by the Basic
 * Offset Table, else one fragment per frame when the counts match, else at the fragments that
 * begin a new codestream (JPEG SOI, JPEG 2000 SOC, RLE header). Frames are decoded by RLE
 * Lossless here, JPEG Baseline and Lossless by TwelveMonkeys imageio-jpeg, JPEG 2000 by
 * jai-imageio-jpeg2000; other transfer syntaxes raise {@link UnsupportedTransferSyntaxException}.
 *
 * <p>Float Pixel Data (VR OF, float32) and Double Float Pixel Data (VR OD, float64) are always
 * native (PS3.5 section A.4 encapsulates Pixel Data only): Implicit and Explicit VR Little
 * Endian, Explicit VR Big Endian and Deflated Explicit VR Little Endian. Their frames carry
 * {@link Frame#floatValues()}. A data set with Pixel Data is decoded from Pixel Data even when
 * it contains a float element too.
 *
 * <p>Not thread-safe: the native value is cached on first use.
 */
public final class PixelData {

    /**
     * Default limit for decoding one compressed frame.
     * NOTE: a guess, far above the sub-second time of a 512 x 512 frame; large whole-slide frames may need more.
     */
    public static final Duration DEFAULT_DECODER_TIMEOUT = Duration.ofSeconds(60);

    private final DicomFile file;
    private final String source;
    private final ImagePixelModule module;
    private final DicomElement element;
    private final TransferSyntax syntax;
    private final Duration decoderTimeout;
    private byte[] nativeBytes;

    private PixelData(DicomFile file, ImagePixelModule module, DicomElement element, TransferSyntax syntax, Duration decoderTimeout) {
        this.file = file;
        this.decoderTimeout = decoderTimeout;
        this.source = file.path().toString();
        this.module = module;
        this.element = element;
        this.syntax = syntax;
    }

    /**
     * Prepares decoding of a file's pixel data element.
     *
     * @throws DicomException when the file has no pixel data element, or the element or its
     *     Image Pixel Module is invalid
     * @throws UnsupportedTransferSyntaxException when no decoder here handles the transfer syntax
     */
    public static PixelData of(DicomFile file) {
        return of(file, DEFAULT_DECODER_TIMEOUT);
    }

    /**
     * Prepares decoding with a time limit per JPEG or JPEG 2000 frame, after which decoding is
     * abandoned with a {@link DicomException}. Third-party decoders can loop forever on some
     * corrupt codestreams; the limit bounds the caller's wait, although the abandoned decoder
     * thread may go on using CPU until its stream read fails.
     */
    public static PixelData of(DicomFile file, Duration decoderTimeout) {
        String source = file.path().toString();
        Attributes dataSet = file.dataSet();
        PixelDataElement kind = PixelDataElement.of(dataSet);
        if (kind == null) {
            if (file.stoppedAtPixelData()) {
                throw new DicomException(source + ": the file was opened with stopAtPixelData; open it again to decode pixels");
            }
            throw new DicomException(source + ": no Pixel Data (7FE0,0010), Float Pixel Data (7FE0,0008) or Double Float Pixel Data"
                    + " (7FE0,0009) in the data set");
        }
        for (PixelDataElement other : PixelDataElement.values()) {
            if (other != kind && dataSet.contains(other.tag())) {
                // PS3.3 C.7.6.3, C.7.6.24 and C.7.6.25 allow one of the three in a data set.
                throw new DicomException(source + ": expected one pixel data element, found " + kind + " and " + other);
            }
        }
        DicomElement element = dataSet.get(kind.tag());
        ImagePixelModule module = ImagePixelModule.of(dataSet, kind, source);
        TransferSyntax syntax = file.transferSyntax();
        if (syntax == null || syntax.codec() == TransferSyntax.Codec.NONE) {
            throw new UnsupportedTransferSyntaxException(source, file.transferSyntaxUid(),
                    syntax == null ? "unknown transfer syntax" : syntax.displayName());
        }
        if (kind.floatingPoint()) {
            checkFloatElement(element, module, syntax, source);
            return new PixelData(file, module, element, syntax, decoderTimeout);
        }
        if (syntax.encapsulated() != element.isEncapsulated()) {
            throw new DicomException(source + ": expected " + (syntax.encapsulated() ? "encapsulated" : "native")
                    + " Pixel Data for transfer syntax " + syntax.uid() + ", found " + (element.isEncapsulated() ? "encapsulated" : "native"));
        }
        if (syntax.codec() == TransferSyntax.Codec.JPEG && module.bitsStored() > 16) {
            throw new DicomException(source + ": JPEG pixel data with Bits Stored " + module.bitsStored() + " (at most 16 allowed)");
        }
        return new PixelData(file, module, element, syntax, decoderTimeout);
    }

    /**
     * Checks that a Float or Double Float Pixel Data element is native, has the VR of its tag and
     * a value length of exactly rows x columns x frames x 4 or 8 bytes. Unlike Pixel Data, whose
     * value may carry a padding byte, these values have no padding, so any other length means
     * that the element and the Image Pixel Module disagree.
     */
    private static void checkFloatElement(DicomElement element, ImagePixelModule module, TransferSyntax syntax, String source) {
        PixelDataElement kind = module.pixelDataElement();
        if (syntax.codec() != TransferSyntax.Codec.NATIVE) {
            throw new DicomException(source + ": expected a native transfer syntax for " + kind + ", which is never encapsulated;"
                    + " found " + syntax.displayName() + " (" + syntax.uid() + ")");
        }
        if (element.isEncapsulated()) {
            throw new DicomException(source + ": expected a native value of " + kind + ", found encapsulated fragments");
        }
        if (element.vr() != kind.floatVr()) {
            throw new DicomException(source + ": expected VR " + kind.floatVr() + " for " + kind + ", found " + element.vr());
        }
        long expected = (long) module.samplesPerFrame() * module.numberOfFrames() * (module.bitsAllocated() / 8);
        BulkData bulk = element.bulkData();
        long found = bulk != null ? bulk.declaredLength() : element.bytes() == null ? 0 : element.bytes().length;
        if (found != expected) {
            throw new DicomException(source + ": expected " + kind + " of " + expected + " bytes (" + module.rows() + " rows x "
                    + module.columns() + " columns x " + module.numberOfFrames() + " frames x " + module.bitsAllocated() / 8
                    + " bytes), found a value length of " + found);
        }
    }

    public ImagePixelModule module() {
        return module;
    }

    /**
     * Whether decoded frames hold Y Cb Cr samples (convert them with
     * {@link ColorSpace#ybrFullToRgb}): native and RLE data whose Photometric Interpretation is
     * YBR_FULL or YBR_FULL_422. JPEG and JPEG 2000 colour frames come out of their decoders as
     * RGB: the JDK's libjpeg turns JFIF Y Cb Cr into RGB even in readRaster, and JPEG 2000
     * decoders undo the component transform (YBR_ICT, YBR_RCT).
     */
    public boolean decodedColorSpaceIsYbr() {
        String photometric = module.photometricInterpretation();
        boolean ybr = photometric.equals("YBR_FULL") || photometric.equals("YBR_FULL_422");
        return ybr && (syntax.codec() == TransferSyntax.Codec.NATIVE || syntax.codec() == TransferSyntax.Codec.RLE
                || syntax.codec() == TransferSyntax.Codec.ENCAPSULATED_NATIVE);
    }

    public int frameCount() {
        return module.numberOfFrames();
    }

    /**
     * Decodes one frame into stored values: integer samples for Pixel Data, floating-point
     * samples for Float and Double Float Pixel Data.
     *
     * @param frame 0-based frame index
     * @throws DicomException when the data is truncated, corrupt or inconsistent with the Image Pixel Module
     */
    public Frame decodeFrame(int frame) {
        if (frame < 0 || frame >= module.numberOfFrames()) {
            throw new IndexOutOfBoundsException("frame " + frame + " of " + module.numberOfFrames());
        }
        if (module.floatingPoint()) {
            return new Frame(module, NativeDecoder.decodeFloat(nativeBytes(), module, frame, element.bigEndian()));
        }
        int[] values = switch (syntax.codec()) {
            case NATIVE -> NativeDecoder.decode(nativeBytes(), module, frame, element.bigEndian(),
                    element.bigEndian() && element.vr() == VR.OW && module.bitsAllocated() == 8, source);
            case ENCAPSULATED_NATIVE -> NativeDecoder.decode(frameBytes(frame), module, 0, false, false, source);
            case RLE -> RleDecoder.decode(frameBytes(frame), module, source);
            case JPEG -> ImageIoDecoder.decode(frameBytes(frame), module, ImageIoDecoder.Format.JPEG, source, decoderTimeout);
            case JPEG_2000 -> ImageIoDecoder.decode(frameBytes(frame), module, ImageIoDecoder.Format.JPEG_2000, source, decoderTimeout);
            case NONE -> throw new UnsupportedTransferSyntaxException(source, syntax.uid(), syntax.displayName());
        };
        return new Frame(module, values);
    }

    /** Decodes every frame, in order. */
    public List<Frame> decodeAll() {
        List<Frame> frames = new ArrayList<>(module.numberOfFrames());
        for (int i = 0; i < module.numberOfFrames(); i++) {
            frames.add(decodeFrame(i));
        }
        return frames;
    }

    private byte[] nativeBytes() {
        if (nativeBytes == null) {
            BulkData bulk = element.bulkData();
            nativeBytes = bulk != null ? bulk.read(source) : element.bytes();
            if (nativeBytes == null) {
                throw new DicomException(source + ": " + module.pixelDataElement() + " has no value");
            }
        }
        return nativeBytes;
    }

    /** Returns the concatenated fragments of one frame of encapsulated pixel data. */
    byte[] frameBytes(int frame) {
        List<BulkData> items = element.fragments();
        List<BulkData> fragments = items.subList(1, items.size());
        if (fragments.isEmpty()) {
            throw new DicomException(source + ": encapsulated Pixel Data has no fragments");
        }
        List<BulkData> selected = FrameSplitter.fragmentsOfFrame(file.dataSet(), items.get(0), fragments, frame,
                module.numberOfFrames(), syntax.codec(), source);
        if (selected.size() == 1) {
            return selected.get(0).read(source);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (BulkData fragment : selected) {
            out.writeBytes(fragment.read(source));
        }
        return out.toByteArray();
    }
}
