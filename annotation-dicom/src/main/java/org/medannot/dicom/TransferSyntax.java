package org.medannot.dicom;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Transfer syntaxes of DICOM PS3.5 section 10 and annex A, and how this module treats each:
 * the encoding of the data set (VR explicit or implicit, byte order, deflate) and the pixel
 * data codec. Unknown UIDs are read as Explicit VR Little Endian with encapsulated pixel data,
 * as PS3.5 section A.4 requires of every encapsulated syntax, and their pixels are rejected.
 */
public enum TransferSyntax {
    IMPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, Codec.NATIVE),
    EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, Codec.NATIVE),
    ENCAPSULATED_UNCOMPRESSED("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian", true, false, false, Codec.ENCAPSULATED_NATIVE),
    DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, Codec.NATIVE),
    EXPLICIT_VR_BIG_ENDIAN("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, true, false, Codec.NATIVE),
    JPEG_BASELINE("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", true, false, false, Codec.JPEG),
    JPEG_EXTENDED("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", true, false, false, Codec.NONE),
    JPEG_LOSSLESS("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", true, false, false, Codec.JPEG),
    JPEG_LOSSLESS_SV1("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])", true, false, false, Codec.JPEG),
    JPEG_LS_LOSSLESS("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression", true, false, false, Codec.NONE),
    JPEG_LS_NEAR_LOSSLESS("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression", true, false, false, Codec.NONE),
    JPEG_2000_LOSSLESS("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", true, false, false, Codec.JPEG_2000),
    JPEG_2000("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", true, false, false, Codec.JPEG_2000),
    JPEG_2000_MC_LOSSLESS("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)", true, false, false, Codec.NONE),
    JPEG_2000_MC("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression", true, false, false, Codec.NONE),
    HTJ2K_LOSSLESS("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)", true, false, false, Codec.NONE),
    HTJ2K_RPCL_LOSSLESS("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)", true, false, false, Codec.NONE),
    HTJ2K("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression", true, false, false, Codec.NONE),
    JPIP_REFERENCED("1.2.840.10008.1.2.4.94", "JPIP Referenced", true, false, false, Codec.NONE),
    MPEG2_MAIN("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level", true, false, false, Codec.NONE),
    MPEG4_HIGH("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1", true, false, false, Codec.NONE),
    HEVC_MAIN("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1", true, false, false, Codec.NONE),
    RLE_LOSSLESS("1.2.840.10008.1.2.5", "RLE Lossless", true, false, false, Codec.RLE);

    /** The decoder family that handles a transfer syntax's pixel data in this module. */
    public enum Codec {
        /** Native (uncompressed) pixel data in the value of Pixel Data. */
        NATIVE,
        /** Uncompressed frames, one per fragment (Encapsulated Uncompressed, PS3.5 A.4.11). */
        ENCAPSULATED_NATIVE,
        /** RLE Lossless, decoded by this module (PS3.5 annex G). */
        RLE,
        /** JPEG Baseline and Lossless, decoded by TwelveMonkeys imageio-jpeg. */
        JPEG,
        /** JPEG 2000 Part 1, decoded by jai-imageio-jpeg2000. */
        JPEG_2000,
        /** No decoder in this module: decoding raises {@link UnsupportedTransferSyntaxException}. */
        NONE
    }

    private static final Map<String, TransferSyntax> BY_UID =
            Stream.of(values()).collect(Collectors.toMap(TransferSyntax::uid, Function.identity()));

    private final String uid;
    private final String displayName;
    private final boolean explicitVr;
    private final boolean bigEndian;
    private final boolean deflated;
    private final Codec codec;

    TransferSyntax(String uid, String displayName, boolean explicitVr, boolean bigEndian, boolean deflated, Codec codec) {
        this.uid = uid;
        this.displayName = displayName;
        this.explicitVr = explicitVr;
        this.bigEndian = bigEndian;
        this.deflated = deflated;
        this.codec = codec;
    }

    public String uid() {
        return uid;
    }

    /** Returns the name PS3.6 table A-1 gives the UID. */
    public String displayName() {
        return displayName;
    }

    public boolean explicitVr() {
        return explicitVr;
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    public boolean deflated() {
        return deflated;
    }

    public Codec codec() {
        return codec;
    }

    /** Returns whether Pixel Data is encapsulated (fragments in items) rather than native. */
    public boolean encapsulated() {
        return codec != Codec.NATIVE;
    }

    /** Returns the transfer syntax of a UID, or null when this module does not know it. */
    public static TransferSyntax forUid(String uid) {
        return uid == null ? null : BY_UID.get(uid);
    }
}
