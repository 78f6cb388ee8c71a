package org.medannot.dicom.seg;

import java.util.Locale;
import java.util.Map;

/**
 * SNOMED CT codes (Coding Scheme Designator "SCT") for the Segmented Property Category and Type
 * of common structures, looked up by name. The categories are those of DICOM CID 7150
 * (Segmentation Property Categories): Anatomical Structure for organs and bones, Morphologically
 * Abnormal Structure for lesions, and Tissue otherwise.
 */
public final class SegmentCodes {

    /** Category of organs and bones: (123037004, SCT, "Anatomical Structure"). */
    public static final CodedConcept ANATOMICAL_STRUCTURE = new CodedConcept("123037004", "SCT", "Anatomical Structure");
    /** Category of lesions: (49755003, SCT, "Morphologically Abnormal Structure"). */
    public static final CodedConcept MORPHOLOGICALLY_ABNORMAL_STRUCTURE =
            new CodedConcept("49755003", "SCT", "Morphologically Abnormal Structure");
    /** Category and type of anything else: (85756007, SCT, "Tissue"). */
    public static final CodedConcept TISSUE = new CodedConcept("85756007", "SCT", "Tissue");
    /** Type of a lesion: (52988006, SCT, "Lesion"). */
    public static final CodedConcept LESION = new CodedConcept("52988006", "SCT", "Lesion");

    private static final Map<String, CodedConcept> ANATOMY = Map.ofEntries(
            entry("liver", "10200004", "Liver"),
            entry("spleen", "78961009", "Spleen"),
            entry("kidney", "64033007", "Kidney"),
            entry("lung", "39607008", "Lung"),
            entry("bone", "272673000", "Bone"),
            entry("heart", "80891009", "Heart"),
            entry("brain", "12738006", "Brain"),
            entry("pancreas", "15776009", "Pancreas"),
            entry("stomach", "69695003", "Stomach"),
            entry("bladder", "89837001", "Bladder"),
            entry("aorta", "15825003", "Aorta"),
            entry("prostate", "41216001", "Prostate"),
            entry("gallbladder", "28231008", "Gallbladder"),
            entry("esophagus", "32849002", "Esophagus"),
            entry("colon", "71854001", "Colon"),
            entry("trachea", "44567001", "Trachea"),
            entry("thyroid", "69748006", "Thyroid"),
            entry("adrenal gland", "23451007", "Adrenal gland"),
            entry("spinal cord", "2748008", "Spinal cord"),
            entry("vertebra", "51282000", "Vertebra"),
            entry("rib", "113197003", "Rib"),
            entry("femur", "71341001", "Femur"),
            entry("skull", "89546000", "Skull"));

    private static final String[] LESION_WORDS = {"lesion", "tumor", "tumour", "nodule", "mass", "metastasis", "neoplasm", "cyst"};

    private SegmentCodes() {
    }

    /** A Segmented Property Category and Type pair. */
    public record Codes(CodedConcept category, CodedConcept type) {
    }

    /**
     * Finds the codes for a structure name, ignoring case, underscores and a leading "left" or
     * "right" ("kidney_left" and "Left kidney" both give Kidney). Names that contain a lesion
     * word (lesion, tumor, nodule, mass, metastasis, neoplasm, cyst) give Lesion; others give
     * Tissue.
     */
    public static Codes forName(String name) {
        String key = name == null ? "" : name.toLowerCase(Locale.ROOT).replace('_', ' ').replace('-', ' ').strip();
        key = key.replaceAll("^(left|right) ", "").replaceAll(" (left|right)$", "");
        CodedConcept anatomy = ANATOMY.get(key);
        if (anatomy == null && key.endsWith("s")) {
            anatomy = ANATOMY.get(key.substring(0, key.length() - 1));
        }
        if (anatomy != null) {
            return new Codes(ANATOMICAL_STRUCTURE, anatomy);
        }
        for (String word : LESION_WORDS) {
            if (key.contains(word)) {
                return new Codes(MORPHOLOGICALLY_ABNORMAL_STRUCTURE, LESION);
            }
        }
        return new Codes(TISSUE, TISSUE);
    }

    private static Map.Entry<String, CodedConcept> entry(String key, String value, String meaning) {
        return Map.entry(key, new CodedConcept(value, "SCT", meaning));
    }
}
