#!/usr/bin/python3
"""Record nibabel's reading of every NIfTI file in the test data set.

Produces annotation-dicom/src/test/resources/org/medannot/dicom/nifti/nibabel-reference.tsv,
the expected values of NiftiReaderReferenceTest. For every .nii and .nii.gz under nifti/ and
every dcm2niix reference volume (a dcm2niix/ folder) under dicom/ it stores one row:

  path          file path relative to the test data folder
  version       1 or 2 (NIfTI-1 or NIfTI-2 header)
  shape         array shape, comma-separated (x, y, z[, t])
  dtype_disk    on-disk data type (img.get_data_dtype())
  dtype_scaled  type of np.asanyarray(img.dataobj), i.e. after scl_slope/scl_inter
  slope, inter  scaling nibabel applied (img.dataobj.slope, img.dataobj.inter)
  affine        img.affine, 16 numbers in row-major order (RAS, mm)
  sha256_f64    SHA-256 of the scaled data as little-endian float64 in Fortran order
                (x fastest, then y, z, t)
  sha256_f32    the same with the scaled data cast to float32
  min, max, sum of the scaled data (float64)

Tools: Debian python3-nibabel and python3-numpy. Run from the repository root, with DATA the
test data folder (the build's medannot.shared.data property):

  /usr/bin/python3 tools/reference/nifti_nibabel_reference.py DATA \
      annotation-dicom/src/test/resources/org/medannot/dicom/nifti/nibabel-reference.tsv
"""
import hashlib
import pathlib
import sys

import nibabel
import numpy as np


def data_files(root):
    nifti = sorted(p for p in (root / "nifti").rglob("*") if p.name.endswith((".nii", ".nii.gz")))
    dcm2niix = sorted(p for p in (root / "dicom").rglob("*")
                      if p.name.endswith((".nii", ".nii.gz")) and p.parent.name == "dcm2niix")
    return nifti + dcm2niix


def sha256(array, dtype):
    return hashlib.sha256(np.asarray(array, dtype=np.dtype(dtype).newbyteorder("<")).tobytes(order="F")).hexdigest()


def row(root, path):
    img = nibabel.load(str(path))
    data = np.asanyarray(img.dataobj)
    version = 2 if isinstance(img, nibabel.Nifti2Image) else 1
    as64 = data.astype(np.float64)
    return [
        path.relative_to(root).as_posix(),
        str(version),
        ",".join(str(n) for n in data.shape),
        str(img.get_data_dtype().newbyteorder("=")),
        str(data.dtype.newbyteorder("=")),
        repr(float(img.dataobj.slope)),
        repr(float(img.dataobj.inter)),
        ",".join(repr(float(v)) for v in img.affine.reshape(-1)),
        sha256(data, "<f8"),
        sha256(data, "<f4"),
        repr(float(as64.min())),
        repr(float(as64.max())),
        repr(float(as64.sum())),
    ]


def main():
    root = pathlib.Path(sys.argv[1])
    out = pathlib.Path(sys.argv[2])
    header = ["path", "version", "shape", "dtype_disk", "dtype_scaled", "slope", "inter", "affine",
              "sha256_f64", "sha256_f32", "min", "max", "sum"]
    lines = ["\t".join(header)]
    for path in data_files(root):
        lines.append("\t".join(row(root, path)))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n")
    tmp.replace(out)
    print(f"{len(lines) - 1} files -> {out}")


if __name__ == "__main__":
    main()
