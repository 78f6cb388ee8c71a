#!/usr/bin/python3
"""Reference values for the intensity operations of annotation-core (org.medannot.core.ops).

Produces annotation-core/src/test/resources/ops/intensity.npz (numpy.savez_compressed, one
array per name): the inputs (a CT crop of
the test data set's totalseg-ct-small example_ct_sm.nii.gz, and seeded synthetic arrays) and,
for each, the expected output of
  - the VOI window, LINEAR and LINEAR_EXACT, written from the formulas of DICOM PS3.3
    C.11.2.1.2.1 and C.11.2.1.3.2 in numpy float64, and cross-checked with pydicom's
    apply_windowing (output range 0..65535 for 16 bits stored, unsigned);
  - z-score with numpy mean and std (ddof=0), over the whole array and within a mask;
  - percentile clipping with numpy.percentile (method='linear', on float64) and numpy.clip;
  - min-max scaling with skimage.exposure.rescale_intensity(in_range='image');
  - Otsu's threshold with skimage.filters.threshold_otsu (float input as float64).
Arrays are stored in C order with shape (slices, rows, columns), which is the SDK's voxel
order (column index fastest).

Run from the repository root with the Debian packages python3-numpy, python3-nibabel,
python3-skimage, python3-pydicom:
    /usr/bin/python3 tools/reference/ops_intensity.py [DATA_DIR]
DATA_DIR defaults to ../shared/data relative to the repository root.
"""
import os
import sys

import nibabel
import numpy as np
import pydicom
import skimage
from pydicom.dataset import Dataset
from pydicom.pixel_data_handlers.util import apply_windowing
from skimage.exposure import rescale_intensity
from skimage.filters import threshold_otsu

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data")
OUT = os.path.join(ROOT, "annotation-core", "src", "test", "resources", "ops")


ARRAYS = {}


def save(name, array):
    ARRAYS[name] = np.ascontiguousarray(array)


def save_ct(name, array):
    # CT-sized results are stored as float32, the SDK's output type, to keep the archive small.
    save(name, array.astype(np.float32))


def window_linear(x, c, w, ymin, ymax):
    x = x.astype(np.float64)
    y = ((x - (c - 0.5)) / (w - 1) + 0.5) * (ymax - ymin) + ymin
    y = np.where(x <= c - 0.5 - (w - 1) / 2, ymin, y)
    return np.where(x > c - 0.5 + (w - 1) / 2, ymax, y)


def window_linear_exact(x, c, w, ymin, ymax):
    x = x.astype(np.float64)
    y = ((x - c) / w + 0.5) * (ymax - ymin) + ymin
    y = np.where(x <= c - w / 2, ymin, y)
    return np.where(x > c + w / 2, ymax, y)


def window_pydicom(x, c, w, function):
    """pydicom's VOI windowing; with 16 bits stored, unsigned and no rescale, y spans 0..65535."""
    ds = Dataset()
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsStored = 16
    ds.PixelRepresentation = 0
    ds.WindowCenter = c
    ds.WindowWidth = w
    ds.VOILUTFunction = function
    return apply_windowing(x.astype(np.float64), ds)


def zscore(x, mask=None):
    x = x.astype(np.float64)
    values = x if mask is None else x[mask]
    return (x - values.mean()) / values.std()


def percentile_clip(x, low, high, mask=None):
    x = x.astype(np.float64)
    values = x if mask is None else x[mask]
    lo, hi = np.percentile(values, [low, high])
    return np.clip(x, lo, hi)


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261204)

    # Real CT: slices 10..15 of example_ct_sm (nibabel axes x, y, z -> SDK order z, y, x).
    ct_image = nibabel.load(os.path.join(DATA, "nifti/pairs/totalseg-ct-small/example_ct_sm.nii.gz"))
    ct = np.asarray(ct_image.dataobj)[:, :, 10:16].transpose(2, 1, 0).astype(np.int16)
    save("ct", ct)
    body = ct > -500
    save("ct_body", body.astype(np.uint8))

    # Every integer from -2048 to 3071, so the window bounds are hit exactly.
    ramp = np.arange(-2048, 3072, dtype=np.int16).reshape(1, 1, -1)
    save("ramp", ramp)

    noise = rng.normal(100.0, 40.0, size=(3, 17, 23)).astype(np.float32)
    save("noise", noise)
    image8 = np.concatenate([rng.integers(10, 90, 600), rng.integers(140, 230, 424)]).astype(np.uint8)
    image8 = image8[rng.permutation(image8.size)].reshape(1, 32, 32)
    save("image8", image8)
    bimodal = np.concatenate([rng.normal(-3.0, 1.0, 700), rng.normal(4.0, 2.0, 500)]).astype(np.float32)
    bimodal = bimodal.reshape(1, 30, 40)
    save("bimodal", bimodal)

    windows = [
        # name, function, centre, width, ymin, ymax
        ("linear_40_400", window_linear, 40.0, 400.0, 0.0, 1.0),
        ("linear_m600_1500", window_linear, -600.0, 1500.0, 0.0, 255.0),
        ("linear_0_1", window_linear, 0.0, 1.0, 0.0, 1.0),
        ("exact_40_400", window_linear_exact, 40.0, 400.0, 0.0, 255.0),
        ("exact_50_0.5", window_linear_exact, 50.0, 0.5, -1.0, 1.0),
    ]
    with np.errstate(divide="ignore", invalid="ignore"):
        for name, function, c, w, ymin, ymax in windows:
            save("window_" + name + "_ramp", function(ramp, c, w, ymin, ymax))
    for function, formula in [("LINEAR", window_linear), ("LINEAR_EXACT", window_linear_exact)]:
        by_pydicom = window_pydicom(ramp, -600.0, 1500.0, function)
        assert np.allclose(by_pydicom, formula(ramp, -600.0, 1500.0, 0.0, 65535.0), rtol=1e-12, atol=1e-9)
        save("window_pydicom_" + function + "_m600_1500_ramp", by_pydicom)
    save_ct("window_linear_40_400_ct", window_linear(ct, 40.0, 400.0, 0.0, 1.0))
    save_ct("window_exact_40_400_ct", window_linear_exact(ct, 40.0, 400.0, 0.0, 255.0))

    save_ct("zscore_ct", zscore(ct))
    save_ct("zscore_ct_body", zscore(ct, body))
    save("zscore_noise", zscore(noise))
    save("zscore_image8", zscore(image8))

    save_ct("clip_ct_0.5_99.5", percentile_clip(ct, 0.5, 99.5))
    save_ct("clip_ct_body_0.5_99.5", percentile_clip(ct, 0.5, 99.5, body))
    save("clip_noise_5_95", percentile_clip(noise, 5, 95))
    save("clip_image8_1_99", percentile_clip(image8, 1, 99))
    percents = np.array([0, 0.5, 1, 25, 33.3, 50, 66.7, 99, 99.5, 100], dtype=np.float64)
    save("percents", percents)
    save("percentiles_ct", np.percentile(ct.astype(np.float64), percents))
    save("percentiles_ct_body", np.percentile(ct.astype(np.float64)[body], percents))
    save("percentiles_noise", np.percentile(noise.astype(np.float64), percents))

    save_ct("minmax_ct_0_1", rescale_intensity(ct.astype(np.float64), in_range="image", out_range=(0.0, 1.0)))
    save("minmax_noise_m1_1", rescale_intensity(noise.astype(np.float64), in_range="image", out_range=(-1.0, 1.0)))

    thresholds = np.array([
        threshold_otsu(ct),
        threshold_otsu(image8),
        threshold_otsu(bimodal.astype(np.float64)),
        threshold_otsu(noise.astype(np.float64), nbins=64),
    ], dtype=np.float64)
    save("otsu", thresholds)
    np.savez_compressed(os.path.join(OUT, "intensity.npz"), **ARRAYS)
    print("pydicom", pydicom.__version__, "skimage", skimage.__version__, "numpy", np.__version__, "otsu", thresholds)


if __name__ == "__main__":
    main()
