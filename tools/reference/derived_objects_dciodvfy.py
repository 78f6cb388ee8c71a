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
    /usr/bin/python3 tools/reference/derived_objects_dciodvfy.py
    ./mvnw -B -q -pl annotation-dicom -am verify     # now passes
"""
import hashlib
import os
import subprocess
import sys

import pydicom

FILES = ["seg-binary.dcm", "seg-fractional.dcm", "seg-binary-ct.dcm"]
SOURCE = "annotation-dicom/target/derived-objects"
OUT = "annotation-dicom/src/test/resources/org/medannot/dicom/seg/reference"


def main(source):
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
            nonzero = int((dataset.pixel_array != 0).sum()) if "PixelData" in dataset else 0
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
    main(sys.argv[1] if len(sys.argv) > 1 else SOURCE)
