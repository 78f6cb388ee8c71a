package org.medannot.coco.rle;

import org.medannot.coco.CocoFormatException;

/**
 * pycocotools' compressed string form of RLE runs ({@code rleToString} and {@code rleFrString} in
 * its {@code maskApi.c}, commit 8c9bcc3).
 *
 * <p>From the fourth run on (index > 2), a run is stored as its difference from the run two places
 * before. Each value is split into 5-bit groups, least significant first. A character carries one
 * group in bits 0..4 and a continuation flag in bit 5 (0x20), and 48 is added so that every
 * character is in {@code '0'..'o'}. The last group of a value is sign-extended: writing stops once
 * the remaining bits equal the sign of bit 4.
 */
final class RleStrings {

    /** A 32-bit run difference needs at most 7 groups of 5 bits; more is a corrupt string. */
    private static final int MAX_CHARS_PER_VALUE = 7;

    private RleStrings() {
    }

    static String encode(int[] counts) {
        StringBuilder text = new StringBuilder(counts.length * 2);
        for (int i = 0; i < counts.length; i++) {
            long value = counts[i];
            if (i > 2) {
                value -= counts[i - 2];
            }
            boolean more = true;
            while (more) {
                int group = (int) (value & 0x1f);
                value >>= 5;
                more = (group & 0x10) != 0 ? value != -1 : value != 0;
                if (more) {
                    group |= 0x20;
                }
                text.append((char) (group + 48));
            }
        }
        return text.toString();
    }

    /**
     * Decodes the runs. Each run must come out in {@code 0..Integer.MAX_VALUE}; the caller checks
     * their sum against the size.
     */
    static int[] decode(String text) throws CocoFormatException {
        int length = text.length();
        // Every run takes at least one character, so the string length bounds the allocation.
        int[] counts = new int[length];
        int runs = 0;
        int position = 0;
        while (position < length) {
            long value = 0;
            int groups = 0;
            boolean more = true;
            while (more) {
                if (position >= length) {
                    throw new CocoFormatException("/counts", "compressed RLE string ends inside run "
                            + runs + " (last character has the continuation bit 0x20)");
                }
                char character = text.charAt(position);
                if (character < 48 || character > 111) {
                    throw new CocoFormatException("/counts", "compressed RLE string has character "
                            + describe(character) + " at offset " + position
                            + ", expected one in '0'..'o' (ASCII 48..111)");
                }
                if (groups == MAX_CHARS_PER_VALUE) {
                    throw new CocoFormatException("/counts", "compressed RLE run " + runs
                            + " is longer than " + MAX_CHARS_PER_VALUE + " characters at offset " + position);
                }
                int group = character - 48;
                value |= (long) (group & 0x1f) << (5 * groups);
                more = (group & 0x20) != 0;
                position++;
                groups++;
                if (!more && (group & 0x10) != 0) {
                    value |= -1L << (5 * groups);
                }
            }
            if (runs > 2) {
                value += counts[runs - 2];
            }
            if (value < 0 || value > Integer.MAX_VALUE) {
                throw new CocoFormatException("/counts", "compressed RLE run " + runs + " decodes to "
                        + value + ", expected 0.." + Integer.MAX_VALUE);
            }
            counts[runs++] = (int) value;
        }
        return java.util.Arrays.copyOf(counts, runs);
    }

    private static String describe(char character) {
        if (character >= 32 && character < 127) {
            return "'" + character + "'";
        }
        return String.format("U+%04X", (int) character);
    }
}
