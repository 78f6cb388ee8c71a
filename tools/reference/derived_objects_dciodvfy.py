#!/usr/bin/python3
"""Checks the SEG and RTSTRUCT files that the SDK writes with dciodvfy and pydicom.

The files are written by the test main org.medannot.dicom.seg.DerivedObjectFiles, which
DerivedObjectFilesTest runs into annotation-dicom/target/derived-objects (the test then
compares them by SHA-256 with the table this script writes, so it fails until this script has
been run on the current output).

Produces annotation-dicom/src/test/resources/org/medannot/dicom/seg/reference/:

  derived-objects.tsv   one line per file: name, SHA-256, number of "Error" lines of dciodvfy,
                        "ok" when pydicom 2.3 reads the file and decodes its Pixel Data (else the
                        exception), number of frames.
  dciodvfy/NAME.txt     the full dciodvfy output of each file (stdout and stderr).

Run from the repository root, with the Debian packages dicom3tools (dciodvfy), python3-pydicom
and python3-numpy:

    ./mvnw -B -q -pl annotation-dicom -am verify     # writes target/derived-objects
    /usr/bin/python3 tools/reference/derived_objects_dciodvfy.py annotation-dicom/target/derived-objects ../shared/data
    ./mvnw -B -q -pl annotation-dicom -am verify     # now passes
"""
import hashlib
import os
import subprocess
import sys

import pydicom

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from seg_rtstruct_reference import rtstruct_masks, series_grid  # noqa: E402

FILES = ["seg-binary.dcm", "seg-fractional.dcm", "seg-binary-ct.dcm", "rtstruct.dcm", "rtstruct-ct.dcm"]
SOURCE = "annotation-dicom/target/derived-objects"
OUT = "annotation-dicom/src/test/resources/org/medannot/dicom/seg/reference"


def series_of(name, source, data):
    """Returns the image files of the series a written RTSTRUCT refers to."""
    folder = os.path.join(data, "dicom/seg/highdicom-ct/ct-series") if name.endswith("-ct.dcm") else os.path.join(source, "series")
    return sorted(os.path.join(folder, f) for f in os.listdir(folder))


def main(source, data):
    os.makedirs(os.path.join(OUT, "dciodvfy"), exist_ok=True)
    lines = []
    for name in FILES:
        path = os.path.join(source, name)
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        run = subprocess.run(["dciodvfy", path], capture_output=True, text=True)
        output = run.stdout + run.stderr
        errors = sum(1 for line in output.splitlines() if line.startswith("Error"))
        with open(os.path.join(OUT, "dciodvfy", name + ".txt"), "w") as f:
            f.write(output.replace(source + "/", ""))
        try:
            dataset = pydicom.dcmread(path)
            frames = int(getattr(dataset, "NumberOfFrames", 1))
            if "PixelData" in dataset:
                nonzero = int((dataset.pixel_array != 0).sum())
            else:
                masks = rtstruct_masks(path, series_grid(series_of(name, source, data)))
                nonzero = int(sum(mask.sum() for mask in masks.values()))
            readable = "ok"
        except Exception as error:  # the table records why pydicom failed
            readable = type(error).__name__ + ": " + str(error).replace("\t", " ").replace("\n", " ")
            frames = -1
            nonzero = -1
        lines.append(f"{name}\t{digest}\t{errors}\t{readable}\t{frames}\t{nonzero}")
    with open(os.path.join(OUT, "derived-objects.tsv"), "w") as f:
        f.write("# made by tools/reference/derived_objects_dciodvfy.py with dciodvfy (dicom3tools) and pydicom "
                + pydicom.__version__ + "\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else SOURCE, sys.argv[2] if len(sys.argv) > 2 else "../shared/data")
