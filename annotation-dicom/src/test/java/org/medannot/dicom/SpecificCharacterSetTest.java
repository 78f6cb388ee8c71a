package org.medannot.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.medannot.core.testing.SharedData;

/**
 * Text values of the character-set files of the test data set against pydicom 2.3.1's decoded
 * strings (reference/text.tsv, made by tools/reference/dicom_pixel_reference.py), and a few
 * byte sequences whose decoding the standard's examples fix.
 */
class SpecificCharacterSetTest {

    record Expected(String path, String tagPath, String value) {
    }

    @TestFactory
    Stream<DynamicTest> textValuesMatchPydicom() throws IOException {
        Path root = SharedData.require("dicom/charsets").getParent().getParent();
        List<Expected> expected = readExpected();
        assertThat(expected).hasSizeGreaterThan(50);
        return expected.stream().map(row -> DynamicTest.dynamicTest(row.path() + " " + row.tagPath(), () -> {
            DicomFile file = DicomFile.open(root.resolve(row.path()));
            assertThat(valueAt(file.dataSet(), row.tagPath())).isEqualTo(row.value());
        }));
    }

    /** Follows a path "gggggggg/itemIndex/gggggggg" and joins the values with backslashes. */
    private static String valueAt(Attributes dataSet, String tagPath) {
        String[] parts = tagPath.split("/");
        Attributes current = dataSet;
        for (int i = 0; i + 1 < parts.length; i += 2) {
            current = current.getSequence(Integer.parseUnsignedInt(parts[i], 16)).get(Integer.parseInt(parts[i + 1]));
        }
        int tag = Integer.parseUnsignedInt(parts[parts.length - 1], 16);
        DicomElement element = current.get(tag);
        if (element != null && element.vr() == VR.UN && Tag.isPrivate(tag)) {
            // Private elements stored as UN stay UN here; pydicom gives them a VR from its private
            // dictionary, so compare the text of the bytes.
            return new String(element.bytes(), StandardCharsets.ISO_8859_1).strip();
        }
        return String.join("\\", current.getStrings(tag));
    }

    @Test
    void japaneseIso2022PersonName() {
        // Yamada^Tarou=<JIS X 0208 kanji>=<JIS X 0208 hiragana>, each run between ESC $ B and ESC ( B.
        byte[] bytes = concat("Yamada^Tarou=", "\u001b$B;3ED\u001b(B^\u001b$BB@O:\u001b(B=", "\u001b$B$d$^$@\u001b(B^\u001b$B$?$m$&\u001b(B");
        String decoded = SpecificCharacterSet.of("", "ISO 2022 IR 87").decode(bytes, VR.PN);
        assertThat(decoded).isEqualTo("Yamada^Tarou=山田^太郎=やまだ^たろう");
    }

    @Test
    void koreanIso2022PersonName() {
        // The KS X 1001 bytes follow ESC $ ) C, which designates that set to G1.
        byte[] hong = {(byte) 0xC8, (byte) 0xAB};
        byte[] bytes = concatBytes("Hong^Gildong=".getBytes(StandardCharsets.US_ASCII), "\u001b$)C".getBytes(StandardCharsets.US_ASCII), hong);
        String decoded = SpecificCharacterSet.of("", "ISO 2022 IR 149").decode(bytes, VR.PN);
        assertThat(decoded).isEqualTo("Hong^Gildong=홍");
    }

    @Test
    void chineseIso2022PersonName() {
        // GB 2312 bytes in G1 after ESC $ ) A (王 CDF5, 小 D0A1, 东 B6AB).
        byte[] bytes = concatBytes("Wang^XiaoDong=".getBytes(StandardCharsets.US_ASCII), "\u001b$)A".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xCD, (byte) 0xF5, '^', (byte) 0xD0, (byte) 0xA1, (byte) 0xB6, (byte) 0xAB});
        String decoded = SpecificCharacterSet.of("", "ISO 2022 IR 58").decode(bytes, VR.PN);
        assertThat(decoded).isEqualTo("Wang^XiaoDong=王^小东");
    }

    @Test
    void latinIso2022SwitchesG1() {
        // ESC - F designates ISO 8859-7 (Greek) to G1, after a value that started in ISO 8859-1.
        byte[] bytes = concatBytes(new byte[] {(byte) 0xE9}, "\u001b-F".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xE1});
        String decoded = SpecificCharacterSet.of("ISO 2022 IR 100", "ISO 2022 IR 126").decode(bytes, VR.LO);
        assertThat(decoded).isEqualTo("éα");
    }

    @Test
    void utf8AndGb18030() {
        assertThat(SpecificCharacterSet.of("ISO_IR 192").decode("Wang^XiaoDong=王^小東".getBytes(StandardCharsets.UTF_8), VR.PN))
                .isEqualTo("Wang^XiaoDong=王^小東");
        byte[] gb = "王^小东".getBytes(java.nio.charset.Charset.forName("GB18030"));
        assertThat(SpecificCharacterSet.of("GB18030").decode(gb, VR.PN)).isEqualTo("王^小东");
    }

    @Test
    void asciiVrIgnoresCharacterSet() {
        byte[] bytes = "1.2.3".getBytes(StandardCharsets.US_ASCII);
        assertThat(SpecificCharacterSet.of("ISO 2022 IR 87").decode(bytes, VR.UI)).isEqualTo("1.2.3");
    }

    private static byte[] concat(String... parts) {
        StringBuilder text = new StringBuilder();
        for (String part : parts) {
            text.append(part);
        }
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concatBytes(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }

    private static List<Expected> readExpected() throws IOException {
        List<Expected> rows = new ArrayList<>();
        try (InputStream in = SpecificCharacterSetTest.class.getResourceAsStream("/org/medannot/dicom/reference/text.tsv")) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#") || line.startsWith("path\t") || line.isBlank()) {
                    continue;
                }
                String[] fields = line.split("\t");
                rows.add(new Expected(fields[0], fields[1], unquoteJson(fields[2])));
            }
        }
        return rows;
    }

    /** Decodes the JSON string literal the reference script writes (json.dumps, ensure_ascii=False). */
    private static String unquoteJson(String literal) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < literal.length() - 1; i++) {
            char c = literal.charAt(i);
            if (c != '\\') {
                text.append(c);
                continue;
            }
            char escaped = literal.charAt(++i);
            switch (escaped) {
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'u' -> {
                    text.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> text.append(escaped);
            }
        }
        return text.toString();
    }
}
