#!/usr/bin/python3
"""Record nibabel's reading of the NIfTI files written by NiftiWriter.

Produces annotation-dicom/src/test/resources/org/medannot/dicom/nifti/nibabel-writer-reference.tsv,
the expected values of NiftiWriterTest. The input folder contains the files written by
org.medannot.dicom.nifti.NiftiWriterFixtures (its Javadoc gives the java command). Columns:

  name          file name
  content_sha   SHA-256 of the uncompressed file content (the header and data nibabel read)
  shape         array shape, comma-separated
  dtype_disk    on-disk data type
  dtype_scaled  type of np.asanyarray(img.dataobj)
  qform_code, sform_code
  affine        img.affine, 16 numbers row-major (RAS, mm)
  qform         img.header.get_qform(), 16 numbers row-major
  sha256_f64    SHA-256 of the scaled data as little-endian float64 in Fortran order

Tools: Debian python3-nibabel and python3-numpy. Command:

  /usr/bin/python3 tools/reference/nifti_writer_nibabel.py FOLDER OUTPUT.tsv
"""
import gzip
import hashlib
import pathlib
import sys

import nibabel
import numpy as np


def numbers(matrix):
    return ",".join(repr(float(v)) for v in np.asarray(matrix).reshape(-1))


def main():
    folder = pathlib.Path(sys.argv[1])
    out = pathlib.Path(sys.argv[2])
    lines = ["\t".join(["name", "content_sha", "shape", "dtype_disk", "dtype_scaled", "qform_code",
                        "sform_code", "affine", "qform", "sha256_f64"])]
    for path in sorted(folder.iterdir()):
        if not path.name.endswith((".nii", ".nii.gz")):
            continue
        raw = path.read_bytes()
        content = gzip.decompress(raw) if path.name.endswith(".gz") else raw
        img = nibabel.load(str(path))
        data = np.asanyarray(img.dataobj)
        lines.append("\t".join([
            path.name,
            hashlib.sha256(content).hexdigest(),
            ",".join(str(n) for n in data.shape),
            str(img.get_data_dtype().newbyteorder("=")),
            str(data.dtype.newbyteorder("=")),
            str(int(img.header["qform_code"])),
            str(int(img.header["sform_code"])),
            numbers(img.affine),
            numbers(img.header.get_qform()),
            hashlib.sha256(np.asarray(data, dtype="<f8").tobytes(order="F")).hexdigest(),
        ]))
    tmp = out.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n")
    tmp.replace(out)
    print(f"{len(lines) - 1} files -> {out}")


if __name__ == "__main__":
    main()
