package org.medannot.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.medannot.core.testing.Seeds;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Checks the hand-written JSON against Jackson, an independent JSON implementation. */
class FlatJsonTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();

    static LongStream seeds() {
        return Seeds.seeds(50);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void writerOutputParsesWithJackson(long seed) throws Exception {
        Map<String, Object> members = randomMembers(Seeds.random(seed));

        String json = FlatJson.write(members);
        Map<String, Object> parsed = JACKSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });

        assertThat(parsed.keySet()).containsExactlyElementsOf(members.keySet());
        for (String key : members.keySet()) {
            assertThat(String.valueOf(parsed.get(key))).as("member %s", key).isEqualTo(String.valueOf(members.get(key)));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void readerParsesJacksonOutput(long seed) throws Exception {
        Map<String, Object> members = randomMembers(Seeds.random(seed));

        String json = JACKSON.writeValueAsString(members);
        Map<String, Object> parsed = FlatJson.parse(json.getBytes(StandardCharsets.UTF_8));

        assertThat(parsed).containsExactlyEntriesOf(members);
        assertThat(FlatJson.parse(FlatJson.write(members).getBytes(StandardCharsets.UTF_8)))
                .containsExactlyEntriesOf(members);
    }

    @Test
    void writerEscapesOnlyWhatJsonRequires() {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("a", "quote\" backslash\\ slash/ tab\t nl\n cr\r bs\b ff\f nul\u0000 us\u001f del\u007f é 😀");
        members.put("n", 42L);

        assertThat(FlatJson.write(members)).isEqualTo(
                "{\"a\":\"quote\\\" backslash\\\\ slash/ tab\\t nl\\n cr\\r bs\\b ff\\f nul\\u0000 us\\u001f del\u007f é 😀\",\"n\":42}");
    }

    @Test
    void readerDecodesEveryEscape() throws Exception {
        String json = "{ \"k\" : \"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\" , \"n\":0 }";

        Map<String, Object> parsed = FlatJson.parse(json.getBytes(StandardCharsets.UTF_8));

        assertThat(parsed.get("k")).isEqualTo("\"\\/\b\f\n\r\té😀");
        assertThat(parsed.get("n")).isEqualTo(0L);
    }

    @Test
    void writerRejectsLoneSurrogate() {
        assertThatThrownBy(() -> FlatJson.write(Map.of("k", "a\ud800b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lone surrogate");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "",
        "[]",
        "{",
        "{\"a\":1",
        "{\"a\":1}x",
        "{\"a\":1,}",
        "{\"a\"1}",
        "{a:1}",
        "{\"a\":01}",
        "{\"a\":-1}",
        "{\"a\":1.5}",
        "{\"a\":1e3}",
        "{\"a\":99999999999999999999}",
        "{\"a\":true}",
        "{\"a\":null}",
        "{\"a\":{}}",
        "{\"a\":[1]}",
        "{\"a\":\"x\",\"a\":\"y\"}",
        "{\"a\":\"unterminated}",
        "{\"a\":\"bad \\x escape\"}",
        "{\"a\":\"short \\u12\"}",
        "{\"a\":\"bad hex \\u12g4\"}",
        "{\"a\":\"lone \\ud800 surrogate\"}",
        "{\"a\":\"lone \\udc00 low\"}",
        "{\"a\":\"raw\ttab\"}",
        "{\"a\":\"raw\nnewline\"}",
        "{\"a\":'single'}"
    })
    void readerRejectsInvalid(String json) {
        assertThatThrownBy(() -> FlatJson.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FlatJson.JsonException.class)
                .hasMessageContaining("at character");
    }

    @Test
    void readerNamesControlCharacterByCodePoint() {
        byte[] json = "{\"a\":1}\u000b".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> FlatJson.parse(json))
                .isInstanceOf(FlatJson.JsonException.class)
                .hasMessage("expected end of text, found U+000B at character 7");
    }

    @Test
    void readerRejectsInvalidUtf8() {
        byte[] json = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};

        assertThatThrownBy(() -> FlatJson.parse(json))
                .isInstanceOf(FlatJson.JsonException.class)
                .hasMessageContaining("UTF-8");
    }

    private static Map<String, Object> randomMembers(Random random) {
        Map<String, Object> members = new LinkedHashMap<>();
        int count = 1 + random.nextInt(6);
        for (int n = 0; n < count; n++) {
            String key = randomString(random) + n;
            if (random.nextInt(4) == 0) {
                members.put(key, random.nextLong() & Long.MAX_VALUE);
            } else {
                members.put(key, randomString(random));
            }
        }
        return members;
    }

    private static String randomString(Random random) {
        int[] pool = {'"', '\\', '/', '\n', '\r', '\t', '\b', '\f', 0, 1, 0x1f, 0x7f, ' ', 'a', 'Z', '0', 0xe9, 0x2028,
            0xfeff, 0xffff, 0x1f600, 0x10ffff};
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int n = 0; n < length; n++) {
            int codePoint = random.nextInt(3) == 0 ? 0x20 + random.nextInt(0x5f) : pool[random.nextInt(pool.length)];
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }
}
