package org.medannot.dicom.io;

import java.util.ArrayList;
import java.util.List;

import org.medannot.dicom.BulkData;
import org.medannot.dicom.Tag;
import org.medannot.dicom.VR;

/**
 * One data element of a {@link MutableAttributes}: tag, VR and exactly one kind of value.
 *
 * <ul>
 *   <li>bytes, always in little-endian byte order (values read from Explicit VR Big Endian
 *       files are swapped when copied), possibly of odd length: the writer pads them;</li>
 *   <li>the items of a sequence (a mutable list);</li>
 *   <li>native Pixel Data left in its source file ({@link BulkData}), with the byte order it has
 *       there;</li>
 *   <li>the items of encapsulated Pixel Data: the Basic Offset Table first, then the fragments,
 *       copied unchanged by the writer.</li>
 * </ul>
 */
public final class MutableElement {

    private final int tag;
    private final VR vr;
    private final byte[] value;
    private final List<MutableAttributes> items;
    private final BulkData bulkData;
    private final boolean bulkDataBigEndian;
    private final List<BulkData> fragments;

    private MutableElement(int tag, VR vr, byte[] value, List<MutableAttributes> items, BulkData bulkData,
            boolean bulkDataBigEndian, List<BulkData> fragments) {
        this.tag = tag;
        this.vr = vr;
        this.value = value;
        this.items = items;
        this.bulkData = bulkData;
        this.bulkDataBigEndian = bulkDataBigEndian;
        this.fragments = fragments;
    }

    /** Creates an element with a little-endian value (not copied). */
    static MutableElement ofBytes(int tag, VR vr, byte[] littleEndianValue) {
        return new MutableElement(tag, vr, littleEndianValue, null, null, false, null);
    }

    /** Creates a sequence element with the given items (the list is copied into a mutable one). */
    static MutableElement ofItems(int tag, List<MutableAttributes> items) {
        return new MutableElement(tag, VR.SQ, null, new ArrayList<>(items), null, false, null);
    }

    static MutableElement ofBulkData(int tag, VR vr, BulkData bulkData, boolean bigEndian) {
        return new MutableElement(tag, vr, null, null, bulkData, bigEndian, null);
    }

    static MutableElement ofFragments(int tag, VR vr, List<BulkData> fragments) {
        return new MutableElement(tag, vr, null, null, null, false, List.copyOf(fragments));
    }

    public int tag() {
        return tag;
    }

    public VR vr() {
        return vr;
    }

    /** Returns whether the value is a sequence of items. */
    public boolean isSequence() {
        return items != null;
    }

    /** Returns whether the value is native Pixel Data still in its source file. */
    public boolean isBulkData() {
        return bulkData != null;
    }

    /** Returns whether the value is encapsulated Pixel Data (PS3.5 section A.4). */
    public boolean isEncapsulated() {
        return fragments != null;
    }

    /** Returns a copy of the little-endian value bytes, or null for sequences, bulk data and fragments. */
    public byte[] bytes() {
        return value == null ? null : value.clone();
    }

    /** Returns the value bytes without a copy, for the writer. */
    byte[] rawBytes() {
        return value;
    }

    /** Returns the items of a sequence, mutable; an empty immutable list for other elements. */
    public List<MutableAttributes> items() {
        return items == null ? List.of() : items;
    }

    /** Returns the native Pixel Data value in its source file, or null. */
    public BulkData bulkData() {
        return bulkData;
    }

    /** Returns whether {@link #bulkData()} is stored big endian in its source file. */
    public boolean bulkDataBigEndian() {
        return bulkDataBigEndian;
    }

    /** Returns the Basic Offset Table and fragments of encapsulated Pixel Data, or null. */
    public List<BulkData> fragments() {
        return fragments;
    }

    @Override
    public String toString() {
        return Tag.describe(tag) + " " + vr;
    }
}
