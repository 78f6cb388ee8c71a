package org.medannot.coco.rle;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the end of a run of zero or non-zero bytes, eight bytes at a time where it can.
 */
final class RunScanner {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Eight bytes of value 1, the usual foreground byte. */
    private static final long ALL_ONES = 0x0101010101010101L;

    private RunScanner() {
    }

    /** Returns the index of the first non-zero byte at or after {@code from}, or the length. */
    static int endOfBackground(byte[] bytes, int from) {
        int i = from;
        int limit = bytes.length - 8;
        while (i <= limit && (long) LONGS.get(bytes, i) == 0) {
            i += 8;
        }
        while (i < bytes.length && bytes[i] == 0) {
            i++;
        }
        return i;
    }

    /**
     * Returns the index of the first zero byte at or after {@code from}, or the length. Blocks of
     * eight bytes equal to 1 are skipped at once; other non-zero values are checked one by one.
     */
    static int endOfForeground(byte[] bytes, int from) {
        int i = from;
        int limit = bytes.length - 8;
        while (i <= limit && (long) LONGS.get(bytes, i) == ALL_ONES) {
            i += 8;
        }
        while (i < bytes.length && bytes[i] != 0) {
            i++;
        }
        return i;
    }
}
