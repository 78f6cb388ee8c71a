#!/usr/bin/python3
"""Reference values for the resampling of annotation-core (org.medannot.core.ops).

Produces annotation-core/src/test/resources/ops/resample.npz (numpy.savez_compressed). The
convention is the SDK's: along each axis with ratio r (new spacing / old spacing, or old size /
new size), target voxel t samples source index s = (t + 0.5) * r - 0.5, which keeps the outer
corner of voxel (0, 0, 0) in place; to a spacing d' the size is max(1, floor(n * d / d' + 0.5)).
Values come from scipy.ndimage.map_coordinates at those source indices with order=0 (nearest)
or order=1 (linear), mode='nearest', output float64. New origins are computed from the
geometry as origin + direction @ (spacing * s(0)) in LPS.

Inputs: a CT crop (int16) of the test data set's totalseg-ct-small example_ct_sm.nii.gz, the
label map crop (uint8) of example_seg.nii.gz at the same place, and the mask of the label
with the most voxels in that crop.
Arrays have shape (slices, rows, columns), the SDK's voxel order.

Run from the repository root with the Debian packages python3-numpy, python3-scipy and
python3-nibabel:
    /usr/bin/python3 tools/reference/ops_resample.py [DATA_DIR]
DATA_DIR defaults to ../shared/data relative to the repository root.
"""
import os
import sys

import nibabel
import numpy as np
import scipy
from scipy import ndimage

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data")
OUT = os.path.join(ROOT, "annotation-core", "src", "test", "resources", "ops")
ARRAYS = {}

SPACING = np.array([3.0, 3.0, 3.0])
ORIGIN = np.array([-10.0, 20.0, 5.0])
# Columns of DIRECTION are the LPS unit vectors of increasing i, j and k (rotated about z by 30 degrees).
ANGLE = np.radians(30.0)
DIRECTION = np.array([[np.cos(ANGLE), -np.sin(ANGLE), 0.0],
                      [np.sin(ANGLE), np.cos(ANGLE), 0.0],
                      [0.0, 0.0, 1.0]])


def plan_size(shape_xyz, size_xyz):
    ratio = np.array([shape_xyz[a] / size_xyz[a] for a in range(3)])
    return np.array(size_xyz), ratio, SPACING * ratio


def plan_spacing(shape_xyz, spacing):
    size = [max(1, int(np.floor(shape_xyz[a] * SPACING[a] / spacing[a] + 0.5))) for a in range(3)]
    ratio = np.array([spacing[a] / SPACING[a] for a in range(3)])
    return np.array(size), ratio, np.array(spacing, dtype=np.float64)


def sample(array, size_xyz, ratio, order):
    axes = [(np.arange(size_xyz[a]) + 0.5) * ratio[a] - 0.5 for a in range(3)]
    cz, cy, cx = np.meshgrid(axes[2], axes[1], axes[0], indexing="ij")
    return ndimage.map_coordinates(array.astype(np.float64), [cz, cy, cx], order=order, mode="nearest",
                                   output=np.float64)


def record(name, array, plan, orders):
    size, ratio, spacing = plan
    start = 0.5 * ratio - 0.5
    origin = ORIGIN + DIRECTION @ (SPACING * start)
    ARRAYS[name + "_geometry"] = np.concatenate([size.astype(np.float64), spacing, origin])
    for order in orders:
        ARRAYS[name + "_order" + str(order)] = sample(array, size, ratio, order).astype(np.float32)


def main():
    os.makedirs(OUT, exist_ok=True)
    ct = np.asarray(nibabel.load(os.path.join(DATA, "nifti/pairs/totalseg-ct-small/example_ct_sm.nii.gz")).dataobj)
    seg = np.asarray(nibabel.load(os.path.join(DATA, "nifti/pairs/totalseg-ct-small/example_seg.nii.gz")).dataobj)
    crop = (slice(30, 70), slice(30, 62), slice(8, 14))
    ct = ct[crop].transpose(2, 1, 0).astype(np.int16)
    labels = seg[crop].transpose(2, 1, 0).astype(np.uint8)
    counts = np.bincount(labels.ravel())
    counts[0] = 0
    organ = (labels == np.argmax(counts)).astype(np.uint8)
    ARRAYS["ct"] = ct
    ARRAYS["labels"] = labels
    ARRAYS["organ"] = organ
    ARRAYS["frame"] = np.concatenate([SPACING, ORIGIN, DIRECTION.T.ravel()])
    shape_xyz = ct.shape[::-1]

    record("ct_size_55_21_9", ct, plan_size(shape_xyz, (55, 21, 9)), (0, 1))
    record("ct_size_20_16_3", ct, plan_size(shape_xyz, (20, 16, 3)), (0, 1))
    record("ct_spacing_2.2_4_1.7", ct, plan_spacing(shape_xyz, (2.2, 4.0, 1.7)), (0, 1))
    record("ct_spacing_7_0.9_3", ct, plan_spacing(shape_xyz, (7.0, 0.9, 3.0)), (0, 1))
    record("labels_spacing_2.2_4_1.7", labels, plan_spacing(shape_xyz, (2.2, 4.0, 1.7)), (0,))
    record("organ_size_17_50_4", organ, plan_size(shape_xyz, (17, 50, 4)), (0,))

    np.savez_compressed(os.path.join(OUT, "resample.npz"), **ARRAYS)
    print("scipy", scipy.__version__, "ct", ct.shape, "organ voxels", int(organ.sum()),
          "labels", np.unique(labels).size)


if __name__ == "__main__":
    main()
