package org.medannot.dicom.deid;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
 * for patterns of four bytes or more, against their first four bytes. When m is 5 or more, the
 * scan reads eight bytes at a time and tests every fourth position.
 */
final class BytePatterns {

    private static final VarHandle LONG_LITTLE_ENDIAN = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final List<byte[]> patterns;
    /** Length of the shortest pattern of two bytes or more; 0 when there is none. */
    private final int shortest;
    /** Distance between tested positions: shortest - 1, or 4 on the word-at-a-time path. */
    private final int stride;
    private final boolean everyFourth;
    /** One bit per two-byte value: blocks that start a pattern. */
    private final long[] prefixBits = new long[1 << 10];
    /** One bit per two-byte value: blocks within the first {@code shortest} bytes of a pattern. */
    private final long[] blockBits = new long[1 << 10];
    private final long[] longPrefixBits = new long[1 << 10];
    // Patterns of 2 or 3 bytes are indexed by their first two bytes, longer ones by their first
    // four behind a bit set of hashed four-byte prefixes. Many patterns (UIDs, dates) share two.
    private final Map<Integer, int[]> shortByPrefix = new HashMap<>();
    private final Map<Integer, int[]> longByPrefix = new HashMap<>();

    private BytePatterns(List<byte[]> patterns) {
        this.patterns = List.copyOf(patterns);
        int shortestLength = Integer.MAX_VALUE;
        for (byte[] pattern : patterns) {
            if (pattern.length >= 2) {
                shortestLength = Math.min(shortestLength, pattern.length);
            }
        }
        this.shortest = shortestLength == Integer.MAX_VALUE ? 0 : shortestLength;
        int blocks = Math.max(0, shortest - 1);
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
            for (int offset = 0; offset < blocks; offset++) {
                set(blockBits, blockAt(pattern, offset));
            }
        }
        // Testing every fourth position instead of every (m - 1)-th finds the same blocks.
        this.everyFourth = blocks >= 4;
        this.stride = everyFourth ? 4 : blocks;
    }

    /** Builds the search for {@code patterns}, to run over any number of byte arrays. */
    static BytePatterns of(List<byte[]> patterns) {
        return new BytePatterns(patterns);
    }

    /** Searches one array: {@code of(patterns).firstOffsets(data)}. */
    static long[] firstOffsets(byte[] data, List<byte[]> patterns) {
        return of(patterns).firstOffsets(data);
    }

    /**
     * Returns, for each pattern, the offset of its first occurrence in {@code data}, or -1 when it
     * does not occur. An empty pattern is never found.
     */
    long[] firstOffsets(byte[] data) {
        long[] first = new long[patterns.size()];
        Arrays.fill(first, -1);
        for (int p = 0; p < patterns.size(); p++) {
            if (patterns.get(p).length == 1) {
                first[p] = indexOf(data, patterns.get(p)[0]);
            }
        }
        if (shortest == 0) {
            return first;
        }
        if (everyFourth) {
            scanEveryFourth(data, first);
        } else {
            for (int position = 0; position + 1 < data.length; position += stride) {
                if (isSet(blockBits, blockAt(data, position))) {
                    checkAround(data, position, first);
                }
            }
        }
        return first;
    }

    /**
     * Tests the positions that are multiples of four, eight bytes at a time. Both blocks of a
     * word are looked up without a branch between them, and only a hit branches. Compressed
     * pixel data looks random, so a cheaper test that skips some lookups would branch
     * unpredictably there and cost more than it saves.
     */
    private void scanEveryFourth(byte[] data, long[] first) {
        long[] bits = blockBits;
        int word = 0;
        for (; word + 7 < data.length; word += 8) {
            long value = (long) LONG_LITTLE_ENDIAN.get(data, word);
            // The blocks at the word's offsets 0 and 4, first byte high as in blockAt.
            int low = (int) (value << 8) & 0xFF00 | (int) (value >>> 8) & 0xFF;
            int high = (int) (value >>> 24) & 0xFF00 | (int) (value >>> 40) & 0xFF;
            if ((((bits[low >>> 6] >>> low) | (bits[high >>> 6] >>> high)) & 1) != 0) {
                checkWord(data, word, first);
            }
        }
        for (int position = word; position + 1 < data.length; position += 4) {
            if (isSet(bits, blockAt(data, position))) {
                checkAround(data, position, first);
            }
        }
    }

    /** Checks around those of the blocks at {@code word} and {@code word + 4} that the patterns contain. */
    private void checkWord(byte[] data, int word, long[] first) {
        if (isSet(blockBits, blockAt(data, word))) {
            checkAround(data, word, first);
        }
        if (isSet(blockBits, blockAt(data, word + 4))) {
            checkAround(data, word + 4, first);
        }
    }

    /**
     * Checks the start positions from which a pattern could cover the block at {@code position},
     * one of the patterns' blocks, in increasing order.
     */
    private void checkAround(byte[] data, int position, long[] first) {
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
