#!/usr/bin/python3
"""Reference values for the classical backend's robust statistics on a real float map.

Input: the dcm2niix volume of the real Siemens T1 series dicom/series/mr-siemens-t1-sag-HFDL
(256 x 256 x 35 int16 voxels) and the dcm2niix volume of the 20-slice abdominal CT
dicom/series/ct-abdomen-siemens-20sl, both read with nibabel. Voxels are flattened in NIfTI
order (column fastest, numpy order='F'), which is the linear voxel index of the SDK.

Float map: the MR's stored values times 0.001, multiplied in float32, as a parametric map in
seconds would hold them. The outlier map is the float map with OUTLIERS voxels replaced by
-3.4e38 and +3.4e38 in turn (finite float32 values near the float32 limits).

Per volume the script computes, in float64 from the float32 or int16 values:
- p0.5 and p99.5 with numpy.percentile (method 'linear', numpy's default);
- Otsu's threshold over that range with skimage.filters.threshold_otsu: for float voxels
  threshold_otsu(numpy.clip(x, p0.5, p99.5)) (256 equal bins), for integer voxels
  threshold_otsu(numpy.clip(x, floor(p0.5), ceil(p99.5))) (one bin per integer);
- the classical OTSU preset replayed with scipy.ndimage: voxels above the threshold, the largest
  6-connected component (ndimage.label's default 3D structure), binary_fill_holes per axial
  slice (its default structure fills holes that no 4-connected background path joins to the
  border);
- the count of voxels whose value lies within one histogram bin of the threshold.
It also writes threshold_otsu of the whole float map without a robust range, for comparison.

Writes annotation-inference/src/test/resources/reference/classical-robust.properties.
Command (from the repository root):
  /usr/bin/python3 tools/reference/classical_robust_reference.py /path/to/the/test/data/set
"""
import math
import sys
from pathlib import Path

import nibabel as nib
import numpy as np
import scipy
import skimage
from scipy import ndimage as ndi
from skimage.filters import threshold_otsu

LOW_PERCENT = 0.5
HIGH_PERCENT = 99.5
MAP_SCALE = np.float32(0.001)
OUTLIER = np.float32(3.4e38)


def outlier_indices(count):
    """Six voxel indices spread over the volume; the Java test uses the same formula."""
    return [count // 7, count // 3, count // 2, 2 * count // 3, 5 * count // 6, count - 5]


def robust_otsu(values):
    """Returns (p0.5, p99.5, threshold, bin width) of the robust Otsu rule."""
    low, high = np.percentile(values.astype(np.float64), [LOW_PERCENT, HIGH_PERCENT])
    if values.dtype.kind in "iu":
        first, last = math.floor(low), math.ceil(high)
        return low, high, float(threshold_otsu(np.clip(values, first, last))), 1.0
    clipped = np.clip(values.astype(np.float64), low, high)
    return low, high, float(threshold_otsu(clipped)), (high - low) / 256


def otsu_preset(values, shape, threshold):
    """Replays the OTSU preset's mask and returns its voxel count."""
    above = (values.astype(np.float64) > threshold).reshape(shape, order="F")
    components, count = ndi.label(above)
    if count == 0:
        return 0
    sizes = ndi.sum(above, components, range(1, count + 1))
    largest = components == 1 + int(np.argmax(sizes))
    filled = np.stack([ndi.binary_fill_holes(largest[:, :, k]) for k in range(shape[2])], axis=2)
    return int(filled.sum())


def describe(prefix, values, shape):
    low, high, threshold, width = robust_otsu(values)
    near = int((np.abs(values.astype(np.float64) - threshold) <= width).sum())
    return [
        f"{prefix}.p0_5={low!r}",
        f"{prefix}.p99_5={high!r}",
        f"{prefix}.otsu={threshold!r}",
        f"{prefix}.otsuPresetVoxels={otsu_preset(values, shape, threshold)}",
        f"{prefix}.voxelsWithinOneBinOfOtsu={near}",
    ]


def main():
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[3] / "shared" / "data"
    mr = np.asanyarray(nib.load(root / "dicom/series/mr-siemens-t1-sag-HFDL/dcm2niix/t1_fl2d_sag_HFDL.nii.gz").dataobj)
    ct = np.asarray(nib.load(root / "dicom/series/ct-abdomen-siemens-20sl/dcm2niix/ct_abdomen_20sl.nii.gz").dataobj)
    shape = mr.shape
    stored = mr.ravel(order="F")
    float_map = stored.astype(np.float32) * MAP_SCALE
    with_outliers = float_map.copy()
    for n, index in enumerate(outlier_indices(float_map.size)):
        with_outliers[index] = -OUTLIER if n % 2 == 0 else OUTLIER
    ct_float = ct.ravel(order="F").astype(np.float32)
    ct_low = np.percentile(ct_float.astype(np.float64), LOW_PERCENT)

    lines = ["# Made by tools/reference/classical_robust_reference.py with numpy " + np.__version__
             + ", scikit-image " + skimage.__version__ + ", scipy " + scipy.__version__
             + " and nibabel " + nib.__version__]
    lines += describe("floatMap", float_map, shape)
    lines.append(f"floatMap.plainOtsu={float(threshold_otsu(float_map.astype(np.float64)))!r}")
    lines += describe("floatMapWithOutliers", with_outliers, shape)
    lines += describe("storedMr", stored, shape)
    lines.append(f"ct.p0_5={ct_low!r}")
    out = Path(__file__).resolve().parents[2] / "annotation-inference/src/test/resources/reference/classical-robust.properties"
    out.write_text("\n".join(lines) + "\n")
    print(out.read_text())


if __name__ == "__main__":
    main()
