package org.medannot.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A DICOM data set (or sequence item, or File Meta Information): the data elements ordered by
 * tag, with typed getters that decode values by VR (PS3.5 section 6.2).
 *
 * <p>Instances are filled by the reader and read-only afterwards; they are safe to share between
 * threads once the reader has returned them. Text values are decoded with the Specific Character
 * Set in force for this data set: its own (0008,0005), else the one of the enclosing data set.
 */
public final class Attributes {

    private final TreeMap<Integer, DicomElement> elements = new TreeMap<>(Integer::compareUnsigned);
    private final Attributes parent;
    private SpecificCharacterSet characterSet;

    Attributes(Attributes parent) {
        this.parent = parent;
    }

    void put(DicomElement element) {
        elements.put(element.tag(), element);
        if (element.tag() == Tag.SPECIFIC_CHARACTER_SET) {
            characterSet = SpecificCharacterSet.of(splitValues(latin1(element.rawValue())));
        }
    }

    /** Returns the data set that contains this item, or null for a top-level data set. */
    public Attributes parent() {
        return parent;
    }

    /** Returns the character set used to decode text values of this data set. */
    public SpecificCharacterSet characterSet() {
        if (characterSet != null) {
            return characterSet;
        }
        return parent != null ? parent.characterSet() : SpecificCharacterSet.DEFAULT;
    }

    public boolean contains(int tag) {
        return elements.containsKey(tag);
    }

    /** Returns the element of the tag, or null. */
    public DicomElement get(int tag) {
        return elements.get(tag);
    }

    /** Returns the elements in ascending tag order (unmodifiable). */
    public Collection<DicomElement> elements() {
        return Collections.unmodifiableCollection(elements.values());
    }

    /** Returns the elements with tags in [from, to), unmodifiable. */
    public SortedMap<Integer, DicomElement> range(int from, int to) {
        return Collections.unmodifiableSortedMap(elements.subMap(from, to));
    }

    public int size() {
        return elements.size();
    }

    /** Returns the first value as text, or null when the element is absent or empty. */
    public String getString(int tag) {
        String[] values = getStrings(tag);
        return values.length == 0 ? null : values[0];
    }

    /** Returns the first value as text, or {@code fallback} when absent or empty. */
    public String getString(int tag, String fallback) {
        String value = getString(tag);
        return value == null || value.isEmpty() ? fallback : value;
    }

    /**
     * Returns all values as text: strings split at backslashes (except LT, ST, UT and UR, whose
     * one value may contain them) and stripped of padding; binary values formatted as decimal
     * numbers, AT as {@code (gggg,eeee)}. An absent or empty element gives an empty array.
     */
    public String[] getStrings(int tag) {
        DicomElement element = elements.get(tag);
        if (element == null || element.rawValue() == null || element.rawValue().length == 0) {
            return new String[0];
        }
        VR vr = element.vr();
        if (vr.isText()) {
            String text = characterSet().decode(element.rawValue(), vr);
            if (vr.isSingleValuedText()) {
                return new String[] {stripTrailing(text)};
            }
            String[] values = splitValues(text);
            for (int i = 0; i < values.length; i++) {
                values[i] = vr == VR.UI ? stripTrailing(values[i]) : values[i].strip();
                values[i] = stripNul(values[i]);
                if (vr == VR.PN) {
                    // Trailing empty component groups carry no information (PS3.5 section 6.2.1.2).
                    values[i] = stripTrailingGroupDelimiters(values[i]);
                }
            }
            return values;
        }
        if (vr == VR.AT) {
            int[] tags = getInts(tag);
            String[] values = new String[tags.length];
            for (int i = 0; i < tags.length; i++) {
                values[i] = Tag.toString(tags[i]);
            }
            return values;
        }
        if (vr == VR.FL || vr == VR.FD || vr == VR.OF || vr == VR.OD) {
            double[] numbers = getDoubles(tag);
            String[] values = new String[numbers.length];
            for (int i = 0; i < numbers.length; i++) {
                values[i] = Double.toString(numbers[i]);
            }
            return values;
        }
        if (vr == VR.SQ || vr == VR.OB || vr == VR.UN) {
            return new String[0];
        }
        long[] numbers = getLongs(tag);
        String[] values = new String[numbers.length];
        for (int i = 0; i < numbers.length; i++) {
            values[i] = Long.toString(numbers[i]);
        }
        return values;
    }

    /**
     * Returns the values as 32-bit integers: US, SS, UL, SL, AT, OW, OL, IS and integral DS.
     * UL and OL values above 2^31 - 1 raise {@link DicomException}; use {@link #getLongs}.
     */
    public int[] getInts(int tag) {
        long[] values = getLongs(tag);
        int[] ints = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < Integer.MIN_VALUE || values[i] > Integer.MAX_VALUE) {
                throw new DicomException(Tag.describe(tag) + ": expected a 32-bit integer, found " + values[i]);
            }
            ints[i] = (int) values[i];
        }
        return ints;
    }

    /** Returns the first value as an integer, or {@code fallback} when absent or empty. */
    public int getInt(int tag, int fallback) {
        DicomElement element = elements.get(tag);
        if (element == null || element.rawValue() == null) {
            return fallback;
        }
        int[] values = getInts(tag);
        return values.length == 0 ? fallback : values[0];
    }

    /**
     * Returns the values as 64-bit integers (US, SS, UL, SL, SV, UV, AT, OB, OW, OL, OV, IS,
     * integral DS). UV and OV values above 2^63 - 1 come back negative, as Java's unsigned
     * long conventions have it.
     */
    public long[] getLongs(int tag) {
        DicomElement element = elements.get(tag);
        if (element == null || element.rawValue() == null) {
            return new long[0];
        }
        byte[] bytes = element.rawValue();
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(element.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        VR vr = element.vr();
        switch (vr) {
            case US, OW: {
                long[] values = new long[bytes.length / 2];
                for (int i = 0; i < values.length; i++) {
                    values[i] = buffer.getShort() & 0xFFFF;
                }
                return values;
            }
            case SS: {
                long[] values = new long[bytes.length / 2];
                for (int i = 0; i < values.length; i++) {
                    values[i] = buffer.getShort();
                }
                return values;
            }
            case UL, OL: {
                long[] values = new long[bytes.length / 4];
                for (int i = 0; i < values.length; i++) {
                    values[i] = buffer.getInt() & 0xFFFFFFFFL;
                }
                return values;
            }
            case SL: {
                long[] values = new long[bytes.length / 4];
                for (int i = 0; i < values.length; i++) {
                    values[i] = buffer.getInt();
                }
                return values;
            }
            case AT: {
                // An AT value is two 16-bit numbers, group then element, each in the data set's byte order.
                long[] values = new long[bytes.length / 4];
                for (int i = 0; i < values.length; i++) {
                    int group = buffer.getShort() & 0xFFFF;
                    int elementNumber = buffer.getShort() & 0xFFFF;
                    values[i] = (group << 16) | elementNumber;
                }
                return values;
            }
            case SV, UV, OV: {
                long[] values = new long[bytes.length / 8];
                for (int i = 0; i < values.length; i++) {
                    values[i] = buffer.getLong();
                }
                return values;
            }
            case OB, UN: {
                long[] values = new long[bytes.length];
                for (int i = 0; i < values.length; i++) {
                    values[i] = bytes[i] & 0xFF;
                }
                return values;
            }
            case IS, DS: {
                String[] texts = getStrings(tag);
                List<Long> values = new ArrayList<>(texts.length);
                for (String text : texts) {
                    if (text.isEmpty()) {
                        continue;
                    }
                    double number = parseDecimal(tag, text);
                    if (number != Math.rint(number)) {
                        throw new DicomException(Tag.describe(tag) + ": expected an integer, found \"" + text + "\"");
                    }
                    values.add((long) number);
                }
                return values.stream().mapToLong(Long::longValue).toArray();
            }
            default:
                throw new DicomException(Tag.describe(tag) + ": expected an integer VR, found " + vr);
        }
    }

    /**
     * Returns the values as doubles: FL, FD, OF, OD, DS, IS and the integer VRs. Empty values
     * inside a multi-valued DS or IS are skipped.
     */
    public double[] getDoubles(int tag) {
        DicomElement element = elements.get(tag);
        if (element == null || element.rawValue() == null) {
            return new double[0];
        }
        byte[] bytes = element.rawValue();
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(element.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        switch (element.vr()) {
            case FL, OF: {
                double[] values = new double[bytes.length / 4];
                for (int i = 0; i < values.length; i++) {
                    values[i] = buffer.getFloat();
                }
                return values;
            }
            case FD, OD: {
                double[] values = new double[bytes.length / 8];
                for (int i = 0; i < values.length; i++) {
                    values[i] = buffer.getDouble();
                }
                return values;
            }
            case DS, IS: {
                String[] texts = getStrings(tag);
                List<Double> values = new ArrayList<>(texts.length);
                for (String text : texts) {
                    if (!text.isEmpty()) {
                        values.add(parseDecimal(tag, text));
                    }
                }
                return values.stream().mapToDouble(Double::doubleValue).toArray();
            }
            default: {
                long[] longs = getLongs(tag);
                double[] values = new double[longs.length];
                for (int i = 0; i < longs.length; i++) {
                    values[i] = longs[i];
                }
                return values;
            }
        }
    }

    /** Returns the first value as a double, or {@code fallback} when absent or empty. */
    public double getDouble(int tag, double fallback) {
        double[] values = getDoubles(tag);
        return values.length == 0 ? fallback : values[0];
    }

    /** Returns the items of a sequence, or an empty list when the element is absent or not a sequence. */
    public List<Attributes> getSequence(int tag) {
        DicomElement element = elements.get(tag);
        return element == null ? List.of() : element.items();
    }

    /** Returns the first item of a sequence, or null. */
    public Attributes getItem(int tag) {
        List<Attributes> items = getSequence(tag);
        return items.isEmpty() ? null : items.get(0);
    }

    /** Returns a copy of the value bytes, or null when absent or not held in memory. */
    public byte[] getBytes(int tag) {
        DicomElement element = elements.get(tag);
        return element == null ? null : element.bytes();
    }

    private static double parseDecimal(int tag, String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new DicomException(Tag.describe(tag) + ": expected a decimal number, found \"" + text + "\"");
        }
    }

    private static String latin1(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static String[] splitValues(String text) {
        return text.split("\\\\", -1);
    }

    private static String stripTrailing(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\0')) {
            end--;
        }
        return text.substring(0, end);
    }

    private static String stripTrailingGroupDelimiters(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '=') {
            end--;
        }
        return text.substring(0, end);
    }

    private static String stripNul(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\0') {
            end--;
        }
        return text.substring(0, end);
    }

    @Override
    public String toString() {
        return "Attributes[" + elements.size() + " elements]";
    }
}
