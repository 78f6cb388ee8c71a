package org.medannot.dicom.seg.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.medannot.dicom.Attributes;
import org.medannot.dicom.VR;
import org.medannot.dicom.io.MutableAttributes;
import org.medannot.dicom.io.MutableElement;
import org.medannot.dicom.seg.CodedConcept;

/**
 * Helpers shared by the SEG and RTSTRUCT writers: new UIDs, Decimal String formatting, coded
 * concepts and the copying of Patient and General Study attributes from a source image. Not API.
 */
public final class DerivedObjectSupport {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneOffset.UTC);

    /**
     * Patient and General Study module attributes, with their VRs. All are Type 2 except Study
     * Instance UID (Type 1), which a writer must fill when the source has none.
     */
    private static final int[][] PATIENT_AND_STUDY = {
        {0x00100010, VR.PN.ordinal()}, // Patient's Name
        {0x00100020, VR.LO.ordinal()}, // Patient ID
        {0x00100030, VR.DA.ordinal()}, // Patient's Birth Date
        {0x00100040, VR.CS.ordinal()}, // Patient's Sex
        {0x0020000D, VR.UI.ordinal()}, // Study Instance UID
        {0x00080020, VR.DA.ordinal()}, // Study Date
        {0x00080030, VR.TM.ordinal()}, // Study Time
        {0x00080090, VR.PN.ordinal()}, // Referring Physician's Name
        {0x00200010, VR.SH.ordinal()}, // Study ID
        {0x00080050, VR.SH.ordinal()}, // Accession Number
    };

    private static final int SPECIFIC_CHARACTER_SET = 0x00080005;

    private DerivedObjectSupport() {
    }

    /** Creates a UID of the form 2.25.n from a random UUID (PS3.5 section B.2). */
    public static String newUid() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return "2.25." + new BigInteger(1, bytes.array());
    }

    /**
     * Derives a UID of the form 2.25.n from another UID and a purpose, n being the first 16 bytes
     * of SHA-256 of "uid/purpose", so that the same inputs give the same UID.
     */
    public static String uidFrom(String uid, String purpose) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((uid + "/" + purpose).getBytes(StandardCharsets.US_ASCII));
            return "2.25." + new BigInteger(1, Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /**
     * Formats a number as a Decimal String of at most 16 characters (PS3.5 section 6.2), with as
     * many significant digits as fit: in plain notation where that fits, otherwise with an
     * exponent (such as "-1E-16" for a direction cosine that a scanner wrote as -1e-016).
     */
    public static String decimalString(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a Decimal String must be finite, but the value was " + value);
        }
        if (value == 0) {
            return "0";
        }
        for (int digits = 16; digits > 0; digits--) {
            BigDecimal rounded = new BigDecimal(value).round(new MathContext(digits)).stripTrailingZeros();
            String plain = rounded.toPlainString();
            if (plain.length() <= 16) {
                return plain;
            }
            String exponent = rounded.toString();
            if (exponent.length() <= 16) {
                return exponent;
            }
        }
        throw new IllegalArgumentException("cannot format " + value + " as a Decimal String of 16 characters");
    }

    /** Sets a DS element to the formatted values. */
    public static void setDecimals(MutableAttributes target, int tag, double... values) {
        String[] texts = new String[values.length];
        for (int n = 0; n < values.length; n++) {
            texts[n] = decimalString(values[n]);
        }
        target.setString(tag, VR.DS, texts);
    }

    /** Sets an IS element. */
    public static void setIntegerString(MutableAttributes target, int tag, int value) {
        target.setString(tag, VR.IS, Integer.toString(value));
    }

    /** Sets an AT element to the given tags (group then element, little endian). */
    public static void setAttributeTags(MutableAttributes target, int tag, int... tags) {
        byte[] bytes = new byte[4 * tags.length];
        for (int n = 0; n < tags.length; n++) {
            int group = tags[n] >>> 16;
            int element = tags[n] & 0xFFFF;
            bytes[4 * n] = (byte) group;
            bytes[4 * n + 1] = (byte) (group >>> 8);
            bytes[4 * n + 2] = (byte) element;
            bytes[4 * n + 3] = (byte) (element >>> 8);
        }
        target.setBytes(tag, VR.AT, bytes);
    }

    /** Builds a Code Sequence item. */
    public static MutableAttributes codeItem(CodedConcept concept) {
        MutableAttributes item = new MutableAttributes();
        item.setString(0x00080100, VR.SH, concept.value());
        item.setString(0x00080102, VR.SH, concept.scheme());
        item.setString(0x00080104, VR.LO, concept.meaning());
        return item;
    }

    /** Sets a sequence of one Code Sequence item. */
    public static void setCode(MutableAttributes target, int tag, CodedConcept concept) {
        target.setSequence(tag, List.of(codeItem(concept)));
    }

    /** Builds an item with one text element. */
    public static MutableAttributes item(int tag, VR vr, String value) {
        MutableAttributes item = new MutableAttributes();
        item.setString(tag, vr, value);
        return item;
    }

    /** Returns the DICOM date (DA) of an instant in UTC. */
    public static String date(Instant instant) {
        return DATE.format(instant);
    }

    /** Returns the DICOM time (TM) of an instant in UTC, to the second. */
    public static String time(Instant instant) {
        return TIME.format(instant);
    }

    /**
     * Copies the Patient and General Study attributes, and Specific Character Set, from a source
     * image; a Type 2 attribute the source lacks is written empty. Values are copied byte for
     * byte, so names in any character set stay as they were.
     */
    public static void copyPatientAndStudy(MutableAttributes target, Attributes source) {
        MutableAttributes copy = MutableAttributes.copyOf(source);
        MutableElement characterSet = copy.get(SPECIFIC_CHARACTER_SET);
        if (characterSet != null) {
            target.put(characterSet);
        }
        for (int[] entry : PATIENT_AND_STUDY) {
            MutableElement element = copy.get(entry[0]);
            if (element != null && !element.isSequence()) {
                target.put(element);
            } else {
                target.setEmpty(entry[0], VR.values()[entry[1]]);
            }
        }
    }
}
