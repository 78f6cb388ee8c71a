package org.medannot.dicom;

import java.util.List;

/**
 * One data element as read: tag, VR and value. The value is one of: bytes in the byte order of
 * the transfer syntax ({@link #bigEndian()}), the items of a sequence, a lazily read bulk value
 * (native Pixel Data), or the fragments of encapsulated Pixel Data.
 */
public final class DicomElement {

    private final int tag;
    private final VR vr;
    private final boolean bigEndian;
    private final byte[] value;
    private final List<Attributes> items;
    private final BulkData bulkData;
    private final List<BulkData> fragments;

    private DicomElement(int tag, VR vr, boolean bigEndian, byte[] value, List<Attributes> items,
            BulkData bulkData, List<BulkData> fragments) {
        this.tag = tag;
        this.vr = vr;
        this.bigEndian = bigEndian;
        this.value = value;
        this.items = items;
        this.bulkData = bulkData;
        this.fragments = fragments;
    }

    static DicomElement ofBytes(int tag, VR vr, boolean bigEndian, byte[] value) {
        return new DicomElement(tag, vr, bigEndian, value, null, null, null);
    }

    static DicomElement ofItems(int tag, VR vr, List<Attributes> items) {
        return new DicomElement(tag, vr, false, null, List.copyOf(items), null, null);
    }

    static DicomElement ofBulkData(int tag, VR vr, boolean bigEndian, BulkData bulkData) {
        return new DicomElement(tag, vr, bigEndian, null, null, bulkData, null);
    }

    static DicomElement ofFragments(int tag, VR vr, List<BulkData> fragments) {
        return new DicomElement(tag, vr, false, null, null, null, List.copyOf(fragments));
    }

    public int tag() {
        return tag;
    }

    public VR vr() {
        return vr;
    }

    /** Returns whether binary values are big endian (Explicit VR Big Endian data sets only). */
    public boolean bigEndian() {
        return bigEndian;
    }

    /** Returns whether the value is a sequence of items. */
    public boolean isSequence() {
        return items != null;
    }

    /** Returns whether the value is encapsulated Pixel Data (PS3.5 section A.4). */
    public boolean isEncapsulated() {
        return fragments != null;
    }

    /** Returns whether the value was left in the file to be read on request. */
    public boolean isBulkData() {
        return bulkData != null;
    }

    /** Returns the value bytes as read (not a copy), or null for sequences, bulk data and fragments. */
    byte[] rawValue() {
        return value;
    }

    /** Returns a copy of the value bytes, or null for sequences, bulk data and fragments. */
    public byte[] bytes() {
        return value == null ? null : value.clone();
    }

    /** Returns the items of a sequence (empty list for an element that is not a sequence). */
    public List<Attributes> items() {
        return items == null ? List.of() : items;
    }

    /** Returns the lazily read value of native Pixel Data, or null. */
    public BulkData bulkData() {
        return bulkData;
    }

    /**
     * The items of encapsulated Pixel Data: item 0 is the Basic Offset Table (possibly empty),
     * the others are the fragments in file order. Null when not encapsulated.
     */
    public List<BulkData> fragments() {
        return fragments;
    }

    /** Length of the value in bytes as stored (0 for sequences and fragments). */
    public long length() {
        if (value != null) {
            return value.length;
        }
        return bulkData != null ? bulkData.length() : 0;
    }

    @Override
    public String toString() {
        return Tag.describe(tag) + " " + vr;
    }
}
