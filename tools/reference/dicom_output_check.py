#!/usr/bin/python3
"""Check DICOM files written by the SDK with independent tools, and record the results.

What it produces: a JSON file with one entry per written file, keyed by its name:
  sha256            SHA-256 of the written file (the Java tests assert that they still write
                    exactly these bytes, so the results below stay tied to the checked output)
  dcmdump_ok        dcmtk's dcmdump exit status was 0 and it printed no "E:" line
  pydicom_ok        pydicom read the whole file, every element of every nesting level
  same_as_input     (with --compare) pydicom sees the same elements and values in the written
                    file as in its input, ignoring group lengths and File Meta Information;
                    pixel arrays equal where pydicom can decode them
  pixels            (with --compare) "equal", "differ" or "not decoded" (no pydicom handler)
  dciodvfy_input_errors / dciodvfy_output_errors   (with --dciodvfy) count of "Error" lines
  dciodvfy_new_errors   output error lines that do not occur in the input's (value-free text)

The export folder holds the written files and manifest.tsv (written file name TAB input path),
as the Java tests write them when run with -Dmedannot.export.dir=FOLDER.

Command (Debian packages python3-pydicom, python3-numpy, dcmtk, dicom3tools):
  ./mvnw -B -q -pl annotation-dicom -am verify -Dtest=DicomWriterRoundTripTest \
      -Dsurefire.failIfNoSpecifiedTests=false -Dmedannot.export.dir=/tmp/writer-out
  /usr/bin/python3 tools/reference/dicom_output_check.py /tmp/writer-out \
      annotation-dicom/src/test/resources/org/medannot/dicom/io/writer-reference.json --compare

and for the de-identified outputs:
  ./mvnw -B -q -pl annotation-dicom -am verify -Dtest=DeidentifiedOutputReferenceTest \
      -Dsurefire.failIfNoSpecifiedTests=false -Dmedannot.export.dir=/tmp/deid-out
  /usr/bin/python3 tools/reference/dicom_output_check.py /tmp/deid-out \
      annotation-dicom/src/test/resources/org/medannot/dicom/deid/deid-reference.json --dciodvfy
"""
import argparse
import hashlib
import json
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pydicom


def walk(dataset, prefix=""):
    """Yield (path, VR, value) for every element of every nesting level, without group lengths."""
    for element in dataset:
        if element.tag.element == 0 or element.tag.group == 2:
            continue
        path = prefix + str(element.tag)
        if element.VR == "SQ":
            yield path, "SQ", len(element.value)
            for n, item in enumerate(element.value):
                yield from walk(item, path + "[%d]" % n)
        elif element.tag == 0x7FE00010:
            continue
        else:
            value = element.value
            if isinstance(value, bytes):
                value = value.rstrip(b"\0 ")
            yield path, element.VR, repr(value)


def same_elements(a, b):
    left = {p: (vr, v) for p, vr, v in walk(a)}
    right = {p: (vr, v) for p, vr, v in walk(b)}
    if left.keys() != right.keys():
        return False
    for key, (vr, value) in left.items():
        other_vr, other_value = right[key]
        if value != other_value and not (other_vr == "UN" or vr == "UN"):
            return False
    return True


def pixels(a, b):
    if "PixelData" not in a:
        return "none"
    try:
        first = a.pixel_array
    except Exception:
        return "not decoded"
    try:
        second = b.pixel_array
    except Exception:
        return "differ"
    return "equal" if first.shape == second.shape and (first == second).all() else "differ"


def dciodvfy_errors(path):
    run = subprocess.run(["dciodvfy", str(path)], capture_output=True, text=True)
    lines = (run.stdout + run.stderr).splitlines()
    # Strip quoted values and numbers so that shifted dates or new UIDs do not make a line "new".
    return [re.sub(r"<[^>]*>|\"[^\"]*\"|\d+", "#", line) for line in lines if line.startswith("Error")]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("export_dir")
    parser.add_argument("output_json")
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--dciodvfy", action="store_true")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    folder = Path(args.export_dir)
    results = {}
    for line in (folder / "manifest.tsv").read_text().splitlines():
        name, source = line.split("\t")
        written = folder / name
        entry = {"sha256": hashlib.sha256(written.read_bytes()).hexdigest()}
        dump = subprocess.run(["dcmdump", "+L", str(written)], capture_output=True, text=True, errors="replace")
        entry["dcmdump_ok"] = dump.returncode == 0 and not any(
            l.startswith("E:") for l in dump.stderr.splitlines())
        try:
            output = pydicom.dcmread(str(written))
            list(walk(output))
            entry["pydicom_ok"] = True
        except Exception as e:
            entry["pydicom_ok"] = False
            entry["pydicom_error"] = str(e)[:200]
            output = None
        if args.compare and output is not None:
            original = pydicom.dcmread(source, force=True)
            entry["same_as_input"] = same_elements(original, output)
            entry["pixels"] = pixels(original, output)
        if args.dciodvfy:
            before = dciodvfy_errors(source)
            after = dciodvfy_errors(written)
            entry["dciodvfy_input_errors"] = len(before)
            entry["dciodvfy_output_errors"] = len(after)
            entry["dciodvfy_new_errors"] = sorted(set(after) - set(before))
        results[name] = entry
    Path(args.output_json).write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    bad = [n for n, e in results.items() if not (e["dcmdump_ok"] and e["pydicom_ok"])]
    print("%d files checked, %d failed dcmdump or pydicom: %s" % (len(results), len(bad), bad[:10]), file=sys.stderr)


if __name__ == "__main__":
    main()
