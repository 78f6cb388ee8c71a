#!/usr/bin/env python3
"""Byte sequences of Label Studio brush masks, built bit by bit from the rle-pack format.

Produces the expected `value.rle` arrays used in
annotation-coco/src/test/java/org/medannot/coco/labelstudio/LabelStudioRoundTripTest.java.
The format (as label-studio-converter writes it): a 32-bit count of RGBA values, the word size
minus 1 in 5 bits (8 -> 7), four run-length field sizes minus 1 in 4 bits each (3, 4, 8, 16),
then chunks of [flag bit (1 = repeat, 0 = literal), 2-bit field index, count - 1, value(s) in
8 bits]; bits are written most significant first and the end is padded with 8 - (bits % 8) zeros.

Run: /usr/bin/python3 tools/reference/labelstudio_brush_bytes.py
"""

HEADER_FIELD_SIZES = [3, 4, 8, 16]


def header(values):
    return format(values, "032b") + format(8 - 1, "05b") + "".join(format(s - 1, "04b") for s in HEADER_FIELD_SIZES)


def repeat(count, value):
    # Field index 0 holds counts up to 8 in 3 bits.
    return "1" + "00" + format(count - 1, "03b") + format(value, "08b")


def literal(values):
    return "0" + "00" + format(len(values) - 1, "03b") + "".join(format(v, "08b") for v in values)


def to_bytes(bits):
    bits += "0" * (8 - len(bits) % 8)
    return [int(bits[i:i + 8], 2) for i in range(0, len(bits), 8)]


if __name__ == "__main__":
    # 1 x 1 foreground pixel: R, G, B and A all 255.
    print("one pixel:", to_bytes(header(4) + repeat(4, 255)))
    # 2 x 1 image, first pixel foreground, second background.
    print("two pixels:", to_bytes(header(8) + repeat(4, 255) + repeat(4, 0)))
    # 1 x 1 image as one literal chunk R 10, G 20, B 30, A 200.
    print("literal:", to_bytes(header(4) + literal([10, 20, 30, 200])))
