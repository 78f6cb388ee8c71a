#!/usr/bin/python3
"""Write small NIfTI files with nibabel that cover what the test data set lacks, and record
nibabel's reading of them.

The real files of the test data set are int16, int32, uint8 and scaled int16 only. This script
writes, with nibabel, tiny files for the other data types (int8, uint16, uint32, int64, float32,
float64), both byte orders, NIfTI-2, 2D and 4D, qform-only and transform-free headers, and the
scl_slope values nibabel treats as "no scaling" (0 and NaN). Where nibabel cannot set a field
through its API (scl_slope/scl_inter on integer data), the stored header bytes are patched after
saving. The expected values are always nibabel's reading of the final file.

Outputs, under annotation-dicom/src/test/resources/org/medannot/dicom/nifti/:
  synthetic/*.nii, synthetic/*.nii.gz   the files
  nibabel-synthetic.tsv                 nibabel's reading, with the columns of
                                        nibabel-reference.tsv (see nifti_nibabel_reference.py),
                                        paths relative to the nifti/ resource folder

Tools: Debian python3-nibabel 5.0.0 and python3-numpy. Run from the repository root:

  /usr/bin/python3 tools/reference/nifti_nibabel_fixtures.py
"""
import gzip
import math
import pathlib
import struct
import sys

import nibabel
import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from nifti_nibabel_reference import row  # noqa: E402

RESOURCES = pathlib.Path("annotation-dicom/src/test/resources/org/medannot/dicom/nifti")
OUT = RESOURCES / "synthetic"


def oblique_affine():
    angle = math.radians(20)
    rotation = np.array([[math.cos(angle), -math.sin(angle), 0],
                         [math.sin(angle), math.cos(angle), 0],
                         [0, 0, 1]])
    affine = np.eye(4)
    affine[:3, :3] = rotation @ np.diag([1.5, 2.0, -2.5])  # negative z: qfac -1
    affine[:3, 3] = [12.5, -40.0, 7.25]
    return affine


def ramp(shape, dtype, start=0, step=1):
    count = int(np.prod(shape))
    return (start + step * np.arange(count, dtype=np.float64)).astype(dtype).reshape(shape, order="F")


def save(img, name):
    path = OUT / name
    img.to_filename(str(path))
    return path


def patch_scaling(path, slope, inter, version=1):
    """Overwrite scl_slope and scl_inter in the stored header."""
    raw = path.read_bytes()
    compressed = path.name.endswith(".gz")
    data = bytearray(gzip.decompress(raw) if compressed else raw)
    little = struct.unpack("<i", data[0:4])[0] in (348, 540)
    order = "<" if little else ">"
    if version == 1:
        data[112:120] = struct.pack(order + "ff", slope, inter)
    else:
        data[176:192] = struct.pack(order + "dd", slope, inter)
    path.write_bytes(gzip.compress(bytes(data), mtime=0) if compressed else bytes(data))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    written = []

    # int8, big endian, qform only (code 1) with a rotation and qfac -1.
    header = nibabel.Nifti1Header(endianness=">")
    img = nibabel.Nifti1Image(ramp((5, 4, 3), np.int8, -60, 2), None, header=header)
    img.set_qform(oblique_affine(), code=1)
    img.set_sform(None, code=0)
    img.set_data_dtype(np.int8)
    written.append(save(img, "int8-bigendian-qform.nii"))

    # uint16, sform only (code 2).
    img = nibabel.Nifti1Image(ramp((6, 5, 4), np.uint16, 60000, -400), oblique_affine())
    img.set_qform(None, code=0)
    img.set_sform(oblique_affine(), code=2)
    img.set_data_dtype(np.uint16)
    written.append(save(img, "uint16-sform.nii.gz"))

    # uint32 and int64 whose values fit a signed 32-bit integer.
    img = nibabel.Nifti1Image(ramp((4, 3, 2), np.uint32, 2147483600, 1), np.diag([2.0, 2.0, 2.0, 1.0]))
    img.set_data_dtype(np.uint32)
    written.append(save(img, "uint32.nii"))
    img = nibabel.Nifti1Image(ramp((4, 3, 2), np.int64, -2147483648, 12345), np.diag([1.0, 1.0, 1.0, 1.0]),
                                dtype=np.int64)
    img.set_data_dtype(np.int64)
    written.append(save(img, "int64.nii.gz"))

    # float32 2D image.
    img = nibabel.Nifti1Image(ramp((7, 5), np.float32, -3.25, 0.125), np.diag([0.5, 0.5, 1.0, 1.0]))
    img.set_data_dtype(np.float32)
    written.append(save(img, "float32-2d.nii"))

    # float64 4D with scl_slope 2, scl_inter 0.5 patched in.
    img = nibabel.Nifti1Image(ramp((3, 4, 2, 3), np.float64, -10, 0.3), oblique_affine())
    img.set_data_dtype(np.float64)
    path = save(img, "float64-4d-scaled.nii")
    patch_scaling(path, 2.0, 0.5)
    written.append(path)

    # int16 with scl_slope 0 and NaN: nibabel ignores the scaling.
    for name, slope in (("int16-slope-zero.nii", 0.0), ("int16-slope-nan.nii", float("nan"))):
        img = nibabel.Nifti1Image(ramp((4, 4, 2), np.int16, -100, 7), np.eye(4))
        img.set_data_dtype(np.int16)
        path = save(img, name)
        patch_scaling(path, slope, 100.0)
        written.append(path)

    # uint8 with neither qform nor sform: the pixdim-only fallback affine.
    img = nibabel.Nifti1Image(ramp((5, 6, 3), np.uint8, 0, 13), np.diag([2.0, 3.0, 4.0, 1.0]))
    img.set_qform(None, code=0)
    img.set_sform(None, code=0)
    img.set_data_dtype(np.uint8)
    written.append(save(img, "uint8-no-transform.nii"))

    # uint8 with integral scaling: values 1..(2*255+1).
    img = nibabel.Nifti1Image(ramp((6, 6, 2), np.uint8, 0, 7), np.eye(4))
    img.set_data_dtype(np.uint8)
    path = save(img, "uint8-integral-scaling.nii.gz")
    patch_scaling(path, 2.0, 1.0)
    written.append(path)

    # NIfTI-2, big endian, int16 with non-integral scaling.
    header = nibabel.Nifti2Header(endianness=">")
    img = nibabel.Nifti2Image(ramp((5, 3, 4), np.int16, -500, 17), oblique_affine(), header=header)
    img.set_data_dtype(np.int16)
    path = save(img, "nifti2-bigendian-scaled.nii")
    patch_scaling(path, 0.25, -3.5, version=2)
    written.append(path)

    lines = ["\t".join(["path", "version", "shape", "dtype_disk", "dtype_scaled", "slope", "inter", "affine",
                        "sha256_f64", "sha256_f32", "min", "max", "sum"])]
    for path in written:
        lines.append("\t".join(row(RESOURCES, path)))
    (RESOURCES / "nibabel-synthetic.tsv").write_text("\n".join(lines) + "\n")
    print(f"{len(written)} files -> {RESOURCES / 'nibabel-synthetic.tsv'}")


if __name__ == "__main__":
    main()
