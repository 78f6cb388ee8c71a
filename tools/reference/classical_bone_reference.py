#!/usr/bin/python3
"""Reference values for the classical backend's bone preset on the 20-slice abdominal CT.

Replays the preset with scipy.ndimage on the dcm2niix volume of
dicom/series/ct-abdomen-siemens-20sl (voxels >= 150 HU; 26-connected components of at least
ceil(1000 mm^3 / voxel volume) voxels; binary_fill_holes per axial slice, whose default
structure fills holes that no 4-connected background path joins to the border), and compares it
with the union of the skeletal labels of the series' TotalSegmentator label map: sacrum and
vertebrae (25-50), humerus, scapula, clavicula, femur, hip (69-78), skull (91), ribs (92-115),
sternum (116); costal cartilages (117) are not bone and are left out.

Writes annotation-inference/src/test/resources/reference/classical-bone.properties.
Command (from the repository root):
  /usr/bin/python3 tools/reference/classical_bone_reference.py /path/to/the/test/data/set
"""
import math
import sys
from pathlib import Path

import nibabel as nib
import numpy as np
import scipy
from scipy import ndimage as ndi

SKELETAL = list(range(25, 51)) + list(range(69, 79)) + list(range(91, 117))


def main():
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[3] / "shared" / "data"
    series = root / "dicom/series/ct-abdomen-siemens-20sl"
    image = nib.load(series / "dcm2niix/ct_abdomen_20sl.nii.gz")
    ct = np.asanyarray(image.dataobj).astype(np.float32)
    labels = np.asanyarray(nib.load(series / "labels/example_seg_dicom.nii.gz").dataobj)
    voxel_mm3 = float(np.prod(image.header.get_zooms()[:3]))
    minimum = math.ceil(1000 / voxel_mm3)

    dense = ct >= 150
    components, count = ndi.label(dense, structure=np.ones((3, 3, 3)))
    sizes = ndi.sum(dense, components, range(1, count + 1))
    keep = np.isin(components, 1 + np.nonzero(sizes >= minimum)[0])
    bone = np.stack([ndi.binary_fill_holes(keep[:, :, k]) for k in range(keep.shape[2])], axis=2)

    reference = np.isin(labels, SKELETAL)
    dice = 2 * (bone & reference).sum() / (bone.sum() + reference.sum())
    out = Path(__file__).resolve().parents[2] / "annotation-inference/src/test/resources/reference/classical-bone.properties"
    out.write_text(
        "# Made by tools/reference/classical_bone_reference.py with scipy " + scipy.__version__ + " and nibabel "
        + nib.__version__ + "\n"
        f"minimumComponentVoxels={minimum}\n"
        f"boneVoxels={int(bone.sum())}\n"
        f"skeletonVoxels={int(reference.sum())}\n"
        f"dice={dice:.6f}\n")
    print(out.read_text())


if __name__ == "__main__":
    main()
