package org.medannot.dicom.io;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

import org.medannot.dicom.Attributes;
import org.medannot.dicom.DicomElement;
import org.medannot.dicom.SpecificCharacterSet;
import org.medannot.dicom.Tag;
import org.medannot.dicom.VR;

/**
 * A data set (or sequence item) that can be changed before it is written: elements ordered by
 * tag (as unsigned numbers), each set, replaced or removed by tag, sequences whose item lists
 * can be edited in place.
 *
 * <p>{@link #copyOf(Attributes)} copies a data set that was read, at every nesting level. Binary
 * values are stored in little-endian order. Pixel Data is not read: native Pixel Data stays a
 * reference into its source file and encapsulated Pixel Data a list of fragment references, so
 * the writer copies them without decoding.
 *
 * <p>Text set through {@link #setString} must be ASCII, because the writer does not re-encode
 * values to the data set's Specific Character Set; text copied from a read data set keeps its
 * original bytes. Not thread-safe.
 */
public final class MutableAttributes {

    private final TreeMap<Integer, MutableElement> elements = new TreeMap<>(Integer::compareUnsigned);
    private final SpecificCharacterSet characterSet;

    /** Creates an empty data set whose text is read with the default character repertoire. */
    public MutableAttributes() {
        this(SpecificCharacterSet.DEFAULT);
    }

    /** Creates an empty data set whose existing text values decode with {@code characterSet}. */
    public MutableAttributes(SpecificCharacterSet characterSet) {
        this.characterSet = characterSet;
    }

    /** Copies a data set that was read, with its sequences; values are converted to little endian. */
    public static MutableAttributes copyOf(Attributes source) {
        MutableAttributes copy = new MutableAttributes(source.characterSet());
        for (DicomElement element : source.elements()) {
            copy.elements.put(element.tag(), copyElement(element));
        }
        return copy;
    }

    private static MutableElement copyElement(DicomElement element) {
        if (element.isSequence()) {
            List<MutableAttributes> items = new ArrayList<>();
            for (Attributes item : element.items()) {
                items.add(copyOf(item));
            }
            return MutableElement.ofItems(element.tag(), items);
        }
        if (element.isEncapsulated()) {
            return MutableElement.ofFragments(element.tag(), element.vr(), element.fragments());
        }
        if (element.isBulkData()) {
            return MutableElement.ofBulkData(element.tag(), element.vr(), element.bulkData(), element.bigEndian());
        }
        byte[] value = element.bytes();
        if (value == null) {
            value = new byte[0];
        }
        if (element.bigEndian()) {
            swapToLittleEndian(value, element.vr());
        }
        return MutableElement.ofBytes(element.tag(), element.vr(), value);
    }

    /**
     * Swaps a big-endian binary value in place. AT values are two 16-bit numbers, so they swap in
     * 2-byte units like OW; text, OB and UN have no byte order.
     */
    static void swapToLittleEndian(byte[] value, VR vr) {
        if (vr.isText() || vr == VR.OB || vr == VR.UN || vr == VR.SQ) {
            return;
        }
        int unit = vr == VR.AT ? 2 : vr.valueSize();
        if (unit < 2) {
            return;
        }
        for (int start = 0; start + unit <= value.length; start += unit) {
            for (int low = start, high = start + unit - 1; low < high; low++, high--) {
                byte swap = value[low];
                value[low] = value[high];
                value[high] = swap;
            }
        }
    }

    /** Returns the character set that text values copied from the source decode with. */
    public SpecificCharacterSet characterSet() {
        return characterSet;
    }

    public boolean contains(int tag) {
        return elements.containsKey(tag);
    }

    /** Returns the element of the tag, or null. */
    public MutableElement get(int tag) {
        return elements.get(tag);
    }

    /** Returns the elements in ascending tag order, as an unmodifiable view. */
    public Collection<MutableElement> elements() {
        return Collections.unmodifiableCollection(elements.values());
    }

    /** Returns a snapshot of the tags in ascending order, safe to iterate while changing this data set. */
    public List<Integer> tags() {
        return new ArrayList<>(elements.keySet());
    }

    public int size() {
        return elements.size();
    }

    /** Removes the element of the tag; returns the removed element or null. */
    public MutableElement remove(int tag) {
        return elements.remove(tag);
    }

    /** Sets (adds or replaces) an element with a little-endian value, which is copied. */
    public void setBytes(int tag, VR vr, byte[] littleEndianValue) {
        checkNotItemTag(tag);
        if (vr == VR.SQ) {
            throw new IllegalArgumentException(Tag.describe(tag) + ": a sequence takes items, not bytes; use setSequence");
        }
        elements.put(tag, MutableElement.ofBytes(tag, vr, littleEndianValue.clone()));
    }

    /** Sets an element to a zero-length value (an empty sequence for VR SQ). */
    public void setEmpty(int tag, VR vr) {
        checkNotItemTag(tag);
        if (vr == VR.SQ) {
            elements.put(tag, MutableElement.ofItems(tag, List.of()));
        } else {
            elements.put(tag, MutableElement.ofBytes(tag, vr, new byte[0]));
        }
    }

    /**
     * Sets a text element to the values joined by backslashes.
     *
     * @throws IllegalArgumentException when the VR is not a string VR or a value is not ASCII
     */
    public void setString(int tag, VR vr, String... values) {
        checkNotItemTag(tag);
        if (!vr.isText()) {
            throw new IllegalArgumentException(Tag.describe(tag) + ": expected a string VR, found " + vr);
        }
        String joined = String.join("\\", values);
        for (int n = 0; n < joined.length(); n++) {
            if (joined.charAt(n) > 0x7E) {
                throw new IllegalArgumentException(Tag.describe(tag) + ": expected ASCII text, found character U+"
                        + String.format("%04X", (int) joined.charAt(n)) + " at index " + n);
            }
        }
        elements.put(tag, MutableElement.ofBytes(tag, vr, joined.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Sets a US element (unsigned 16-bit values). */
    public void setUnsignedShorts(int tag, int... values) {
        byte[] bytes = new byte[values.length * 2];
        for (int n = 0; n < values.length; n++) {
            bytes[2 * n] = (byte) values[n];
            bytes[2 * n + 1] = (byte) (values[n] >>> 8);
        }
        setBytes(tag, VR.US, bytes);
    }

    /**
     * Sets a sequence to the given items (copied into a new mutable list) and returns that list.
     */
    public List<MutableAttributes> setSequence(int tag, List<MutableAttributes> items) {
        checkNotItemTag(tag);
        MutableElement element = MutableElement.ofItems(tag, items);
        elements.put(tag, element);
        return element.items();
    }

    /** Puts an element taken from another data set (elements are immutable except item lists). */
    public void put(MutableElement element) {
        checkNotItemTag(element.tag());
        elements.put(element.tag(), element);
    }

    /**
     * Returns the values of a text element decoded with {@link #characterSet()}, split at
     * backslashes (except LT, ST, UT, UR) and stripped of padding; an empty array when the
     * element is absent, empty or not text.
     */
    public String[] getStrings(int tag) {
        MutableElement element = elements.get(tag);
        if (element == null || element.rawBytes() == null || element.rawBytes().length == 0 || !element.vr().isText()) {
            return new String[0];
        }
        String text = characterSet.decode(element.rawBytes(), element.vr());
        String[] values = element.vr().isSingleValuedText() ? new String[] {text} : text.split("\\\\", -1);
        for (int n = 0; n < values.length; n++) {
            values[n] = stripPadding(values[n], element.vr());
        }
        return values;
    }

    /**
     * Returns the first value of a US, SS, UL, SL or IS element as an integer, or {@code fallback}
     * when the element is absent, empty, of another VR or not a number.
     */
    public int getInt(int tag, int fallback) {
        MutableElement element = elements.get(tag);
        if (element == null || element.rawBytes() == null) {
            return fallback;
        }
        byte[] b = element.rawBytes();
        switch (element.vr()) {
            case US:
                return b.length >= 2 ? (b[0] & 0xFF) | (b[1] & 0xFF) << 8 : fallback;
            case SS:
                return b.length >= 2 ? (short) ((b[0] & 0xFF) | (b[1] & 0xFF) << 8) : fallback;
            case UL, SL:
                return b.length >= 4 ? (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24 : fallback;
            case IS: {
                String text = getString(tag);
                try {
                    return text == null ? fallback : Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    return fallback;
                }
            }
            default:
                return fallback;
        }
    }

    /** Returns the first text value, or null when absent or empty. */
    public String getString(int tag) {
        String[] values = getStrings(tag);
        return values.length == 0 ? null : values[0];
    }

    private static String stripPadding(String value, VR vr) {
        int start = 0;
        int end = value.length();
        while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\0')) {
            end--;
        }
        if (!vr.isSingleValuedText()) {
            while (start < end && value.charAt(start) == ' ') {
                start++;
            }
        }
        return value.substring(start, end);
    }

    private static void checkNotItemTag(int tag) {
        if (Tag.group(tag) == 0xFFFE) {
            throw new IllegalArgumentException(Tag.toString(tag) + " is an item or delimiter tag, not a data element");
        }
    }

    @Override
    public String toString() {
        return "MutableAttributes[" + elements.size() + " elements]";
    }
}
