package org.medannot.dicom;

import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parser of a data set in one transfer syntax (PS3.5 section 7): data elements with explicit or
 * implicit VR, little or big endian, sequences and items of defined and undefined length, and
 * encapsulated pixel data (PS3.5 section A.4).
 *
 * <p>Departures from the standard that this reader accepts, as pydicom 2.3 and dcmtk 3.6 do:
 * <ul>
 *   <li>odd value lengths are read as given (PS3.5 section 7.1.1 requires even lengths);</li>
 *   <li>a data set whose first element is encoded in the other VR form than the transfer syntax
 *       says (explicit VR in an implicit-VR file, or the reverse) is read in the form found
 *       (pydicom does this check on the first element);</li>
 *   <li>an explicit VR of two letters that names no VR is read like UN, with a 32-bit length,
 *       as PS3.5 section 6.2 asks of VRs added in later editions;</li>
 *   <li>UN with undefined length is a sequence in Implicit VR Little Endian (PS3.5 section
 *       6.2.2); UN with defined length of a tag whose dictionary VR is known is read with that
 *       VR, and as an implicit-VR sequence when that VR is SQ (pydicom's default);</li>
 *   <li>Item Delimitation Items with a non-zero length: the length is ignored;</li>
 *   <li>a Sequence Delimitation Item in a data set outside any sequence is skipped;</li>
 *   <li>fewer than 8 bytes after the last element of the top-level data set (trailing padding)
 *       are ignored with a warning.</li>
 * </ul>
 * Nesting deeper than {@link ReadOptions#maxSequenceDepth()} raises {@link DicomException},
 * so that no input can exhaust the stack.
 */
final class DicomReader {

    private static final Logger LOG = LoggerFactory.getLogger(DicomReader.class);

    static final long UNDEFINED_LENGTH = 0xFFFFFFFFL;

    /** Encoding of a data set: VR form and byte order. */
    record Encoding(boolean explicitVr, boolean bigEndian) {
        static final Encoding IMPLICIT_LITTLE = new Encoding(false, false);
        static final Encoding EXPLICIT_LITTLE = new Encoding(true, false);
    }

    private final DicomInput in;
    private final String source;
    private final ReadOptions options;
    private final Path bulkFile;
    private final byte[] content;
    private boolean stoppedAtPixelData;
    private boolean stoppedAfterLastTag;

    /**
     * @param bulkFile the file that values read lazily can be fetched from later, or null when
     *     the input cannot be read again at an offset (deflated), so values are read in memory
     */
    DicomReader(DicomInput in, ReadOptions options, Path bulkFile) {
        this(in, options, bulkFile, null);
    }

    /**
     * @param content the whole file that {@code in} reads, from offset 0, or null; Pixel Data
     *     values then refer to ranges of it instead of being read again from {@code bulkFile}
     */
    DicomReader(DicomInput in, ReadOptions options, Path bulkFile, byte[] content) {
        this.in = in;
        this.source = in.source();
        this.options = options;
        this.bulkFile = bulkFile;
        this.content = content;
    }

    /** Returns a Pixel Data value or fragment that starts at the current position, without reading it. */
    private BulkData bulkValue(long available, long declaredLength) {
        if (content != null) {
            return BulkData.inContent(content, Math.toIntExact(in.position()), Math.toIntExact(available), declaredLength);
        }
        return BulkData.inFile(bulkFile, in.position(), available, declaredLength);
    }

    boolean stoppedAtPixelData() {
        return stoppedAtPixelData;
    }

    /** Reads the top-level data set until the end of the input (or the pixel data, if asked). */
    Attributes readDataSet(Encoding encoding) {
        Attributes dataSet = new Attributes(null);
        readElements(dataSet, -1, 0, encoding, true);
        return dataSet;
    }

    /** Reads File Meta Information elements (group 0002) while the next tag is in group 0002. */
    Attributes readFileMeta() {
        Attributes meta = new Attributes(null);
        Encoding encoding = Encoding.EXPLICIT_LITTLE;
        byte[] first = in.peek(6);
        boolean metaGroup = first.length == 6 && first[0] == 2 && first[1] == 0;
        if (metaGroup && VR.of(first[4], first[5]) == null) {
            // Some writers put the File Meta Information in implicit VR; pydicom reads it that way too.
            LOG.warn("{}: File Meta Information is in implicit VR, expected explicit VR Little Endian", source);
            encoding = Encoding.IMPLICIT_LITTLE;
        }
        while (true) {
            byte[] next = in.peek(2);
            if (next.length < 2 || ((next[0] & 0xFF) | (next[1] & 0xFF) << 8) != 0x0002) {
                return meta;
            }
            readOneElement(meta, 0, encoding, true, -1);
        }
    }

    private void readElements(Attributes target, long end, int depth, Encoding encoding, boolean topLevel) {
        while (true) {
            if (end >= 0) {
                if (in.position() == end) {
                    return;
                }
                if (in.position() > end) {
                    throw DicomException.at(source, in.position(), "the item to end at offset " + end,
                            "an element that runs past it");
                }
            } else if (topLevel && in.atEnd()) {
                return;
            } else if (topLevel && in.lengthKnown() && in.remaining() < 8) {
                LOG.warn("{}: ignored {} trailing bytes after the last data element", source, in.remaining());
                in.skip(in.remaining(), "trailing bytes");
                return;
            }
            boolean itemEnded = readOneElement(target, depth, encoding, topLevel, end);
            if (itemEnded) {
                if (end < 0 && !topLevel) {
                    return;
                }
                // A stray Item Delimitation Item inside a defined-length item or the top level is skipped.
            }
            if (stoppedAtPixelData || stoppedAfterLastTag) {
                return;
            }
        }
    }

    /**
     * Reads one element into {@code target}. Returns true when the element was an Item
     * Delimitation Item (end of an undefined-length item).
     */
    private boolean readOneElement(Attributes target, int depth, Encoding encoding, boolean topLevel, long end) {
        long tagOffset = in.position();
        int tag = in.readTag(encoding.bigEndian());

        if (tag == Tag.ITEM_DELIMITATION_ITEM) {
            in.readUInt32(encoding.bigEndian(), "the length of an Item Delimitation Item");
            return true;
        }
        if (tag == Tag.SEQUENCE_DELIMITATION_ITEM) {
            in.readUInt32(encoding.bigEndian(), "the length of a Sequence Delimitation Item");
            LOG.warn("{}: skipped a Sequence Delimitation Item outside any sequence at offset {}", source, tagOffset);
            return false;
        }
        if (tag == Tag.ITEM) {
            throw DicomException.at(source, tagOffset, "a data element", "an Item tag (FFFE,E000) outside a sequence");
        }

        VR vr;
        long length;
        if (encoding.explicitVr()) {
            int first = in.readUInt8("a VR");
            int second = in.readUInt8("a VR");
            vr = VR.of(first, second);
            if (vr == null) {
                if (first >= 'A' && first <= 'Z' && second >= 'A' && second <= 'Z') {
                    vr = VR.UN;
                    in.skip(2, "the reserved bytes of an explicit VR header");
                    length = in.readUInt32(encoding.bigEndian(), () -> "the value length of " + Tag.toString(tag));
                } else {
                    throw DicomException.at(source, tagOffset + 4, "a VR of two upper-case letters for " + Tag.describe(tag),
                            String.format("bytes 0x%02X 0x%02X", first, second));
                }
            } else if (vr.longLength()) {
                in.skip(2, "the reserved bytes of an explicit VR header");
                length = in.readUInt32(encoding.bigEndian(), () -> "the value length of " + Tag.toString(tag));
            } else {
                length = in.readUInt16(encoding.bigEndian(), () -> "the value length of " + Tag.toString(tag));
            }
        } else {
            vr = implicitVr(tag, target);
            length = in.readUInt32(encoding.bigEndian(), () -> "the value length of " + Tag.toString(tag));
        }

        boolean pixelData = depth == 0 && (tag == Tag.PIXEL_DATA || tag == Tag.FLOAT_PIXEL_DATA || tag == Tag.DOUBLE_FLOAT_PIXEL_DATA);
        if (pixelData && options.stopAtPixelData()) {
            // A listing that stops here must not present a file whose pixels are cut off as readable.
            if (length != UNDEFINED_LENGTH && in.lengthKnown() && length > in.remaining()) {
                throw DicomException.at(source, tagOffset, "a value of " + length + " bytes for "
                        + Tag.describe(tag), in.remaining() + " bytes before the end of the file");
            }
            if (length == UNDEFINED_LENGTH && in.lengthKnown()) {
                // Walks the item headers of the fragments, skipping their values.
                readFragments(tag, false);
            }
            stoppedAtPixelData = true;
            return false;
        }
        if (depth == 0 && Tag.group(tag) != 0x0002 && Integer.compareUnsigned(tag, options.lastTag()) > 0) {
            stoppedAfterLastTag = true;
            return false;
        }

        if (length == UNDEFINED_LENGTH) {
            if (vr == VR.SQ) {
                target.put(DicomElement.ofItems(tag, VR.SQ, readItems(target, -1, depth + 1, encoding, tagOffset)));
            } else if (vr == VR.UN) {
                // PS3.5 section 6.2.2: UN of undefined length contains a sequence in Implicit VR Little Endian.
                target.put(DicomElement.ofItems(tag, VR.SQ, readItems(target, -1, depth + 1, Encoding.IMPLICIT_LITTLE, tagOffset)));
            } else if (tag == Tag.PIXEL_DATA || vr == VR.OB || vr == VR.OW) {
                target.put(DicomElement.ofFragments(tag, vr, readFragments(tag, true)));
            } else {
                throw DicomException.at(source, tagOffset, "a defined value length for " + Tag.describe(tag) + " with VR " + vr,
                        "undefined length (0xFFFFFFFF)");
            }
            return false;
        }

        long valueEnd = in.position() + length;
        if (end >= 0 && valueEnd > end) {
            throw DicomException.at(source, tagOffset, "the value of " + Tag.describe(tag) + " to end within its item (offset " + end + ")",
                    "a value length of " + length);
        }
        if (vr == VR.UN && !Tag.isPrivate(tag)) {
            VR known = ElementDictionary.implicitVr(tag);
            if (known != VR.UN) {
                vr = known == VR.SQ ? VR.SQ : implicitVr(tag, target);
                encoding = known == VR.SQ ? Encoding.IMPLICIT_LITTLE : encoding;
            }
        }
        if (vr == VR.SQ) {
            if (length > in.remaining()) {
                throw DicomException.at(source, tagOffset, "a sequence " + Tag.describe(tag) + " of " + length + " bytes",
                        in.remaining() + " bytes before the end of the file");
            }
            target.put(DicomElement.ofItems(tag, VR.SQ, readItems(target, valueEnd, depth + 1, encoding, tagOffset)));
            return false;
        }
        if (pixelData && (bulkFile != null || content != null)) {
            long available = Math.min(length, in.remaining());
            if (available < length) {
                LOG.warn("{}: {} declares {} bytes but the file holds {}", source, Tag.describe(tag), length, available);
            }
            target.put(DicomElement.ofBulkData(tag, vr, encoding.bigEndian(), bulkValue(available, length)));
            in.skip(available, "the value of " + Tag.describe(tag));
            return false;
        }
        byte[] value = in.readValue(length, () -> "the value of " + Tag.describe(tag));
        if (pixelData) {
            target.put(DicomElement.ofBulkData(tag, vr, encoding.bigEndian(), BulkData.inMemory(value, valueEnd - length)));
        } else {
            target.put(DicomElement.ofBytes(tag, vr, encoding.bigEndian(), value));
        }
        return false;
    }

    /** Returns the VR of an element in implicit VR, choosing US or SS by Pixel Representation. */
    private static VR implicitVr(int tag, Attributes target) {
        ElementDictionary.Entry entry = ElementDictionary.entry(tag);
        VR vr = ElementDictionary.implicitVr(tag);
        if (entry != null && entry.vrs().size() > 1) {
            if (entry.vrs().contains(VR.SS) && pixelRepresentation(target) == 1) {
                return VR.SS;
            }
            if (entry.vrs().contains(VR.OW) && !entry.vrs().contains(VR.US)) {
                // "OB or OW" is OW in implicit VR (PS3.5 section A.1 for Pixel Data).
                return VR.OW;
            }
        }
        return vr;
    }

    private static int pixelRepresentation(Attributes target) {
        for (Attributes current = target; current != null; current = current.parent()) {
            DicomElement element = current.get(Tag.PIXEL_REPRESENTATION);
            if (element != null && element.rawValue() != null && element.rawValue().length >= 2) {
                return current.getInt(Tag.PIXEL_REPRESENTATION, 0);
            }
        }
        return 0;
    }

    private List<Attributes> readItems(Attributes parent, long end, int depth, Encoding encoding, long sequenceOffset) {
        if (depth > options.maxSequenceDepth()) {
            throw DicomException.at(source, sequenceOffset, "sequences nested at most " + options.maxSequenceDepth() + " deep",
                    "nesting depth " + depth);
        }
        List<Attributes> items = new ArrayList<>();
        while (true) {
            if (end >= 0 && in.position() >= end) {
                if (in.position() > end) {
                    throw DicomException.at(source, in.position(), "the sequence to end at offset " + end, "an item that runs past it");
                }
                return items;
            }
            long itemOffset = in.position();
            int tag = in.readTag(encoding.bigEndian());
            long length = in.readUInt32(encoding.bigEndian(), "the length of an item");
            if (tag == Tag.SEQUENCE_DELIMITATION_ITEM) {
                if (end >= 0) {
                    LOG.warn("{}: Sequence Delimitation Item in a sequence of defined length at offset {}", source, itemOffset);
                }
                return items;
            }
            if (tag != Tag.ITEM) {
                throw DicomException.at(source, itemOffset, "an Item (FFFE,E000) or Sequence Delimitation Item (FFFE,E0DD)",
                        "tag " + Tag.toString(tag));
            }
            Attributes item = new Attributes(parent);
            if (length == UNDEFINED_LENGTH) {
                readElements(item, -1, depth, encoding, false);
            } else {
                long itemEnd = in.position() + length;
                if (length > in.remaining() || (end >= 0 && itemEnd > end)) {
                    throw DicomException.at(source, itemOffset, "an item that fits in its sequence and the file",
                            "an item length of " + length);
                }
                readElements(item, itemEnd, depth, encoding, false);
            }
            items.add(item);
        }
    }

    /** Reads the items of encapsulated pixel data: Basic Offset Table, then the fragments. */
    /**
     * Reads the items of encapsulated pixel data up to the Sequence Delimitation Item. With
     * {@code keep} false, only checks that each item fits in the file and returns an empty list.
     */
    private List<BulkData> readFragments(int tag, boolean keep) {
        List<BulkData> fragments = new ArrayList<>();
        long firstItemOffset = in.position();
        while (true) {
            long itemOffset = in.position();
            // Items of encapsulated pixel data are always little endian (PS3.5 section A.4).
            int itemTag = in.readTag(false);
            long length = in.readUInt32(false, "the length of a pixel data item");
            if (itemTag == Tag.SEQUENCE_DELIMITATION_ITEM) {
                if (itemOffset == firstItemOffset) {
                    throw DicomException.at(source, itemOffset, "a Basic Offset Table item in " + Tag.describe(tag),
                            "a Sequence Delimitation Item");
                }
                return fragments;
            }
            if (itemTag != Tag.ITEM) {
                throw DicomException.at(source, itemOffset, "an Item (FFFE,E000) of encapsulated " + Tag.describe(tag),
                        "tag " + Tag.toString(itemTag));
            }
            if (length == UNDEFINED_LENGTH || length > in.remaining()) {
                throw DicomException.at(source, itemOffset, "a fragment that fits in the file",
                        length == UNDEFINED_LENGTH ? "undefined length" : "a length of " + length + " with " + in.remaining() + " bytes left");
            }
            if (!keep) {
                in.skip(length, "a pixel data fragment");
            } else if (bulkFile != null || content != null) {
                fragments.add(bulkValue(length, length));
                in.skip(length, "a pixel data fragment");
            } else {
                long offset = in.position();
                fragments.add(BulkData.inMemory(in.readValue(length, "a pixel data fragment"), offset));
            }
        }
    }
}
