package org.medannot.dicom.deid;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the first occurrence of each of many byte patterns in one pass over the data, for the
 * residual identifier scan. The search is Wu and Manber's multi-pattern variant of Boyer-Moore-
 * Horspool with blocks of two bytes: a window as long as the shortest pattern moves by up to
 * that length minus one, and only windows whose last block ends the first bytes of some pattern
 * are compared with the patterns that start like the window.
 */
final class BytePatterns {

    /** Bits of the hash of a two-byte block in the shift table. */
    private static final int SHIFT_TABLE_BITS = 12;

    private BytePatterns() {
    }

    /**
     * Returns, for each pattern, the offset of its first occurrence in {@code data}, or -1 when it
     * does not occur. An empty pattern is never found.
     */
    static long[] firstOffsets(byte[] data, List<byte[]> patterns) {
        long[] first = new long[patterns.size()];
        Arrays.fill(first, -1);

        int shortest = Integer.MAX_VALUE;
        for (int p = 0; p < patterns.size(); p++) {
            byte[] pattern = patterns.get(p);
            if (pattern.length == 1) {
                first[p] = indexOf(data, pattern[0]);
            } else if (pattern.length >= 2) {
                shortest = Math.min(shortest, pattern.length);
            }
        }
        if (shortest == Integer.MAX_VALUE) {
            return first;
        }

        // Candidates by their first two bytes, with one bit per two-byte value for a quick test.
        long[] prefixBits = new long[1 << 10];
        Map<Integer, int[]> patternsByPrefix = new HashMap<>();
        // How far the window may move when its last two bytes hash to the index: the distance from
        // the nearest place where such a block ends within the first `shortest` bytes of a pattern
        // to the window's end. Hash collisions only make moves shorter, so no match is skipped.
        int maxShift = shortest - 1;
        byte[] shift = new byte[1 << SHIFT_TABLE_BITS];
        Arrays.fill(shift, (byte) Math.min(maxShift, Byte.MAX_VALUE));
        for (int p = 0; p < patterns.size(); p++) {
            byte[] pattern = patterns.get(p);
            if (pattern.length < 2) {
                continue;
            }
            int prefix = blockAt(pattern, 0);
            prefixBits[prefix >>> 6] |= 1L << prefix;
            int[] previous = patternsByPrefix.getOrDefault(prefix, new int[0]);
            int[] extended = Arrays.copyOf(previous, previous.length + 1);
            extended[previous.length] = p;
            patternsByPrefix.put(prefix, extended);
            for (int end = 1; end < shortest; end++) {
                int index = hash(blockAt(pattern, end - 1));
                shift[index] = (byte) Math.min(shift[index], shortest - 1 - end);
            }
        }

        int windowEnd = shortest - 1;
        while (windowEnd < data.length) {
            int move = shift[hash(blockAt(data, windowEnd - 1))];
            if (move > 0) {
                windowEnd += move;
                continue;
            }
            int start = windowEnd - shortest + 1;
            int prefix = blockAt(data, start);
            if ((prefixBits[prefix >>> 6] & (1L << prefix)) != 0) {
                for (int p : patternsByPrefix.get(prefix)) {
                    if (first[p] < 0 && matchesAt(data, start, patterns.get(p))) {
                        first[p] = start;
                    }
                }
            }
            windowEnd++;
        }
        return first;
    }

    private static int blockAt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) << 8 | (bytes[offset + 1] & 0xFF);
    }

    private static int hash(int block) {
        return (block ^ (block >>> SHIFT_TABLE_BITS)) & ((1 << SHIFT_TABLE_BITS) - 1);
    }

    private static boolean matchesAt(byte[] data, int offset, byte[] pattern) {
        if (offset + pattern.length > data.length) {
            return false;
        }
        return Arrays.equals(data, offset, offset + pattern.length, pattern, 0, pattern.length);
    }

    private static long indexOf(byte[] data, byte value) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
