package org.medannot.dicom;

/**
 * Raised when pixel data uses a transfer syntax that this module cannot decode (for example
 * JPEG-LS, 12-bit JPEG Extended or High-Throughput JPEG 2000). The attributes of such a file
 * can still be read; only pixel decoding is rejected, so no wrong pixel values are returned.
 */
public class UnsupportedTransferSyntaxException extends DicomException {

    private static final long serialVersionUID = 1L;

    private final String transferSyntaxUid;

    public UnsupportedTransferSyntaxException(String source, String transferSyntaxUid, String transferSyntaxName) {
        super(source + ": pixel data in transfer syntax " + transferSyntaxUid + " (" + transferSyntaxName
                + ") cannot be decoded by this reader; convert the file with a tool that supports it "
                + "(for example gdcmconv --raw) and read the converted file");
        this.transferSyntaxUid = transferSyntaxUid;
    }

    /** The transfer syntax UID that was rejected. */
    public String transferSyntaxUid() {
        return transferSyntaxUid;
    }
}
