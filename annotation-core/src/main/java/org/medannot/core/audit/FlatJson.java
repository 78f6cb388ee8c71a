package org.medannot.core.audit;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes and reads flat JSON objects (RFC 8259) whose values are strings or non-negative integers:
 * the entry format of the audit log. Nested objects, arrays, {@code true}, {@code false},
 * {@code null}, fractions and exponents are rejected.
 *
 * <p>The writer produces the canonical form that the log relies on for hashing: no whitespace,
 * members in the order given, non-ASCII characters as raw UTF-8, and only the escapes JSON
 * requires ({@code \"}, {@code \\}, and control characters below U+0020 as {@code \b \f \n \r \t}
 * or {@code \}{@code u00XX} with lower-case hex). The reader accepts any valid JSON of that shape,
 * including whitespace and every escape, and rejects duplicate member names, lone surrogates and
 * invalid UTF-8.
 */
final class FlatJson {

    /** Largest accepted integer value; larger numbers are rejected instead of silently rounded. */
    static final long MAX_INTEGER = Long.MAX_VALUE;

    private FlatJson() {
    }

    /**
     * Returns the canonical JSON text of {@code members}, whose values must be {@link String} or
     * a non-negative {@link Long} or {@link Integer}.
     *
     * @throws IllegalArgumentException for another value type, a negative number, or a string
     *                                  with a lone surrogate (which UTF-8 cannot encode)
     */
    static String write(Map<String, ?> members) {
        StringBuilder out = new StringBuilder(128);
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, ?> member : members.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(out, member.getKey());
            out.append(':');
            Object value = member.getValue();
            if (value instanceof String text) {
                writeString(out, text);
            } else if (value instanceof Long || value instanceof Integer) {
                long number = ((Number) value).longValue();
                if (number < 0) {
                    throw new IllegalArgumentException("member '" + member.getKey() + "' must be >= 0, but was " + number);
                }
                out.append(number);
            } else {
                throw new IllegalArgumentException("member '" + member.getKey() + "' must be a String or a Long, but was "
                        + (value == null ? "null" : value.getClass().getName()));
            }
        }
        out.append('}');
        return out.toString();
    }

    private static void writeString(StringBuilder out, String text) {
        out.append('"');
        for (int n = 0; n < text.length(); n++) {
            char c = text.charAt(n);
            if (Character.isHighSurrogate(c) && n + 1 < text.length() && Character.isLowSurrogate(text.charAt(n + 1))) {
                out.append(c).append(text.charAt(n + 1));
                n++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("string contains a lone surrogate U+"
                        + Integer.toHexString(c).toUpperCase() + " at index " + n + "; it cannot be encoded as UTF-8");
            }
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Parses one flat JSON object from UTF-8 bytes.
     *
     * @return the members in file order; values are {@link String} or {@link Long}
     * @throws JsonException when the bytes are not valid UTF-8 or not one flat object of strings
     *                       and non-negative integers; the message gives the character offset
     */
    static Map<String, Object> parse(byte[] utf8) throws JsonException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new JsonException("invalid UTF-8: " + e.getMessage(), 0);
        }
        return new Parser(text).object();
    }

    /** Raised for text that is not a flat JSON object; {@link #offset()} is the character offset. */
    static final class JsonException extends Exception {

        private static final long serialVersionUID = 1L;

        private final int offset;

        JsonException(String message, int offset) {
            super(message + " at character " + offset);
            this.offset = offset;
        }

        int offset() {
            return offset;
        }
    }

    private static final class Parser {

        private final String text;
        private int position;

        Parser(String text) {
            this.text = text;
        }

        Map<String, Object> object() throws JsonException {
            Map<String, Object> members = new LinkedHashMap<>();
            skipWhitespace();
            expect('{');
            skipWhitespace();
            if (peek() == '}') {
                position++;
            } else {
                while (true) {
                    skipWhitespace();
                    int keyOffset = position;
                    String key = string();
                    skipWhitespace();
                    expect(':');
                    skipWhitespace();
                    Object value = value();
                    if (members.putIfAbsent(key, value) != null) {
                        throw new JsonException("duplicate member \"" + key + "\"", keyOffset);
                    }
                    skipWhitespace();
                    char next = peek();
                    if (next == ',') {
                        position++;
                    } else if (next == '}') {
                        position++;
                        break;
                    } else {
                        throw unexpected("',' or '}'");
                    }
                }
            }
            skipWhitespace();
            if (position != text.length()) {
                throw unexpected("end of text");
            }
            return members;
        }

        private Object value() throws JsonException {
            char c = peek();
            if (c == '"') {
                return string();
            }
            if (c >= '0' && c <= '9') {
                return integer();
            }
            throw unexpected("a string or a non-negative integer");
        }

        private Long integer() throws JsonException {
            int start = position;
            if (peek() == '0' && position + 1 < text.length() && Character.isDigit(text.charAt(position + 1))) {
                throw new JsonException("leading zero in number", start);
            }
            while (position < text.length() && text.charAt(position) >= '0' && text.charAt(position) <= '9') {
                position++;
            }
            if (position < text.length() && (text.charAt(position) == '.' || text.charAt(position) == 'e'
                    || text.charAt(position) == 'E')) {
                throw new JsonException("expected an integer, found a fraction or exponent", position);
            }
            try {
                return Long.parseLong(text.substring(start, position));
            } catch (NumberFormatException e) {
                throw new JsonException("integer out of range (max " + MAX_INTEGER + ")", start);
            }
        }

        private String string() throws JsonException {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                if (position >= text.length()) {
                    throw new JsonException("unterminated string", position);
                }
                char c = text.charAt(position++);
                if (c == '"') {
                    break;
                }
                if (c < 0x20) {
                    throw new JsonException("unescaped control character U+" + String.format("%04X", (int) c)
                            + " in string", position - 1);
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (position >= text.length()) {
                    throw new JsonException("unterminated escape", position);
                }
                char escape = text.charAt(position++);
                switch (escape) {
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case '/' -> out.append('/');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> out.append(hex4());
                    default -> throw new JsonException("invalid escape '\\" + escape + "'", position - 2);
                }
            }
            checkSurrogates(out);
            return out.toString();
        }

        private char hex4() throws JsonException {
            if (position + 4 > text.length()) {
                throw new JsonException("truncated \\u escape", position);
            }
            int value = 0;
            for (int n = 0; n < 4; n++) {
                int digit = Character.digit(text.charAt(position + n), 16);
                if (digit < 0) {
                    throw new JsonException("invalid hex digit in \\u escape", position + n);
                }
                value = value * 16 + digit;
            }
            position += 4;
            return (char) value;
        }

        private void checkSurrogates(CharSequence value) throws JsonException {
            for (int n = 0; n < value.length(); n++) {
                char c = value.charAt(n);
                if (Character.isHighSurrogate(c) && n + 1 < value.length() && Character.isLowSurrogate(value.charAt(n + 1))) {
                    n++;
                } else if (Character.isSurrogate(c)) {
                    throw new JsonException("lone surrogate U+" + String.format("%04X", (int) c) + " in string", position);
                }
            }
        }

        private void skipWhitespace() {
            while (position < text.length()) {
                char c = text.charAt(position);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                position++;
            }
        }

        private char peek() throws JsonException {
            if (position >= text.length()) {
                throw new JsonException("unexpected end of text", position);
            }
            return text.charAt(position);
        }

        private void expect(char c) throws JsonException {
            if (peek() != c) {
                throw unexpected("'" + c + "'");
            }
            position++;
        }

        private JsonException unexpected(String expected) {
            String found = "end of text";
            if (position < text.length()) {
                char c = text.charAt(position);
                found = c < 0x20 || c == 0x7f ? String.format("U+%04X", (int) c) : "'" + c + "'";
            }
            return new JsonException("expected " + expected + ", found " + found, position);
        }
    }
}
