#!/usr/bin/python3
"""Record nibabel's values of the 20-slice abdominal CT and its label map for annotation-nd4j.

Produces annotation-nd4j/src/test/resources/org/medannot/nd4j/nibabel-reference.tsv, the
expected values of Nd4jConversionsTest. Rows, tab-separated, with a header:

  kind    one of: sample (one voxel), sha256 (whole array), count (foreground or label count),
          sum (sum of all voxels)
  file    the NIfTI file, relative to the test data folder
  key     sample: "x,y,z" (nibabel voxel index, x fastest on disk); sha256: the array layout;
          count: the label value; sum: "all"
  value   sample: the stored value; sha256: hex digest; count, sum: an integer

The CT values are nibabel's scaled values (Hounsfield units), which are integers in the int16
range. The sha256 rows hash the data transposed to [z, y, x] in C order, little-endian: the CT
as int16, the label map as int32 and the liver mask (label 5) as one byte per voxel (0 or 1).

Tools: Debian python3-nibabel and python3-numpy. Run from the repository root, with DATA the
test data folder (the build's medannot.shared.data property):

  /usr/bin/python3 tools/reference/nd4j_nibabel_reference.py DATA \
      annotation-nd4j/src/test/resources/org/medannot/nd4j/nibabel-reference.tsv
"""
import hashlib
import pathlib
import sys

import nibabel
import numpy as np

CT = "dicom/series/ct-abdomen-siemens-20sl/dcm2niix/ct_abdomen_20sl.nii.gz"
LABELS = "dicom/series/ct-abdomen-siemens-20sl/labels/example_seg_dicom.nii.gz"
LIVER = 5


def samples(shape, count, seed):
    """Return the 8 corners and `count` random voxel indices (x, y, z)."""
    corners = [(x, y, z) for x in (0, shape[0] - 1) for y in (0, shape[1] - 1) for z in (0, shape[2] - 1)]
    rng = np.random.default_rng(seed)
    random = [tuple(int(rng.integers(0, n)) for n in shape) for _ in range(count)]
    return corners + random


def digest(array_xyz, dtype):
    """SHA-256 of the data as [z, y, x] in C order, little-endian `dtype`."""
    zyx = np.ascontiguousarray(np.transpose(array_xyz, (2, 1, 0)).astype(np.dtype(dtype).newbyteorder("<")))
    return hashlib.sha256(zyx.tobytes(order="C")).hexdigest()


def main(root, out):
    rows = []
    # Hounsfield units: stored int16 values scaled by nibabel (slope 1, intercept -1024), which
    # are integers within the int16 range.
    scaled = np.asanyarray(nibabel.load(root / CT).dataobj)
    ct = scaled.astype(np.int16)
    assert np.array_equal(ct, scaled)
    for x, y, z in samples(ct.shape, 64, 11):
        rows.append(("sample", CT, f"{x},{y},{z}", str(int(ct[x, y, z]))))
    rows.append(("sha256", CT, "zyx-int16-le", digest(ct, "i2")))
    rows.append(("sum", CT, "all", str(int(ct.astype(np.int64).sum()))))

    labels = np.asanyarray(nibabel.load(root / LABELS).dataobj)
    assert labels.dtype == np.uint8, labels.dtype
    for x, y, z in samples(labels.shape, 64, 12):
        rows.append(("sample", LABELS, f"{x},{y},{z}", str(int(labels[x, y, z]))))
    # Voxels inside the liver, so that non-zero labels are sampled too.
    liver = np.argwhere(labels == LIVER)
    rng = np.random.default_rng(13)
    for x, y, z in liver[rng.choice(len(liver), 16, replace=False)]:
        rows.append(("sample", LABELS, f"{x},{y},{z}", str(int(labels[x, y, z]))))
    values, counts = np.unique(labels, return_counts=True)
    for value, count in zip(values, counts):
        if value != 0:
            rows.append(("count", LABELS, str(int(value)), str(int(count))))
    rows.append(("sha256", LABELS, "zyx-int32-le", digest(labels, "i4")))
    rows.append(("sha256", LABELS, f"zyx-label{LIVER}-uint8", digest(labels == LIVER, "u1")))

    with open(out, "w", encoding="utf-8") as file:
        file.write("kind\tfile\tkey\tvalue\n")
        for row in rows:
            file.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]))
