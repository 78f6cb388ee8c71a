package org.medannot.dicom;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DICOM file (PS3.10 section 7): the File Meta Information and the data set, read in the
 * transfer syntax the meta names. Pixel Data is not read by {@link #open}; its value is fetched
 * from the file when a caller decodes it (see {@link org.medannot.dicom.pixel.PixelData}).
 *
 * <p>Files without the 128-byte preamble and "DICM" prefix, and files without File Meta
 * Information (raw data sets, as some archives hold), are read too; the transfer syntax of a
 * raw data set is found from its first element: Explicit or Implicit VR, little or big endian.
 */
public final class DicomFile {

    private static final Logger LOG = LoggerFactory.getLogger(DicomFile.class);
    private static final byte[] DICM = "DICM".getBytes(StandardCharsets.US_ASCII);

    private final Path path;
    private final Attributes fileMeta;
    private final Attributes dataSet;
    private final String transferSyntaxUid;
    private final TransferSyntax transferSyntax;
    private final boolean stoppedAtPixelData;

    private DicomFile(Path path, Attributes fileMeta, Attributes dataSet, String transferSyntaxUid,
            TransferSyntax transferSyntax, boolean stoppedAtPixelData) {
        this.path = path;
        this.fileMeta = fileMeta;
        this.dataSet = dataSet;
        this.transferSyntaxUid = transferSyntaxUid;
        this.transferSyntax = transferSyntax;
        this.stoppedAtPixelData = stoppedAtPixelData;
    }

    /**
     * Returns whether the first bytes of a file (132 or all of a shorter file) show a DICM prefix
     * at offset 128, or a raw data set that starts with group 0002 or 0008 in little or big endian.
     */
    public static boolean looksLikeDicom(byte[] head) {
        if (head.length >= 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') {
            return true;
        }
        if (head.length < 8) {
            return false;
        }
        int littleGroup = (head[0] & 0xFF) | (head[1] & 0xFF) << 8;
        int bigGroup = (head[0] & 0xFF) << 8 | (head[1] & 0xFF);
        return littleGroup == 0x0002 || littleGroup == 0x0008 || bigGroup == 0x0008;
    }

    /** Opens a file with {@link ReadOptions#DEFAULT}. */
    public static DicomFile open(Path path) {
        return open(path, ReadOptions.DEFAULT);
    }

    /**
     * Reads the File Meta Information and the data set of a file, leaving the Pixel Data value
     * in the file.
     *
     * @throws DicomException when the file is missing, unreadable or not valid DICOM
     */
    public static DicomFile open(Path path, ReadOptions options) {
        String source = path.toString();
        long size;
        try {
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            throw new DicomException(source + ": file not found");
        } catch (IOException e) {
            throw new DicomException(source + ": cannot read the file: " + e.getMessage(), e);
        }
        // A read that stops early needs only part of the file, so a smaller buffer reads less of what follows.
        int bufferSize = options.lastTag() != 0xFFFFFFFF ? 8192 : options.stopAtPixelData() ? 16384 : 65536;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), bufferSize)) {
            return read(path, source, new DicomInput(raw, source, 0, size), null, options);
        } catch (IOException e) {
            throw new DicomException(source + ": cannot read the file: " + e.getMessage(), e);
        }
    }

    /**
     * Parses the content of a file that the caller has read whole, for example to hash it too.
     * Pixel Data values refer to ranges of {@code content}, which must not change afterwards.
     *
     * @param path the file that {@code content} came from, used in messages and returned by
     *     {@link #path()}; it is not opened
     * @throws DicomException when the content is not valid DICOM
     */
    public static DicomFile read(Path path, byte[] content, ReadOptions options) {
        String source = path.toString();
        try {
            return read(path, source, new DicomInput(content, source), content, options);
        } catch (IOException e) {
            throw new DicomException(source + ": cannot read the content: " + e.getMessage(), e);
        }
    }

    private static DicomFile read(Path path, String source, DicomInput in, byte[] content, ReadOptions options) throws IOException {
        byte[] head = in.peek(132);
        if (head.length == 132 && Arrays.equals(head, 128, 132, DICM, 0, 4)) {
            in.skip(132, "the preamble");
        } else if (head.length >= 4 && Arrays.equals(head, 0, 4, DICM, 0, 4)) {
            LOG.warn("{}: no 128-byte preamble before the DICM prefix", source);
            in.skip(4, "the DICM prefix");
        }

        DicomReader metaReader = new DicomReader(in, options, path, content);
        Attributes fileMeta = metaReader.readFileMeta();
        String uid = fileMeta.getString(Tag.TRANSFER_SYNTAX_UID);
        DicomReader.Encoding declared;
        TransferSyntax syntax;
        if (uid == null || uid.isEmpty()) {
            declared = guessEncoding(in);
            syntax = declared.explicitVr()
                    ? (declared.bigEndian() ? TransferSyntax.EXPLICIT_VR_BIG_ENDIAN : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)
                    : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
            uid = syntax.uid();
            LOG.warn("{}: no Transfer Syntax UID in File Meta Information; the data set reads as {}", source, syntax.displayName());
        } else {
            syntax = TransferSyntax.forUid(uid);
            if (syntax == null) {
                LOG.warn("{}: unknown Transfer Syntax UID {}; reading the data set as Explicit VR Little Endian", source, uid);
                declared = DicomReader.Encoding.EXPLICIT_LITTLE;
            } else {
                declared = new DicomReader.Encoding(syntax.explicitVr(), syntax.bigEndian());
            }
        }

        DicomReader reader;
        DicomReader.Encoding encoding;
        if (syntax != null && syntax.deflated()) {
            InputStream inflated = new BufferedInputStream(inflate(in), 65536);
            DicomInput inflatedInput = new DicomInput(inflated, source + " (inflated data set)", 0, -1);
            reader = new DicomReader(inflatedInput, options, null);
            encoding = checkEncoding(inflatedInput, declared, source);
        } else {
            reader = new DicomReader(in, options, path, content);
            encoding = checkEncoding(in, declared, source);
        }
        Attributes dataSet = reader.readDataSet(encoding);
        return new DicomFile(path, fileMeta, dataSet, uid, syntax, reader.stoppedAtPixelData());
    }

    /** Inflates the rest of the file; accepts a zlib header, which some writers add by mistake. */
    private static InputStream inflate(DicomInput in) {
        byte[] start = in.peek(2);
        boolean zlibHeader = start.length == 2 && (start[0] & 0x0F) == 8
                && (((start[0] & 0xFF) << 8) | (start[1] & 0xFF)) % 31 == 0;
        return new InflaterInputStream(in.remainingStream(), new Inflater(!zlibHeader), 65536);
    }

    /** Guesses the encoding of a raw data set from its first element. */
    private static DicomReader.Encoding guessEncoding(DicomInput in) {
        byte[] first = in.peek(6);
        if (first.length < 6) {
            return DicomReader.Encoding.IMPLICIT_LITTLE;
        }
        boolean vrFollows = VR.of(first[4], first[5]) != null;
        // A big-endian group number such as 0x0008 starts with the zero byte.
        boolean bigEndian = first[0] == 0 && first[1] != 0;
        return new DicomReader.Encoding(vrFollows, bigEndian && vrFollows);
    }

    /** Switches to the VR form the first element shows when it contradicts the transfer syntax. */
    private static DicomReader.Encoding checkEncoding(DicomInput in, DicomReader.Encoding declared, String source) {
        byte[] first = in.peek(6);
        if (first.length < 6) {
            return declared;
        }
        boolean vrFollows = VR.of(first[4], first[5]) != null;
        if (declared.explicitVr() && !vrFollows) {
            LOG.warn("{}: the transfer syntax is explicit VR but the data set is in implicit VR; reading it as implicit VR", source);
            return new DicomReader.Encoding(false, declared.bigEndian());
        }
        if (!declared.explicitVr() && vrFollows && looksExplicit(first)) {
            LOG.warn("{}: the transfer syntax is implicit VR but the data set is in explicit VR; reading it as explicit VR", source);
            return new DicomReader.Encoding(true, declared.bigEndian());
        }
        return declared;
    }

    /**
     * In implicit VR, bytes 4-5 are the low half of a 32-bit length, so two upper-case letters
     * there mean a length over 16 000 for a first element: explicit VR is the likelier reading.
     */
    private static boolean looksExplicit(byte[] first) {
        return first[4] >= 'A' && first[4] <= 'Z';
    }

    /** Returns the path the file was read from. */
    public Path path() {
        return path;
    }

    /** Returns the File Meta Information (group 0002); empty for a raw data set. */
    public Attributes fileMeta() {
        return fileMeta;
    }

    /** Returns the data set (without group 0002). */
    public Attributes dataSet() {
        return dataSet;
    }

    /** Returns the Transfer Syntax UID of the data set, from the File Meta Information or as guessed. */
    public String transferSyntaxUid() {
        return transferSyntaxUid;
    }

    /** Returns the transfer syntax, or null when the UID is unknown to this module. */
    public TransferSyntax transferSyntax() {
        return transferSyntax;
    }

    /** Returns whether reading stopped at the Pixel Data element ({@link ReadOptions#stopAtPixelData()}). */
    public boolean stoppedAtPixelData() {
        return stoppedAtPixelData;
    }

    /**
     * The SOP Instance UID of the data set, or the Media Storage SOP Instance UID of the File Meta
     * Information when the data set's is empty (some anonymizers blank it).
     */
    public String sopInstanceUid() {
        String uid = dataSet.getString(Tag.SOP_INSTANCE_UID);
        return uid == null || uid.isEmpty() ? fileMeta.getString(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID) : uid;
    }

    @Override
    public String toString() {
        return "DicomFile[" + path + ", " + transferSyntaxUid + "]";
    }
}
