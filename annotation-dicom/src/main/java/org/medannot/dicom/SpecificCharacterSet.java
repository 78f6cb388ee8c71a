package org.medannot.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Decoding of text values by Specific Character Set (0008,0005), PS3.3 section C.12.1.1.2 and
 * PS3.5 section 6.1.
 *
 * <p>Single-byte sets (ISO_IR 100, 101, 109, 110, 144, 127, 126, 138, 148, 203, 13, 166),
 * ISO_IR 192 (UTF-8), GB18030 and GBK decode the whole value with one Java charset. Values of
 * the "ISO 2022 IR ..." sets are cut at each escape sequence (PS3.3 table C.12-3 and C.12-4);
 * each run is decoded with the code element the last escape sequence designated to G0 (bytes
 * 0x21-0x7E) or G1 (bytes 0xA1-0xFE). Every value starts in the state of the first value of
 * Specific Character Set. An absent or empty Specific Character Set means the default
 * repertoire; bytes outside ASCII are then read as ISO 8859-1, as pydicom and dcmtk do.
 *
 * <p>Multi-byte code elements are decoded by turning them into the EUC form of the same set:
 * JIS X 0208 (ESC $ B) and JIS X 0212 (ESC $ ( D) become EUC-JP, KS X 1001 in G1 (ESC $ ) C)
 * is EUC-KR, GB 2312 in G1 (ESC $ ) A) is EUC-CN.
 */
public final class SpecificCharacterSet {

    private static final Charset LATIN_1 = StandardCharsets.ISO_8859_1;
    private static final Charset JIS_X0201 = Charset.forName("JIS_X0201");
    private static final Charset EUC_JP = Charset.forName("EUC-JP");
    private static final Charset EUC_KR = Charset.forName("EUC-KR");
    private static final Charset GB2312 = Charset.forName("GB2312");

    /** The default repertoire (no Specific Character Set). Declared after the charsets it uses. */
    public static final SpecificCharacterSet DEFAULT = new SpecificCharacterSet(new String[0]);

    /** A code element: what G0 or G1 decodes to after an escape sequence. */
    private enum CodeElement {
        ASCII, ROMAJI, JIS_X0208, JIS_X0212, KATAKANA, KS_X1001, GB_2312, SINGLE_BYTE
    }

    private final String[] values;
    private final Charset singleCharset;
    private final boolean iso2022;
    private final CodeElement initialG0;
    private final CodeElement initialG1;
    private final Charset initialG1Charset;

    private SpecificCharacterSet(String[] values) {
        this.values = values;
        String first = values.length == 0 ? "" : values[0];
        this.iso2022 = values.length > 1 || first.startsWith("ISO 2022");
        if (!iso2022) {
            this.singleCharset = charsetOfTerm(first);
            this.initialG0 = CodeElement.ASCII;
            this.initialG1 = CodeElement.SINGLE_BYTE;
            this.initialG1Charset = singleCharset;
        } else {
            this.singleCharset = null;
            String term = first.isEmpty() ? "ISO 2022 IR 6" : first;
            switch (term) {
                case "ISO 2022 IR 13" -> {
                    this.initialG0 = CodeElement.ROMAJI;
                    this.initialG1 = CodeElement.KATAKANA;
                    this.initialG1Charset = JIS_X0201;
                }
                case "ISO 2022 IR 87" -> {
                    this.initialG0 = CodeElement.JIS_X0208;
                    this.initialG1 = CodeElement.SINGLE_BYTE;
                    this.initialG1Charset = LATIN_1;
                }
                case "ISO 2022 IR 149" -> {
                    this.initialG0 = CodeElement.ASCII;
                    this.initialG1 = CodeElement.KS_X1001;
                    this.initialG1Charset = EUC_KR;
                }
                case "ISO 2022 IR 58" -> {
                    this.initialG0 = CodeElement.ASCII;
                    this.initialG1 = CodeElement.GB_2312;
                    this.initialG1Charset = GB2312;
                }
                default -> {
                    this.initialG0 = CodeElement.ASCII;
                    this.initialG1 = CodeElement.SINGLE_BYTE;
                    this.initialG1Charset = charsetOfTerm(term.replace("ISO 2022 IR ", "ISO_IR "));
                }
            }
        }
    }

    /**
     * Returns the character set of the values of Specific Character Set, each trimmed of spaces.
     * Unknown terms fall back to ISO 8859-1 for the high bytes, so that no value is lost.
     */
    public static SpecificCharacterSet of(String... values) {
        if (values == null || values.length == 0) {
            return DEFAULT;
        }
        String[] trimmed = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            trimmed[i] = values[i] == null ? "" : values[i].trim().toUpperCase(Locale.ROOT);
        }
        if (trimmed.length == 1 && trimmed[0].isEmpty()) {
            return DEFAULT;
        }
        return new SpecificCharacterSet(trimmed);
    }

    /** The defined terms this set was made from. */
    public List<String> values() {
        return List.of(values);
    }

    private static Charset charsetOfTerm(String term) {
        // Some writers use the ISO 2022 term or the name without underscore; accept both spellings.
        String normalized = term.replace(' ', '_');
        return switch (normalized) {
            case "", "ISO_IR_6", "ISO_IR_100" -> LATIN_1;
            case "ISO_IR_101" -> Charset.forName("ISO-8859-2");
            case "ISO_IR_109" -> Charset.forName("ISO-8859-3");
            case "ISO_IR_110" -> Charset.forName("ISO-8859-4");
            case "ISO_IR_144" -> Charset.forName("ISO-8859-5");
            case "ISO_IR_127" -> Charset.forName("ISO-8859-6");
            case "ISO_IR_126" -> Charset.forName("ISO-8859-7");
            case "ISO_IR_138" -> Charset.forName("ISO-8859-8");
            case "ISO_IR_148" -> Charset.forName("ISO-8859-9");
            case "ISO_IR_203" -> Charset.forName("ISO-8859-15");
            case "ISO_IR_13" -> JIS_X0201;
            case "ISO_IR_166" -> Charset.forName("TIS-620");
            case "ISO_IR_192" -> StandardCharsets.UTF_8;
            case "GB18030" -> Charset.forName("GB18030");
            case "GBK" -> Charset.forName("GBK");
            default -> LATIN_1;
        };
    }

    /**
     * Decodes a text value. Values of VRs other than SH, LO, ST, LT, UC, UT and PN are ASCII by
     * the standard and are decoded as ISO 8859-1.
     */
    public String decode(byte[] bytes, VR vr) {
        if (vr != null && !vr.usesSpecificCharacterSet()) {
            return new String(bytes, LATIN_1);
        }
        if (!iso2022) {
            return new String(bytes, singleCharset);
        }
        return decodeIso2022(bytes);
    }

    private String decodeIso2022(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length);
        CodeElement g0 = initialG0;
        CodeElement g1 = initialG1;
        Charset g1Charset = initialG1Charset;
        int runStart = 0;
        int i = 0;
        while (i < bytes.length) {
            if (bytes[i] != 0x1B) {
                i++;
                continue;
            }
            appendRun(text, Arrays.copyOfRange(bytes, runStart, i), g0, g1, g1Charset);
            int escapeLength = escapeLength(bytes, i);
            String escape = new String(bytes, i + 1, escapeLength - 1, StandardCharsets.US_ASCII);
            switch (escape) {
                case "(B" -> g0 = CodeElement.ASCII;
                case "(J" -> g0 = CodeElement.ROMAJI;
                case "$B", "$@" -> g0 = CodeElement.JIS_X0208;
                case "$(D" -> g0 = CodeElement.JIS_X0212;
                case ")I" -> {
                    g1 = CodeElement.KATAKANA;
                    g1Charset = JIS_X0201;
                }
                case "$)C" -> {
                    g1 = CodeElement.KS_X1001;
                    g1Charset = EUC_KR;
                }
                case "$)A" -> {
                    g1 = CodeElement.GB_2312;
                    g1Charset = GB2312;
                }
                default -> {
                    Charset single = singleByteG1(escape);
                    if (single != null) {
                        g1 = CodeElement.SINGLE_BYTE;
                        g1Charset = single;
                    }
                    // An unknown escape sequence is dropped and the state kept, as pydicom does.
                }
            }
            i += escapeLength;
            runStart = i;
        }
        appendRun(text, Arrays.copyOfRange(bytes, runStart, bytes.length), g0, g1, g1Charset);
        return text.toString();
    }

    /** Length of the escape sequence at {@code start}: ESC, intermediate bytes 0x20-0x2F, one final byte. */
    private static int escapeLength(byte[] bytes, int start) {
        int end = start + 1;
        while (end < bytes.length && bytes[end] >= 0x20 && bytes[end] <= 0x2F) {
            end++;
        }
        return Math.min(end + 1, bytes.length) - start;
    }

    private static Charset singleByteG1(String escape) {
        return switch (escape) {
            case "-A" -> LATIN_1;
            case "-B" -> Charset.forName("ISO-8859-2");
            case "-C" -> Charset.forName("ISO-8859-3");
            case "-D" -> Charset.forName("ISO-8859-4");
            case "-L" -> Charset.forName("ISO-8859-5");
            case "-G" -> Charset.forName("ISO-8859-6");
            case "-F" -> Charset.forName("ISO-8859-7");
            case "-H" -> Charset.forName("ISO-8859-8");
            case "-M" -> Charset.forName("ISO-8859-9");
            case "-b" -> Charset.forName("ISO-8859-15");
            case "-T" -> Charset.forName("TIS-620");
            default -> null;
        };
    }

    private static void appendRun(StringBuilder text, byte[] run, CodeElement g0, CodeElement g1, Charset g1Charset) {
        if (run.length == 0) {
            return;
        }
        switch (g0) {
            case JIS_X0208, JIS_X0212 -> {
                // Two-byte G0 codes: set the high bit of each byte to get EUC-JP (0x8F prefix for JIS X 0212).
                // Control characters (CR, LF, TAB...) keep their single-byte meaning.
                ByteArrayOutputStream euc = new ByteArrayOutputStream(run.length * 2);
                int i = 0;
                while (i < run.length) {
                    int b = run[i] & 0xFF;
                    if (b >= 0x21 && b <= 0x7E && i + 1 < run.length) {
                        if (g0 == CodeElement.JIS_X0212) {
                            euc.write(0x8F);
                        }
                        euc.write(b | 0x80);
                        euc.write((run[i + 1] & 0xFF) | 0x80);
                        i += 2;
                    } else {
                        euc.write(b);
                        i++;
                    }
                }
                text.append(new String(euc.toByteArray(), EUC_JP));
            }
            default -> appendSingleByteG0(text, run, g0, g1, g1Charset);
        }
    }

    private static void appendSingleByteG0(StringBuilder text, byte[] run, CodeElement g0, CodeElement g1, Charset g1Charset) {
        if (g1 == CodeElement.KS_X1001 || g1 == CodeElement.GB_2312) {
            // EUC-KR and EUC-CN contain ASCII as G0, so the whole run decodes in one go.
            text.append(new String(run, g1Charset));
            return;
        }
        for (byte value : run) {
            int b = value & 0xFF;
            if (b < 0x80) {
                // JIS X 0201 Romaji differs from ASCII only at 0x5C (yen) and 0x7E (overline).
                text.append(g0 == CodeElement.ROMAJI ? new String(new byte[] {value}, JIS_X0201) : String.valueOf((char) b));
            } else {
                text.append(new String(new byte[] {value}, g1Charset));
            }
        }
    }

    @Override
    public String toString() {
        return String.join("\\", values);
    }
}
