package org.medannot.dicom.deid;

import org.medannot.dicom.VR;

/**
 * The dummy values that the D action (and C on values that cannot be cleaned otherwise) writes,
 * one per VR, each valid for its VR (PS3.5 section 6.2) and carrying no information:
 *
 * <table>
 * <caption>Dummy value per VR</caption>
 * <tr><th>VR</th><th>Value</th></tr>
 * <tr><td>AE, CS, LO, LT, PN, SH, ST, UC, UT</td><td>ANONYMIZED</td></tr>
 * <tr><td>AS</td><td>000D</td></tr>
 * <tr><td>DA</td><td>19000101</td></tr>
 * <tr><td>DT</td><td>19000101000000</td></tr>
 * <tr><td>TM</td><td>000000</td></tr>
 * <tr><td>DS, IS</td><td>0</td></tr>
 * <tr><td>UR</td><td>urn:x-anonymized</td></tr>
 * <tr><td>binary VRs (US, SS, UL, SL, FL, FD, AT, SV, UV, OB, OW, OL, OF, OD, OV, UN)</td>
 *     <td>one value of zero bytes: 2 bytes for US, SS, OB, OW, UN, else the VR's value size</td></tr>
 * </table>
 *
 * UI is not here: a dummy UID is the element's mapped UID, so that references stay consistent.
 */
final class DummyValues {

    static final String TEXT = "ANONYMIZED";

    private DummyValues() {
    }

    /** Returns the dummy text for a string VR other than UI. */
    static String text(VR vr) {
        return switch (vr) {
            case AS -> "000D";
            case DA -> "19000101";
            case DT -> "19000101000000";
            case TM -> "000000";
            case DS, IS -> "0";
            case UR -> "urn:x-anonymized";
            default -> TEXT;
        };
    }

    /** Returns whether {@code value} occurs inside one of the dummy texts, so finding it in an output proves nothing. */
    static boolean contains(String value) {
        for (VR vr : VR.values()) {
            if (vr.isText() && vr != VR.UI && text(vr).contains(value)) {
                return true;
            }
        }
        return false;
    }

    /** Returns the dummy bytes for a binary VR: one zero value. */
    static byte[] binary(VR vr) {
        return new byte[Math.max(2, vr.valueSize())];
    }
}
