package org.medannot.dicom.io;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import org.medannot.dicom.BulkData;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.Tag;
import org.medannot.dicom.TransferSyntax;
import org.medannot.dicom.VR;

/**
 * Writes DICOM Part 10 files (PS3.10 section 7.1): a 128-byte zero preamble, "DICM", the File
 * Meta Information in Explicit VR Little Endian with a computed (0002,0000) group length, then
 * the data set in the chosen transfer syntax.
 *
 * <p>Supported transfer syntaxes: Implicit VR Little Endian, Explicit VR Little Endian, Deflated
 * Explicit VR Little Endian, and every encapsulated syntax, whose Pixel Data fragments are
 * copied byte for byte (the writer never decodes or encodes pixels). Explicit VR Big Endian
 * (retired) is not written; {@link #transferSyntaxFor(DicomFile)} maps it to Explicit VR Little
 * Endian, whose values {@link MutableAttributes#copyOf} already stores in little-endian order.
 *
 * <p>Encoding rules (PS3.5 sections 6.2, 7.1 and 7.5):
 * <ul>
 *   <li>values of odd length are padded to even length: with a space for string VRs, with NUL
 *       for UI and binary VRs;</li>
 *   <li>sequences and items are written with undefined length and delimitation items;</li>
 *   <li>group length elements (gggg,0000) of the data set are dropped, as PS3.5 section 7.2
 *       retires them; File Meta Information elements found in the data set are dropped too;</li>
 *   <li>in explicit VR, a value longer than 65534 bytes whose VR has a 16-bit length field is
 *       written with VR UN and a 32-bit length (PS3.5 section 6.2.2).</li>
 * </ul>
 *
 * <p>Files are written to a temporary file in the target folder and moved into place, so an
 * interrupted write leaves no partial file under the target name. Stateless and thread-safe.
 */
public final class DicomWriter {

    /**
     * Implementation Class UID (0002,0012) of this SDK: {@code 2.25.} followed by the decimal
     * value of the first 16 bytes of SHA-256 of the ASCII string "org.medannot annotation SDK"
     * read as an unsigned big-endian number. It uses the 2.25 root of PS3.5 section B.2, although
     * the 128-bit value is a hash without the version bits of a UUID.
     */
    public static final String IMPLEMENTATION_CLASS_UID = "2.25.318817794183866678918599396364958750894";

    /** Implementation Version Name (0002,0013) of this SDK (SH, at most 16 characters). */
    public static final String IMPLEMENTATION_VERSION_NAME = "MEDANNOT_0.1";

    private static final long UNDEFINED_LENGTH = 0xFFFFFFFFL;
    private static final int FILE_META_VERSION = 0x00020001;
    private static final int IMPLEMENTATION_CLASS_UID_TAG = 0x00020012;
    private static final int IMPLEMENTATION_VERSION_NAME_TAG = 0x00020013;

    private DicomWriter() {
    }

    /**
     * Returns the transfer syntax to write a de-identified copy of {@code source} in, leaving its
     * Pixel Data untouched: the source syntax, except Explicit VR Big Endian and syntaxes unknown
     * to this module without encapsulated Pixel Data, which become Explicit VR Little Endian.
     */
    public static String transferSyntaxFor(DicomFile source) {
        TransferSyntax syntax = source.transferSyntax();
        if (syntax == null) {
            boolean encapsulated = source.dataSet().get(Tag.PIXEL_DATA) != null
                    && source.dataSet().get(Tag.PIXEL_DATA).isEncapsulated();
            return encapsulated ? source.transferSyntaxUid() : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
        }
        return syntax == TransferSyntax.EXPLICIT_VR_BIG_ENDIAN ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid() : syntax.uid();
    }

    /**
     * Builds new File Meta Information for a data set: version 00\01, Media Storage SOP Class
     * and Instance UID from the data set's SOP Class UID and SOP Instance UID, the transfer
     * syntax, and this SDK's implementation class UID and version name. The group length is
     * computed when the file is written. Other elements of a previous File Meta Information
     * (such as Source Application Entity Title) are not carried over.
     *
     * @param previousMeta File Meta Information of the source, whose Media Storage SOP Class and
     *     Instance UIDs are used when the data set's SOP Class or Instance UID is absent or empty
     *     (some de-identification tools blank them); may be null
     * @throws DicomException when neither the data set nor {@code previousMeta} has the UIDs
     */
    public static MutableAttributes fileMetaFor(MutableAttributes dataSet, String transferSyntaxUid, MutableAttributes previousMeta) {
        String sopClass = dataSet.getString(Tag.SOP_CLASS_UID);
        String sopInstance = dataSet.getString(Tag.SOP_INSTANCE_UID);
        if (sopClass == null && previousMeta != null) {
            sopClass = previousMeta.getString(Tag.MEDIA_STORAGE_SOP_CLASS_UID);
        }
        if (sopInstance == null && previousMeta != null) {
            sopInstance = previousMeta.getString(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID);
        }
        if (sopClass == null || sopInstance == null) {
            throw new DicomException("data set to write: expected SOP Class UID (0008,0016) and SOP Instance UID (0008,0018), found "
                    + (sopClass == null ? "no SOP Class UID" : "no SOP Instance UID"));
        }
        MutableAttributes meta = new MutableAttributes();
        meta.setBytes(FILE_META_VERSION, VR.OB, new byte[] {0, 1});
        meta.setString(Tag.MEDIA_STORAGE_SOP_CLASS_UID, VR.UI, sopClass);
        meta.setString(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID, VR.UI, sopInstance);
        meta.setString(Tag.TRANSFER_SYNTAX_UID, VR.UI, transferSyntaxUid);
        meta.setString(IMPLEMENTATION_CLASS_UID_TAG, VR.UI, IMPLEMENTATION_CLASS_UID);
        meta.setString(IMPLEMENTATION_VERSION_NAME_TAG, VR.SH, IMPLEMENTATION_VERSION_NAME);
        return meta;
    }

    /** Writes {@code dataSet} with new File Meta Information ({@link #fileMetaFor}) to {@code target}. */
    public static void write(Path target, MutableAttributes dataSet, String transferSyntaxUid, MutableAttributes previousMeta)
            throws IOException {
        write(target, fileMetaFor(dataSet, transferSyntaxUid, previousMeta), dataSet, transferSyntaxUid);
    }

    /**
     * Writes a Part 10 file through a temporary file in the target's folder, moved into place
     * (replacing an existing file of that name).
     *
     * @param fileMeta group 0002 elements; (0002,0000) is computed and (0002,0010) is set to
     *     {@code transferSyntaxUid}
     * @throws DicomException when the data set cannot be encoded in the transfer syntax
     *     (encapsulated Pixel Data for a native syntax, or an unsupported syntax)
     * @throws IOException when writing fails
     */
    public static void write(Path target, MutableAttributes fileMeta, MutableAttributes dataSet, String transferSyntaxUid)
            throws IOException {
        Encoding encoding = encodingOf(transferSyntaxUid, dataSet);
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temporary = Files.createTempFile(folder, "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
                writeTo(out, fileMeta, dataSet, transferSyntaxUid, encoding, "the source of " + target);
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Writes a Part 10 file to {@code out} and leaves it open, with the same bytes as
     * {@link #write(Path, MutableAttributes, MutableAttributes, String)}.
     *
     * @param source name of the output for error messages
     */
    public static void write(OutputStream out, MutableAttributes fileMeta, MutableAttributes dataSet, String transferSyntaxUid,
            String source) throws IOException {
        Encoding encoding = encodingOf(transferSyntaxUid, dataSet);
        writeTo(out, fileMeta, dataSet, transferSyntaxUid, encoding, source);
    }

    /** Encodes a Part 10 file into memory; see {@link #write(Path, MutableAttributes, MutableAttributes, String)}. */
    public static byte[] toBytes(MutableAttributes fileMeta, MutableAttributes dataSet, String transferSyntaxUid) {
        return toBytes(fileMeta, dataSet, transferSyntaxUid, "in-memory data set");
    }

    /**
     * Encodes a Part 10 file into memory, as {@link #toBytes(MutableAttributes, MutableAttributes, String)}
     * does, naming {@code source} in errors: the file that bulk values such as Pixel Data are
     * read from, whose offsets the messages give.
     */
    public static byte[] toBytes(MutableAttributes fileMeta, MutableAttributes dataSet, String transferSyntaxUid, String source) {
        Encoding encoding = encodingOf(transferSyntaxUid, dataSet);
        SplicingOutput out = new SplicingOutput();
        try {
            writeTo(out, fileMeta, dataSet, transferSyntaxUid, encoding, source);
            return out.toByteArray(source);
        } catch (IOException e) {
            throw new DicomException(source + ": encoding failed: " + e.getMessage(), e);
        }
    }

    private enum Encoding {
        IMPLICIT, EXPLICIT, DEFLATED, ENCAPSULATED
    }

    private static Encoding encodingOf(String transferSyntaxUid, MutableAttributes dataSet) {
        TransferSyntax syntax = TransferSyntax.forUid(transferSyntaxUid);
        MutableElement pixelData = dataSet.get(Tag.PIXEL_DATA);
        boolean encapsulatedPixels = pixelData != null && pixelData.isEncapsulated();
        Encoding encoding;
        if (syntax == null || syntax.encapsulated()) {
            // Unknown UIDs are encapsulated syntaxes in Explicit VR Little Endian (PS3.5 section A.4).
            encoding = Encoding.ENCAPSULATED;
        } else if (syntax == TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN) {
            encoding = Encoding.IMPLICIT;
        } else if (syntax == TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN) {
            encoding = Encoding.EXPLICIT;
        } else if (syntax == TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN) {
            encoding = Encoding.DEFLATED;
        } else {
            throw new DicomException("transfer syntax " + transferSyntaxUid + " (" + syntax.displayName()
                    + "): expected a little-endian syntax to write, found one this writer does not support");
        }
        if (encapsulatedPixels && encoding != Encoding.ENCAPSULATED) {
            throw new DicomException("transfer syntax " + transferSyntaxUid + ": expected an encapsulated syntax for the "
                    + "encapsulated Pixel Data of the data set, found a native one; the writer does not decode pixels");
        }
        if (!encapsulatedPixels && pixelData != null && encoding == Encoding.ENCAPSULATED) {
            throw new DicomException("transfer syntax " + transferSyntaxUid + ": expected encapsulated Pixel Data for an "
                    + "encapsulated syntax, found native Pixel Data; the writer does not encode pixels");
        }
        return encoding;
    }

    private static void writeTo(OutputStream out, MutableAttributes fileMeta, MutableAttributes dataSet, String transferSyntaxUid,
            Encoding encoding, String source) throws IOException {
        out.write(new byte[128]);
        out.write("DICM".getBytes(StandardCharsets.US_ASCII));

        MutableAttributes meta = new MutableAttributes();
        for (MutableElement element : fileMeta.elements()) {
            if (Tag.group(element.tag()) == 0x0002 && element.tag() != Tag.FILE_META_INFORMATION_GROUP_LENGTH) {
                meta.put(element);
            }
        }
        meta.setString(Tag.TRANSFER_SYNTAX_UID, VR.UI, transferSyntaxUid);
        ByteArrayOutputStream metaBytes = new ByteArrayOutputStream();
        new ElementEncoder(metaBytes, true, source).writeElements(meta, true);
        ElementEncoder header = new ElementEncoder(out, true, source);
        header.writeShortHeader(Tag.FILE_META_INFORMATION_GROUP_LENGTH, VR.UL, 4);
        header.writeUInt32(metaBytes.size());
        metaBytes.writeTo(out);

        if (encoding == Encoding.DEFLATED) {
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            try {
                DeflaterOutputStream deflated = new DeflaterOutputStream(new NonClosingStream(out), deflater, 1 << 16);
                new ElementEncoder(deflated, true, source).writeElements(dataSet, false);
                deflated.finish();
            } finally {
                deflater.end();
            }
        } else {
            new ElementEncoder(out, encoding != Encoding.IMPLICIT, source).writeElements(dataSet, false);
        }
    }

    /** Encodes elements in Explicit or Implicit VR Little Endian. */
    private static final class ElementEncoder {
        private final OutputStream out;
        private final boolean explicitVr;
        /** Name of the input that bulk values are read from, for error messages. */
        private final String source;
        private final byte[] scratch = new byte[8];

        ElementEncoder(OutputStream out, boolean explicitVr, String source) {
            this.out = out;
            this.explicitVr = explicitVr;
            this.source = source;
        }

        void writeElements(MutableAttributes attributes, boolean fileMeta) throws IOException {
            for (MutableElement element : attributes.elements()) {
                int tag = element.tag();
                if (!fileMeta && (Tag.element(tag) == 0 || Tag.group(tag) == 0x0002)) {
                    continue;
                }
                writeElement(element);
            }
        }

        private void writeElement(MutableElement element) throws IOException {
            int tag = element.tag();
            if (element.isSequence()) {
                writeLongHeader(tag, VR.SQ, UNDEFINED_LENGTH);
                for (MutableAttributes item : element.items()) {
                    writeTag(Tag.ITEM);
                    writeUInt32(UNDEFINED_LENGTH);
                    writeElements(item, false);
                    writeTag(Tag.ITEM_DELIMITATION_ITEM);
                    writeUInt32(0);
                }
                writeTag(Tag.SEQUENCE_DELIMITATION_ITEM);
                writeUInt32(0);
            } else if (element.isEncapsulated()) {
                writeFragments(element);
            } else if (element.isBulkData() && !element.bulkDataBigEndian()) {
                BulkData value = element.bulkData();
                writeHeader(tag, element.vr(), value.length());
                writeBulk(value);
                writePadding(element.vr(), value.length());
            } else if (element.isBulkData()) {
                byte[] value = element.bulkData().read(source).clone();
                MutableAttributes.swapToLittleEndian(value, element.vr());
                writeValue(tag, element.vr(), value);
            } else {
                writeValue(tag, element.vr(), element.rawBytes());
            }
        }

        private void writeFragments(MutableElement element) throws IOException {
            writeLongHeader(element.tag(), element.vr() == VR.OW ? VR.OW : VR.OB, UNDEFINED_LENGTH);
            List<BulkData> fragments = element.fragments();
            for (BulkData fragment : fragments) {
                writeTag(Tag.ITEM);
                writeUInt32(fragment.length());
                writeBulk(fragment);
            }
            writeTag(Tag.SEQUENCE_DELIMITATION_ITEM);
            writeUInt32(0);
        }

        /** Writes a bulk value, or leaves a place for it when the output splices bulk values in at the end. */
        private void writeBulk(BulkData value) throws IOException {
            if (out instanceof SplicingOutput splicing) {
                splicing.defer(value);
            } else {
                value.writeTo(out, source);
            }
        }

        private void writeValue(int tag, VR vr, byte[] value) throws IOException {
            writeHeader(tag, vr, value.length);
            out.write(value);
            writePadding(vr, value.length);
        }

        /** Writes the element header for a value of {@code length} bytes before padding. */
        private void writeHeader(int tag, VR vr, long length) throws IOException {
            long padded = length + (length & 1);
            VR written = vr;
            if (explicitVr && !vr.longLength() && padded > 0xFFFE) {
                written = VR.UN;
            }
            if (!explicitVr) {
                writeTag(tag);
                writeUInt32(padded);
            } else if (written.longLength()) {
                writeLongHeader(tag, written, padded);
            } else {
                writeShortHeader(tag, written, (int) padded);
            }
        }

        /** Pads a value of odd length to even length (PS3.5 section 7.1.1). */
        private void writePadding(VR vr, long length) throws IOException {
            if ((length & 1) != 0) {
                out.write(vr.isText() && vr != VR.UI ? ' ' : 0);
            }
        }

        void writeShortHeader(int tag, VR vr, int length) throws IOException {
            writeTag(tag);
            if (explicitVr) {
                out.write(vr.name().charAt(0));
                out.write(vr.name().charAt(1));
                writeUInt16(length);
            } else {
                writeUInt32(length);
            }
        }

        private void writeLongHeader(int tag, VR vr, long length) throws IOException {
            writeTag(tag);
            if (explicitVr) {
                out.write(vr.name().charAt(0));
                out.write(vr.name().charAt(1));
                writeUInt16(0);
            }
            writeUInt32(length);
        }

        private void writeTag(int tag) throws IOException {
            writeUInt16(Tag.group(tag));
            writeUInt16(Tag.element(tag));
        }

        private void writeUInt16(int value) throws IOException {
            scratch[0] = (byte) value;
            scratch[1] = (byte) (value >>> 8);
            out.write(scratch, 0, 2);
        }

        void writeUInt32(long value) throws IOException {
            scratch[0] = (byte) value;
            scratch[1] = (byte) (value >>> 8);
            scratch[2] = (byte) (value >>> 16);
            scratch[3] = (byte) (value >>> 24);
            out.write(scratch, 0, 4);
        }
    }

    /**
     * An in-memory output that keeps bulk values (such as Pixel Data) as references and copies
     * each once, into the array of the exact length that {@link #toByteArray} returns. Other
     * writes go to a growing buffer. Unlike {@link ByteArrayOutputStream}, it does not
     * synchronize each of the many small writes of element headers.
     */
    private static final class SplicingOutput extends OutputStream {
        private byte[] buffer = new byte[1 << 14];
        private int count;
        private final List<BulkData> deferred = new ArrayList<>();
        /** Offset in {@link #buffer} at which each deferred value goes. */
        private final List<Integer> deferredAt = new ArrayList<>();
        private long deferredBytes;

        @Override
        public void write(int b) {
            ensureCapacity(1);
            buffer[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensureCapacity(len);
            System.arraycopy(b, off, buffer, count, len);
            count += len;
        }

        void defer(BulkData value) {
            deferred.add(value);
            deferredAt.add(count);
            deferredBytes += value.length();
        }

        private void ensureCapacity(int more) {
            if (count + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(count + more, 2 * buffer.length));
            }
        }

        /** Returns the written bytes with each deferred value in its place. */
        byte[] toByteArray(String source) throws IOException {
            long total = count + deferredBytes;
            if (total > Integer.MAX_VALUE - 8) {
                throw new DicomException(source + ": expected an encoded size below 2 GiB, found " + total + " bytes");
            }
            byte[] result = new byte[(int) total];
            ArrayTarget target = new ArrayTarget(result);
            int from = 0;
            for (int n = 0; n < deferred.size(); n++) {
                int at = deferredAt.get(n);
                target.write(buffer, from, at - from);
                from = at;
                deferred.get(n).writeTo(target, source);
            }
            target.write(buffer, from, count - from);
            return result;
        }
    }

    /** An output that copies writes into a byte array allocated for them. */
    private static final class ArrayTarget extends OutputStream {
        private final byte[] target;
        private int position;

        ArrayTarget(byte[] target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            target[position++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            System.arraycopy(b, off, target, position, len);
            position += len;
        }
    }

    /** Passes writes through and ignores close, so finishing the deflater leaves the file open. */
    private static final class NonClosingStream extends OutputStream {
        private final OutputStream out;

        NonClosingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() {
        }
    }
}
