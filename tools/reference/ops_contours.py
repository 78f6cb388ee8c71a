#!/usr/bin/python3
"""Reference values for contour tracing and polygon rasterization of annotation-core
(org.medannot.core.ops).

Produces annotation-core/src/test/resources/ops/contours.npz (numpy.savez_compressed):
  - real label slices from the test data set, read with nibabel (array axes x, y, z; a slice is
    stored transposed as (rows, columns)):
      abdomen_z10: dicom/series/ct-abdomen-siemens-20sl/labels/example_seg_dicom.nii.gz, z = 10
      small_z10, small_z20: nifti/pairs/totalseg-ct-small/example_seg.nii.gz, z = 10 and 20
      aal_z90: nifti/pairs/brain-ch2-aal/aal.nii.gz, z = 90
    and for each a table <name>_regions of int32 rows (label, component, area, holes): per label,
    its 8-connected components from skimage.measure.label(connectivity=2) in label order, the
    pixel count from skimage.measure.regionprops(...).area, and the hole count
    1 - regionprops(...).euler_number (8-connected foreground, 4-connected background);
  - random polygons of 1 to 3 rings with real-valued vertices and their masks. Vertices are
    (x, y) with x along columns and y along rows, and pixel (x, y) covers [x, x+1) x [y, y+1).
    Each mask is the XOR over rings (the even-odd rule) of skimage.draw.polygon2mask, called
    with the vertices shifted by -0.5 because scikit-image puts pixel centres at integers.

Run from the repository root with the Debian packages python3-numpy, python3-nibabel,
python3-scipy and python3-skimage:
    /usr/bin/python3 tools/reference/ops_contours.py [DATA_DIR]
DATA_DIR defaults to ../shared/data relative to the repository root.
"""
import os
import sys

import nibabel
import numpy as np
import skimage
from scipy import ndimage
from skimage.draw import polygon2mask
from skimage.measure import label, regionprops

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data")
OUT = os.path.join(ROOT, "annotation-core", "src", "test", "resources", "ops")
ARRAYS = {}

SLICES = [
    ("abdomen_z10", "dicom/series/ct-abdomen-siemens-20sl/labels/example_seg_dicom.nii.gz", 10),
    ("small_z10", "nifti/pairs/totalseg-ct-small/example_seg.nii.gz", 10),
    ("small_z20", "nifti/pairs/totalseg-ct-small/example_seg.nii.gz", 20),
    ("aal_z90", "nifti/pairs/brain-ch2-aal/aal.nii.gz", 90),
]


def regions(label_slice):
    rows = []
    for value in np.unique(label_slice):
        if value == 0:
            continue
        mask = label_slice == value
        components = label(mask, connectivity=2)
        # skimage numbers components in raster order, as scipy.ndimage.label does.
        assert np.array_equal(components, ndimage.label(mask, np.ones((3, 3)))[0])
        for region in regionprops(components):
            rows.append((int(value), region.label, int(region.area), 1 - int(region.euler_number)))
    return np.array(rows, dtype=np.int32)


def random_polygons(rng, width, height, count):
    ring_xy, ring_lengths, polygon_rings, masks = [], [], [], []
    for _ in range(count):
        rings = int(rng.integers(1, 4))
        mask = np.zeros((height, width), dtype=bool)
        for _ in range(rings):
            points = int(rng.integers(3, 11))
            xs = rng.uniform(-3, width + 3, points)
            ys = rng.uniform(-3, height + 3, points)
            ring_xy.append(np.column_stack([xs, ys]).ravel())
            ring_lengths.append(points)
            mask ^= polygon2mask((height, width), np.column_stack([ys - 0.5, xs - 0.5]))
        polygon_rings.append(rings)
        masks.append(mask)
    ARRAYS["polygon_xy"] = np.concatenate(ring_xy)
    ARRAYS["polygon_ring_lengths"] = np.array(ring_lengths, dtype=np.int32)
    ARRAYS["polygon_rings"] = np.array(polygon_rings, dtype=np.int32)
    ARRAYS["polygon_masks"] = np.array(masks, dtype=np.uint8)


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, path, z in SLICES:
        data = np.asarray(nibabel.load(os.path.join(DATA, path)).dataobj)
        label_slice = np.ascontiguousarray(data[:, :, z].T)
        assert label_slice.max() < 256
        ARRAYS[name] = label_slice.astype(np.uint8)
        ARRAYS[name + "_regions"] = regions(label_slice)
        table = ARRAYS[name + "_regions"]
        print(name, label_slice.shape, "labels", len(np.unique(table[:, 0])), "components", len(table),
              "holes", int(table[:, 3].sum()))
    random_polygons(np.random.default_rng(20261204), 23, 17, 60)
    np.savez_compressed(os.path.join(OUT, "contours.npz"), **ARRAYS)
    print("skimage", skimage.__version__)


if __name__ == "__main__":
    main()
