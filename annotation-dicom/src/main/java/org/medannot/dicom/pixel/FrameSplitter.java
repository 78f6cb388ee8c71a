package org.medannot.dicom.pixel;

import java.util.ArrayList;
import java.util.List;

import org.medannot.dicom.Attributes;
import org.medannot.dicom.BulkData;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.Tag;
import org.medannot.dicom.TransferSyntax;

/**
 * Assignment of the fragments of encapsulated pixel data to frames (PS3.5 section A.4). Offsets
 * in both offset tables count from the first byte of the Item tag of the first fragment.
 */
final class FrameSplitter {

    private FrameSplitter() {
    }

    static List<BulkData> fragmentsOfFrame(Attributes dataSet, BulkData basicOffsetTable, List<BulkData> fragments,
            int frame, int frameCount, TransferSyntax.Codec codec, String source) {
        long[] extended = dataSet.getLongs(Tag.EXTENDED_OFFSET_TABLE);
        if (extended.length > 0) {
            if (extended.length != frameCount) {
                throw DicomException.at(source, -1, frameCount + " Extended Offset Table (7FE0,0001) entries", extended.length + "");
            }
            return byOffsets(extended, fragments, frame, source, "Extended Offset Table (7FE0,0001)");
        }
        if (basicOffsetTable.length() > 0) {
            byte[] table = basicOffsetTable.read(source);
            if (table.length / 4 != frameCount) {
                throw DicomException.at(source, basicOffsetTable.offset(), frameCount + " Basic Offset Table entries",
                        table.length / 4 + "");
            }
            long[] offsets = new long[frameCount];
            for (int i = 0; i < frameCount; i++) {
                int p = 4 * i;
                offsets[i] = (table[p] & 0xFFL) | (table[p + 1] & 0xFFL) << 8 | (table[p + 2] & 0xFFL) << 16 | (table[p + 3] & 0xFFL) << 24;
            }
            return byOffsets(offsets, fragments, frame, source, "Basic Offset Table");
        }
        if (frameCount == 1) {
            return fragments;
        }
        if (fragments.size() == frameCount) {
            return List.of(fragments.get(frame));
        }
        return byCodestreamStart(fragments, frame, frameCount, codec, source);
    }

    private static List<BulkData> byOffsets(long[] offsets, List<BulkData> fragments, int frame, String source, String table) {
        long base = fragments.get(0).offset() - 8;
        long start = offsets[frame];
        long end = frame + 1 < offsets.length ? offsets[frame + 1] : Long.MAX_VALUE;
        if (frame + 1 < offsets.length && end <= start) {
            throw DicomException.at(source, -1, "increasing " + table + " offsets", start + " then " + end);
        }
        List<BulkData> selected = new ArrayList<>();
        for (BulkData fragment : fragments) {
            long itemStart = fragment.offset() - 8 - base;
            if (itemStart >= start && itemStart < end) {
                selected.add(fragment);
            }
        }
        if (selected.isEmpty() || selected.get(0).offset() - 8 - base != start) {
            throw DicomException.at(source, -1, "a fragment item at offset " + start + " of the " + table + " for frame " + frame,
                    "no fragment starts there");
        }
        return selected;
    }

    /** Without an offset table: a frame starts at each fragment that begins a codestream. */
    private static List<BulkData> byCodestreamStart(List<BulkData> fragments, int frame, int frameCount,
            TransferSyntax.Codec codec, String source) {
        List<List<BulkData>> frames = new ArrayList<>();
        for (BulkData fragment : fragments) {
            byte[] head = headOf(fragment, source);
            if (frames.isEmpty() || startsCodestream(head, codec)) {
                frames.add(new ArrayList<>());
            }
            frames.get(frames.size() - 1).add(fragment);
        }
        if (frames.size() != frameCount) {
            throw DicomException.at(source, -1, frameCount + " frames in " + fragments.size() + " fragments without an offset table",
                    frames.size() + " codestream starts");
        }
        return frames.get(frame);
    }

    private static byte[] headOf(BulkData fragment, String source) {
        byte[] bytes = fragment.read(source);
        return bytes.length > 8 ? java.util.Arrays.copyOf(bytes, 8) : bytes;
    }

    private static boolean startsCodestream(byte[] head, TransferSyntax.Codec codec) {
        if (head.length < 4) {
            return false;
        }
        int b0 = head[0] & 0xFF;
        int b1 = head[1] & 0xFF;
        int b2 = head[2] & 0xFF;
        int b3 = head[3] & 0xFF;
        return switch (codec) {
            case JPEG -> b0 == 0xFF && b1 == 0xD8;
            case JPEG_2000 -> (b0 == 0xFF && b1 == 0x4F && b2 == 0xFF && b3 == 0x51) || (b0 == 0 && b1 == 0 && b2 == 0 && b3 == 0x0C);
            case RLE -> head.length >= 8 && b1 == 0 && b2 == 0 && b3 == 0 && b0 >= 1 && b0 <= 15
                    && (head[4] & 0xFF) == 64 && head[5] == 0 && head[6] == 0 && head[7] == 0;
            default -> false;
        };
    }
}
