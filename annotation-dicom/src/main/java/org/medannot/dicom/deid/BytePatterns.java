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
 * positions it can belong to, first against a bit set of the patterns' first two bytes, then,
 * for patterns of four bytes or more, against their first four bytes.
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
        // Patterns of 2 or 3 bytes are indexed by their first two bytes, longer ones by their first
        // four behind a bit set of hashed four-byte prefixes. Many patterns (UIDs, dates) share two.
        Map<Integer, int[]> shortByPrefix = new HashMap<>();
        Map<Integer, int[]> longByPrefix = new HashMap<>();
        long[] longPrefixBits = new long[1 << 10];
        for (int p = 0; p < patterns.size(); p++) {
            byte[] pattern = patterns.get(p);
            if (pattern.length < 2) {
                continue;
            }
            int prefix = blockAt(pattern, 0);
            set(prefixBits, prefix);
            if (pattern.length < 4) {
                add(shortByPrefix, prefix, p);
            } else {
                int longPrefix = intAt(pattern, 0);
                add(longByPrefix, longPrefix, p);
                set(longPrefixBits, hash16(longPrefix));
            }
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
                int[] candidates = shortByPrefix.get(prefix);
                if (candidates != null) {
                    check(data, start, patterns, candidates, first);
                }
                if (start + 3 < data.length) {
                    int longPrefix = intAt(data, start);
                    if (isSet(longPrefixBits, hash16(longPrefix))) {
                        candidates = longByPrefix.get(longPrefix);
                        if (candidates != null) {
                            check(data, start, patterns, candidates, first);
                        }
                    }
                }
            }
        }
        return first;
    }

    private static void check(byte[] data, int start, List<byte[]> patterns, int[] candidates, long[] first) {
        for (int p : candidates) {
            if (first[p] < 0 && matchesAt(data, start, patterns.get(p))) {
                first[p] = start;
            }
        }
    }

    private static void add(Map<Integer, int[]> index, int key, int pattern) {
        int[] previous = index.getOrDefault(key, new int[0]);
        int[] extended = Arrays.copyOf(previous, previous.length + 1);
        extended[previous.length] = pattern;
        index.put(key, extended);
    }

    private static int intAt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) << 24 | (bytes[offset + 1] & 0xFF) << 16 | (bytes[offset + 2] & 0xFF) << 8
                | (bytes[offset + 3] & 0xFF);
    }

    /** Returns 16 bits of a multiplicative hash of a four-byte prefix. */
    private static int hash16(int value) {
        return (value * 0x9E3779B1) >>> 16;
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
