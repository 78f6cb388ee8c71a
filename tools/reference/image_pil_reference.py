#!/usr/bin/python3
"""Write small PNG and JPEG fixtures and record the decoded pixel values of every 2D image test file.

Produces, under annotation-dicom/src/test/resources/org/medannot/dicom/image/:
  fixtures/*.png, fixtures/*.jpg   small images made here (see below)
  pil-reference.tsv                one row per image, the expected values of ImageReferenceTest

PNG fixtures are encoded by the minimal PNG writer in this script (zlib and the PNG chunk layout
of ISO/IEC 15948, filter type 0), because Pillow cannot write 16-bit RGB; their expected values
are the arrays encoded, and every PNG that Pillow can decode at full depth is checked against
Pillow's decoding here. JPEG fixtures are written by Pillow; their expected values are Pillow's
decoding (libjpeg), as for the real JPEGs under images-2d/ of the test data set.

Columns of pil-reference.tsv:
  path      relative to the test data folder, or "fixtures/NAME" for the files made here
  width, height, channels (1 grey, 3 RGB), bits (8 or 16)
  sha256    SHA-256 of the decoded samples, row-major, channels interleaved, 16-bit as
            little-endian uint16 (alpha dropped)
  sums      per-channel sum of the samples, comma-separated
  samples   the samples of every 997th pixel in row-major order, pixels separated by ";",
            channels by ","

Tools: Debian python3-pil 9.4.0 and python3-numpy. Run from the repository root, with DATA the
test data folder (the build's medannot.shared.data property):

  /usr/bin/python3 tools/reference/image_pil_reference.py DATA
"""
import hashlib
import pathlib
import struct
import sys
import zlib

import numpy as np
from PIL import Image

RESOURCES = pathlib.Path("annotation-dicom/src/test/resources/org/medannot/dicom/image")
FIXTURES = RESOURCES / "fixtures"
SAMPLE_STEP = 997


def png_bytes(array, color_type, bit_depth):
    """Encode a (height, width[, channels]) array as PNG with filter type 0 on every row."""
    height, width = array.shape[:2]
    dtype = ">u2" if bit_depth == 16 else "u1"
    rows = array.astype(dtype).reshape(height, -1)
    raw = b"".join(b"\x00" + rows[y].tobytes() for y in range(height))

    def chunk(kind, payload):
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def make_fixtures():
    FIXTURES.mkdir(parents=True, exist_ok=True)
    height, width = 13, 17
    y, x = np.mgrid[0:height, 0:width]
    grey8 = (x * 13 + y * 7) % 256
    grey16 = (x * 3851 + y * 977 + 11) % 65536
    rgb8 = np.stack([(x * 15) % 256, (y * 19) % 256, (x * y) % 256], axis=-1)
    rgb16 = np.stack([(x * 3851) % 65536, (y * 5003 + 7) % 65536, (x * y * 257) % 65536], axis=-1)
    alpha = np.full((height, width, 1), 200)
    arrays = {
        "grey8.png": (grey8, 0, 8, grey8),
        "grey16.png": (grey16, 0, 16, grey16),
        "rgb8.png": (rgb8, 2, 8, rgb8),
        "rgb16.png": (rgb16, 2, 16, rgb16),
        "rgba8.png": (np.concatenate([rgb8, alpha], axis=-1), 6, 8, rgb8),
        "grey-alpha8.png": (np.stack([grey8, np.full_like(grey8, 99)], axis=-1), 4, 8, grey8),
    }
    expected = {}
    for name, (encoded, color_type, bits, decoded) in arrays.items():
        (FIXTURES / name).write_bytes(png_bytes(encoded, color_type, bits))
        expected["fixtures/" + name] = (decoded, bits)
    # Check the encoder against Pillow where Pillow decodes at full depth.
    for name in ("grey8.png", "grey16.png", "rgb8.png"):
        with Image.open(FIXTURES / name) as image:
            assert np.array_equal(np.asarray(image).astype(np.int64), arrays[name][3]), name

    Image.fromarray(grey8.astype(np.uint8), "L").save(FIXTURES / "grey8.jpg", quality=90)
    Image.fromarray(rgb8.astype(np.uint8), "RGB").save(FIXTURES / "rgb8.jpg", quality=90)
    return expected


def decoded_jpeg(path):
    with Image.open(path) as image:
        if image.mode not in ("L", "RGB"):
            raise SystemExit(f"{path}: unexpected JPEG mode {image.mode}")
        return np.asarray(image).astype(np.int64), 8


def row(name, array, bits):
    height, width = array.shape[:2]
    pixels = array.reshape(height * width, -1)
    samples = ";".join(",".join(str(int(v)) for v in pixels[n]) for n in range(0, len(pixels), SAMPLE_STEP))
    dtype = "<u2" if bits == 16 else "u1"
    return "\t".join([
        name, str(width), str(height), str(pixels.shape[1]), str(bits),
        hashlib.sha256(pixels.astype(dtype).tobytes()).hexdigest(),
        ",".join(str(int(s)) for s in pixels.sum(axis=0)),
        samples,
    ])


def main():
    root = pathlib.Path(sys.argv[1])
    lines = ["\t".join(["path", "width", "height", "channels", "bits", "sha256", "sums", "samples"])]
    for name, (array, bits) in make_fixtures().items():
        lines.append(row(name, array, bits))
    for name in ("fixtures/grey8.jpg", "fixtures/rgb8.jpg"):
        lines.append(row(name, *decoded_jpeg(RESOURCES / name)))
    for path in sorted((root / "images-2d").rglob("*")):
        if path.suffix.lower() in (".jpg", ".jpeg", ".png"):
            lines.append(row(path.relative_to(root).as_posix(), *decoded_jpeg(path)))
    (RESOURCES / "pil-reference.tsv").write_text("\n".join(lines) + "\n")
    print(f"{len(lines) - 1} images -> {RESOURCES / 'pil-reference.tsv'}")


if __name__ == "__main__":
    main()
