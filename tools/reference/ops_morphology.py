#!/usr/bin/python3
"""Reference values for connected components, hole filling and binary morphology of
annotation-core (org.medannot.core.ops).

Produces annotation-core/src/test/resources/ops/morphology.npz (numpy.savez_compressed):
seeded random masks in 2D and 3D, one real label mask (the liver, label 5, of the test data
set's totalseg-ct-small example_seg.nii.gz, 122x101x30 voxels of 3 mm), and for each
  - scipy.ndimage.label with generate_binary_structure(rank, 1|2|3): label arrays and counts;
  - scipy.ndimage.binary_fill_holes with the same structures (background connectivity);
  - scipy.ndimage.binary_erosion/dilation/opening/closing (border_value=0) with
    skimage.morphology.ball/disk, numpy boxes, and an ellipsoid for a radius in mm built as
    (di*sx)**2 + (dj*sy)**2 + (dk*sz)**2 <= r**2.
Arrays have shape (slices, rows, columns), the SDK's voxel order. The structures are stored
too, with shape (2hk+1, 2hj+1, 2hi+1), so the test can compare the Java elements with them.

Run from the repository root with the Debian packages python3-numpy, python3-scipy,
python3-skimage and python3-nibabel:
    /usr/bin/python3 tools/reference/ops_morphology.py [DATA_DIR]
DATA_DIR defaults to ../shared/data relative to the repository root.
"""
import os
import sys

import nibabel
import numpy as np
import scipy
from scipy import ndimage
from skimage.morphology import ball, disk

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data")
OUT = os.path.join(ROOT, "annotation-core", "src", "test", "resources", "ops")
ARRAYS = {}


def save(name, array):
    ARRAYS[name] = np.ascontiguousarray(array)


def ellipsoid_mm(radius, spacing):
    """Offsets (dk, dj, di) with (di*sx)**2 + (dj*sy)**2 + (dk*sz)**2 <= radius**2."""
    sx, sy, sz = spacing
    hi, hj, hk = (int(np.floor(radius / s)) + 1 for s in spacing)
    dk, dj, di = np.mgrid[-hk:hk + 1, -hj:hj + 1, -hi:hi + 1]
    inside = (di * sx) ** 2 + (dj * sy) ** 2 + (dk * sz) ** 2 <= radius ** 2
    # Trim empty border planes so the structure is centred and minimal.
    k = np.any(inside, axis=(1, 2))
    j = np.any(inside, axis=(0, 2))
    i = np.any(inside, axis=(0, 1))
    return inside[k][:, j][:, :, i]


def structures_3d():
    return {
        "ball1": ball(1).astype(bool),
        "ball2": ball(2).astype(bool),
        "box_1_2_0": np.ones((1, 5, 3), dtype=bool),
        "box_2_1_1": np.ones((3, 3, 5), dtype=bool),
        "ballmm_3.5": ellipsoid_mm(3.5, (1.0, 1.5, 2.5)),
    }


def structures_2d():
    return {
        "disk1": disk(1).astype(bool)[None],
        "disk3": disk(3).astype(bool)[None],
        "box_2_1_0": np.ones((1, 3, 5), dtype=bool),
        "diskmm_4": ellipsoid_mm(4.0, (0.7, 1.3, 100.0)),
    }


def morphology(prefix, mask, structures):
    for name, structure in structures.items():
        save("se_" + name, structure.astype(np.uint8))
        save(prefix + "_erode_" + name, ndimage.binary_erosion(mask, structure).astype(np.uint8))
        save(prefix + "_dilate_" + name, ndimage.binary_dilation(mask, structure).astype(np.uint8))
        save(prefix + "_open_" + name, ndimage.binary_opening(mask, structure).astype(np.uint8))
        save(prefix + "_close_" + name, ndimage.binary_closing(mask, structure).astype(np.uint8))


def labels_and_holes(prefix, mask, connectivities):
    rank = 2 if mask.shape[0] == 1 else 3
    plane = mask[0] if rank == 2 else mask
    for connectivity, order in connectivities:
        structure = ndimage.generate_binary_structure(rank, order)
        labels, count = ndimage.label(plane, structure)
        save(prefix + "_label_" + str(connectivity), labels.reshape(mask.shape).astype(np.int32))
        filled = ndimage.binary_fill_holes(plane, structure)
        save(prefix + "_fill_" + str(connectivity), filled.reshape(mask.shape).astype(np.uint8))


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261204)

    # Blobby random masks: thresholded smoothed noise has components, holes and diagonal contacts.
    noise2 = ndimage.gaussian_filter(rng.normal(size=(61, 77)), 1.5)
    mask2 = (noise2 > 0.05)[None]
    save("random2d", mask2.astype(np.uint8))
    speckle2 = (rng.random((1, 40, 70)) < 0.45)
    save("speckle2d", speckle2.astype(np.uint8))
    noise3 = ndimage.gaussian_filter(rng.normal(size=(17, 33, 45)), 1.2)
    mask3 = noise3 > 0.05
    save("random3d", mask3.astype(np.uint8))
    speckle3 = rng.random((9, 20, 30)) < 0.35
    save("speckle3d", speckle3.astype(np.uint8))
    # Dense speckle leaves many enclosed background cavities for hole filling in 3D.
    dense3 = rng.random((9, 20, 30)) < 0.7
    save("dense3d", dense3.astype(np.uint8))

    seg = nibabel.load(os.path.join(DATA, "nifti/pairs/totalseg-ct-small/example_seg.nii.gz"))
    liver = (np.asarray(seg.dataobj) == 5).transpose(2, 1, 0)
    save("liver", liver.astype(np.uint8))

    for prefix, mask in [("random2d", mask2), ("speckle2d", speckle2)]:
        labels_and_holes(prefix, mask, [(4, 1), (8, 2)])
    for prefix, mask in [("random3d", mask3), ("speckle3d", speckle3), ("dense3d", dense3), ("liver", liver)]:
        labels_and_holes(prefix, mask, [(6, 1), (18, 2), (26, 3)])

    morphology("random2d", mask2, structures_2d())
    morphology("random3d", mask3, structures_3d())
    morphology("liver", liver, {"ball2": ball(2).astype(bool)})

    np.savez_compressed(os.path.join(OUT, "morphology.npz"), **ARRAYS)
    print("scipy", scipy.__version__, "liver voxels", int(liver.sum()),
          "liver components (26)", ndimage.label(liver, np.ones((3, 3, 3)))[1])


if __name__ == "__main__":
    main()
