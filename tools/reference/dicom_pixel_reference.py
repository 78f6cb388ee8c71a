#!/usr/bin/python3
"""Reference values for the DICOM reading tests of annotation-dicom, made with pydicom.

Produces, under annotation-dicom/src/test/resources/org/medannot/dicom/reference/:

  pixels.tsv   one line per DICOM file of the test data set whose pixel data pydicom decodes
               (pydicom's handlers numpy, rle, pillow, gdcm, in that order):
               path, transfer syntax UID, frames, rows, columns, samples, lossy flag,
               SHA-256 of the stored values, min, max, sum.
  lossy/*.i32.gz  for lossy transfer syntaxes, the whole decoded array as little-endian int32,
               gzip-compressed, because two lossy decoders may differ by a grey level.
  modality.tsv Rescale Slope and Intercept of each frame of the multi-frame files (Per-frame, then
               Shared Functional Groups, then the top level), read with pydicom: path, frame,
               slope, intercept.
  text.tsv     text values (SH, LO, ST, LT, UC, UT, PN) of the character-set files, as pydicom
               decodes them with Specific Character Set: path, tag path, JSON string.

Stored values: pydicom's pixel_array reshaped to (frames, rows, columns, samples) in C order,
then, where Bits Stored < Bits Allocated, masked to Bits Stored below High Bit and
sign-extended when Pixel Representation is 1 (DICOM PS3.5 section 8.1.1; pydicom 2.3 leaves
the bits above High Bit as they are in the file). The digest is the SHA-256 of that array as
little-endian int64.

Run from the repository root with the Debian packages python3-pydicom (2.3.1), python3-gdcm,
python3-pil and python3-numpy installed:

    /usr/bin/python3 tools/reference/dicom_pixel_reference.py "$DATA"

DATA is the test data folder (the build passes it to the tests as medannot.shared.data).
"""
import gzip
import hashlib
import json
import os
import sys

import numpy as np
import pydicom

OUT = "annotation-dicom/src/test/resources/org/medannot/dicom/reference"
SKIP_SUFFIXES = (".nii", ".nii.gz", ".json", ".md", ".txt", ".tsv", ".csv", ".png", ".jpg", ".xml", ".gz")
LOSSY = {"1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.81", "1.2.840.10008.1.2.4.91"}
TEXT_VRS = {"SH", "LO", "ST", "LT", "UC", "UT", "PN"}


def dicom_files(root):
    for folder, _, names in os.walk(os.path.join(root, "dicom")):
        for name in sorted(names):
            if name.endswith(SKIP_SUFFIXES):
                continue
            yield os.path.join(folder, name)


def stored_values(ds):
    # Read the header first: pydicom's JPEG 2000 corrections may change PixelRepresentation
    # in the data set while decoding.
    frames = int(getattr(ds, "NumberOfFrames", 1) or 1)
    samples = int(getattr(ds, "SamplesPerPixel", 1))
    bits_allocated = int(ds.BitsAllocated)
    bits_stored = int(getattr(ds, "BitsStored", bits_allocated))
    high_bit = int(getattr(ds, "HighBit", bits_stored - 1))
    signed = int(getattr(ds, "PixelRepresentation", 0)) == 1
    arr = ds.pixel_array
    arr = np.asarray(arr).reshape(frames, int(ds.Rows), int(ds.Columns), samples).astype(np.int64)
    if bits_stored < bits_allocated:
        shift = high_bit + 1 - bits_stored
        arr = (arr >> shift) & ((1 << bits_stored) - 1)
        if signed:
            sign = 1 << (bits_stored - 1)
            arr = (arr ^ sign) - sign
    return arr, frames, samples


def text_values(dataset, prefix, rows, path):
    for element in dataset:
        tag = f"{element.tag.group:04X}{element.tag.element:04X}"
        if element.VR == "SQ":
            for index, item in enumerate(element.value):
                text_values(item, f"{prefix}{tag}/{index}/", rows, path)
        elif element.VR in TEXT_VRS and element.value not in (None, ""):
            value = element.value
            if element.VM > 1:
                value = "\\".join(str(v) for v in value)
            rows.append(f"{path}\t{prefix}{tag}\t{json.dumps(str(value), ensure_ascii=False)}")


def rescale_of_frame(ds, frame):
    groups = []
    per_frame = ds.get("PerFrameFunctionalGroupsSequence")
    if per_frame is not None and frame < len(per_frame):
        groups.append(per_frame[frame])
    shared = ds.get("SharedFunctionalGroupsSequence")
    if shared:
        groups.append(shared[0])
    for group in groups:
        transformation = group.get("PixelValueTransformationSequence")
        if transformation:
            item = transformation[0]
            return float(item.get("RescaleSlope", 1)), float(item.get("RescaleIntercept", 0))
    return float(ds.get("RescaleSlope", 1)), float(ds.get("RescaleIntercept", 0))


def main(root):
    os.makedirs(os.path.join(OUT, "lossy"), exist_ok=True)
    pixel_rows = []
    text_rows = []
    modality_rows = []
    for full in dicom_files(root):
        path = os.path.relpath(full, root)
        try:
            ds = pydicom.dcmread(full)
        except Exception:
            continue
        if path.startswith("dicom/charsets/"):
            text_values(ds, "", text_rows, path)
        if "PixelData" not in ds:
            continue
        if path.startswith("dicom/multiframe/") and int(getattr(ds, "NumberOfFrames", 1) or 1) > 1:
            for frame in range(int(ds.NumberOfFrames)):
                slope, intercept = rescale_of_frame(ds, frame)
                modality_rows.append(f"{path}\t{frame}\t{slope!r}\t{intercept!r}")
        try:
            arr, frames, samples = stored_values(ds)
        except Exception as error:
            print(f"pydicom cannot decode {path}: {error}", file=sys.stderr)
            continue
        syntax = str(ds.file_meta.TransferSyntaxUID) if "TransferSyntaxUID" in ds.file_meta else ""
        lossy = syntax in LOSSY
        digest = hashlib.sha256(arr.astype("<i8").tobytes()).hexdigest()
        pixel_rows.append("\t".join(str(v) for v in (
            path, syntax, frames, int(ds.Rows), int(ds.Columns), samples, "Y" if lossy else "N",
            digest, int(arr.min()), int(arr.max()), int(arr.sum()))))
        if lossy:
            name = path.replace("/", "__") + ".i32.gz"
            with open(os.path.join(OUT, "lossy", name), "wb") as raw:
                with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
                    handle.write(arr.astype("<i4").tobytes())

    with open(os.path.join(OUT, "pixels.tsv"), "w", encoding="utf-8") as handle:
        handle.write(f"# pydicom {pydicom.__version__}, numpy {np.__version__}: see tools/reference/dicom_pixel_reference.py\n")
        handle.write("path\ttransfer_syntax\tframes\trows\tcolumns\tsamples\tlossy\tsha256_int64\tmin\tmax\tsum\n")
        handle.write("\n".join(pixel_rows) + "\n")
    with open(os.path.join(OUT, "modality.tsv"), "w", encoding="utf-8") as handle:
        handle.write(f"# pydicom {pydicom.__version__}: see tools/reference/dicom_pixel_reference.py\n")
        handle.write("path\tframe\tslope\tintercept\n")
        handle.write("\n".join(modality_rows) + "\n")
    with open(os.path.join(OUT, "text.tsv"), "w", encoding="utf-8") as handle:
        handle.write(f"# pydicom {pydicom.__version__}: see tools/reference/dicom_pixel_reference.py\n")
        handle.write("path\ttag_path\tjson_value\n")
        handle.write("\n".join(text_rows) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
