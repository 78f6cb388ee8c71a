#!/usr/bin/python3
"""Reference values for annotation-core's Geometry tests, computed with nibabel.

For each NIfTI file of the test data set listed below, writes its shape, nibabel's best affine
(img.affine, RAS) and the RAS world coordinates of a few voxel indices (nibabel.affines.apply_affine)
to annotation-core/src/test/resources/reference/geometry_nibabel.json.

Run from the repository root with the test data set beside it:
    /usr/bin/python3 tools/reference/core_geometry.py ../shared/data
Uses Debian's python3-nibabel (5.0.0 when generated).
"""
import json
import sys
from pathlib import Path

import nibabel
import numpy
from nibabel.affines import apply_affine

FILES = [
    "dicom/series/ct-abdomen-siemens-20sl/dcm2niix/ct_abdomen_20sl.nii.gz",
    "nifti/pairs/totalseg-ct-small/example_ct_sm.nii.gz",
    "nifti/pairs/totalseg-ct-full/example_ct.nii.gz",
    "nifti/pairs/brain-ch2-aal/ch2.nii.gz",
]


def main(data_root):
    entries = []
    for relative in FILES:
        path = Path(data_root) / relative
        if not path.exists():
            continue
        image = nibabel.load(str(path))
        shape = [int(v) for v in image.shape[:3]]
        affine = image.affine
        indices = [[0, 0, 0], [shape[0] - 1, 0, 0], [0, shape[1] - 1, 0], [0, 0, shape[2] - 1],
                   [shape[0] - 1, shape[1] - 1, shape[2] - 1], [1.5, 2.25, 0.5]]
        world = apply_affine(affine, numpy.array(indices, dtype=float))
        entries.append({
            "file": relative,
            "shape": shape,
            "affine": [float(v) for v in affine.reshape(-1)],
            "indices": indices,
            "ras": [[float(v) for v in row] for row in world],
        })
    out = Path("annotation-core/src/test/resources/reference/geometry_nibabel.json")
    out.write_text(json.dumps({"nibabel": nibabel.__version__, "entries": entries}, indent=1) + "\n")
    print(f"wrote {len(entries)} entries to {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
