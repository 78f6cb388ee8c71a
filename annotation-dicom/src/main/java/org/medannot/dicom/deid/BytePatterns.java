package org.medannot.dicom.deid;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the first occurrence of each of many byte patterns in one pass over the data, for the
 * residual identifier scan.
 *
 * <p>Every pattern is at least {@code m} bytes long, so each occurrence covers m - 1 consecutive
 * positions at which a two-byte block of its first m bytes starts, and one of those positions is
 * a multiple of m - 1. The scan therefore tests only every (m - 1)-th position against a bit set
 * of those blocks. Its steps do not depend on each other, so the processor overlaps them, unlike
 * the data-dependent moves of Boyer-Moore-style searches. A hit is checked at the m - 1 start
 * positions it can belong to, first against a bit set of the patterns' first two bytes.
 */
final class BytePatterns {

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
        int stride = shortest - 1;

        // One bit per two-byte value: blocks that start a pattern, and blocks within the first `shortest` bytes.
        long[] prefixBits = new long[1 << 10];
        long[] blockBits = new long[1 << 10];
        Map<Integer, int[]> patternsByPrefix = new HashMap<>();
        for (int p = 0; p < patterns.size(); p++) {
            byte[] pattern = patterns.get(p);
            if (pattern.length < 2) {
                continue;
            }
            int prefix = blockAt(pattern, 0);
            set(prefixBits, prefix);
            int[] previous = patternsByPrefix.getOrDefault(prefix, new int[0]);
            int[] extended = Arrays.copyOf(previous, previous.length + 1);
            extended[previous.length] = p;
            patternsByPrefix.put(prefix, extended);
            for (int offset = 0; offset < stride; offset++) {
                set(blockBits, blockAt(pattern, offset));
            }
        }

        for (int position = 0; position + 1 < data.length; position += stride) {
            if (!isSet(blockBits, blockAt(data, position))) {
                continue;
            }
            for (int start = Math.max(0, position - stride + 1); start <= position && start + 1 < data.length; start++) {
                int prefix = blockAt(data, start);
                if (!isSet(prefixBits, prefix)) {
                    continue;
                }
                for (int p : patternsByPrefix.get(prefix)) {
                    if (first[p] < 0 && matchesAt(data, start, patterns.get(p))) {
                        first[p] = start;
                    }
                }
            }
        }
        return first;
    }

    private static void set(long[] bits, int index) {
        bits[index >>> 6] |= 1L << index;
    }

    private static boolean isSet(long[] bits, int index) {
        return (bits[index >>> 6] & (1L << index)) != 0;
    }

    private static int blockAt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) << 8 | (bytes[offset + 1] & 0xFF);
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
