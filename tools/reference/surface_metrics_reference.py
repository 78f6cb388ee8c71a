#!/usr/bin/python3
"""Reference values for the overlap and surface-distance metrics of annotation-metrics.

Produces, under annotation-metrics/src/test/resources/org/medannot/metrics/reference/:

* totalseg_small_reference.u8.gz, totalseg_small_prediction.u8.gz: the TotalSegmentator
  label maps example_seg.nii.gz and example_seg_fast.nii.gz of the test data set
  (nifti/pairs/totalseg-ct-small, 122x101x30, read with nibabel), one unsigned byte per voxel,
  column index fastest, then row, then slice, gzip-compressed.
* spheres_reference.u8.gz, spheres_prediction.u8.gz, spheres_concentric.u8.gz: generated balls
  (ball = voxel centres within a radius in mm) on an anisotropic grid.
* edt_features.u8.gz, edt_expected.f64.gz: random feature voxels on a small anisotropic grid
  and scipy's distance_transform_edt to them (float64, little-endian, same voxel order).
* surface_metrics_expected.json: per case and label the overlap counts and metrics, and the
  distance metrics computed with scipy 1.10 and numpy 1.24:
  surface = mask AND NOT binary_erosion(mask, cross structure, border_value=0)
  (3D: 6-connected cross; 2D: 4-connected cross), directed distances =
  distance_transform_edt(~other_surface, sampling=spacing)[surface], HD = max of both directed
  maxima, HD95 = max of both np.percentile(directed, 95) (default linear method),
  ASSD = mean of both directed sets concatenated, NSD = (number of directed distances <= t)
  / (number of surface voxels of both masks).

Command (from the repository root, with the Debian python3-scipy, python3-nibabel):
    /usr/bin/python3 tools/reference/surface_metrics_reference.py DATA

where DATA is the folder of the test data set.
"""
import gzip
import json
import os
import sys

import nibabel
import numpy as np
import scipy
from scipy import ndimage

OUT = "annotation-metrics/src/test/resources/org/medannot/metrics/reference"


def write_u8(name, array_xyz):
    """Write a [x, y, z] array as bytes with x fastest (Fortran order)."""
    data = np.asarray(array_xyz, dtype=np.uint8).tobytes(order="F")
    with gzip.GzipFile(os.path.join(OUT, name), "wb", mtime=0) as f:
        f.write(data)


def surface(mask):
    structure = ndimage.generate_binary_structure(mask.ndim, 1)
    return mask & ~ndimage.binary_erosion(mask, structure=structure, border_value=0)


def metrics(reference, prediction, spacing, tolerances):
    voxel_mm3 = float(np.prod(spacing))
    tp = int(np.sum(reference & prediction))
    fp = int(np.sum(~reference & prediction))
    fn = int(np.sum(reference & ~prediction))
    tn = int(np.sum(~reference & ~prediction))
    result = {
        "tp": tp, "fp": fp, "fn": fn, "tn": tn,
        "volume_ml_reference": (tp + fn) * voxel_mm3 / 1000.0,
        "volume_ml_prediction": (tp + fp) * voxel_mm3 / 1000.0,
    }
    if tp + fp + fn > 0:
        result["dice"] = 2 * tp / (2 * tp + fp + fn)
        result["iou"] = tp / (tp + fp + fn)
        result["volume_similarity"] = 1 - abs(fn - fp) / (2 * tp + fp + fn)
    if tp + fp > 0:
        result["precision"] = tp / (tp + fp)
    if tp + fn > 0:
        result["recall"] = tp / (tp + fn)
        result["relative_volume_difference"] = ((tp + fp) - (tp + fn)) / (tp + fn)
    if tn + fp > 0:
        result["specificity"] = tn / (tn + fp)
    result["absolute_volume_difference_ml"] = abs((tp + fp) - (tp + fn)) * voxel_mm3 / 1000.0
    if reference.any() and prediction.any():
        surface_ref = surface(reference)
        surface_pred = surface(prediction)
        to_ref = ndimage.distance_transform_edt(~surface_ref, sampling=spacing)[surface_pred]
        to_pred = ndimage.distance_transform_edt(~surface_pred, sampling=spacing)[surface_ref]
        both = np.concatenate([to_pred, to_ref])
        result["surface_voxels_reference"] = int(surface_ref.sum())
        result["surface_voxels_prediction"] = int(surface_pred.sum())
        result["hd_mm"] = float(max(to_pred.max(), to_ref.max()))
        result["hd95_mm"] = float(max(np.percentile(to_pred, 95), np.percentile(to_ref, 95)))
        result["assd_mm"] = float(both.mean())
        result["nsd"] = {repr(t): float(np.sum(both <= t) / both.size) for t in tolerances}
    return result


def label_cases(reference, prediction, spacing, tolerances):
    labels = sorted(set(np.unique(reference)) | set(np.unique(prediction)) - {0})
    return {str(int(label)): metrics(reference == label, prediction == label, spacing, tolerances)
            for label in labels if label != 0}


def ball(shape, spacing, centre_mm, radius_mm):
    axes = [np.arange(n) * s for n, s in zip(shape, spacing)]
    x, y, z = np.meshgrid(*axes, indexing="ij")
    return (x - centre_mm[0]) ** 2 + (y - centre_mm[1]) ** 2 + (z - centre_mm[2]) ** 2 <= radius_mm ** 2


def main(data_root):
    os.makedirs(OUT, exist_ok=True)
    tolerances = [1.0, 2.0, 5.0]
    cases = []

    pair = os.path.join(data_root, "nifti/pairs/totalseg-ct-small")
    reference = np.asanyarray(nibabel.load(os.path.join(pair, "example_seg.nii.gz")).dataobj)
    prediction = np.asanyarray(nibabel.load(os.path.join(pair, "example_seg_fast.nii.gz")).dataobj)
    write_u8("totalseg_small_reference.u8.gz", reference)
    write_u8("totalseg_small_prediction.u8.gz", prediction)
    for name, spacing in (("totalseg-small", (3.0, 3.0, 3.0)),
                          ("totalseg-small-anisotropic", (0.78, 0.91, 2.5))):
        cases.append({"name": name, "reference": "totalseg_small_reference.u8.gz",
                      "prediction": "totalseg_small_prediction.u8.gz",
                      "size": list(reference.shape), "spacing": list(spacing), "slice": None,
                      "labels": label_cases(reference, prediction, spacing, tolerances)})
    # One axial slice as a 2D image: the 4-connected cross defines its surface.
    slice_index = 15
    spacing_2d = (0.78, 0.91)
    cases.append({"name": "totalseg-small-slice15-2d", "reference": "totalseg_small_reference.u8.gz",
                  "prediction": "totalseg_small_prediction.u8.gz",
                  "size": list(reference.shape), "spacing": list(spacing_2d) + [1.0], "slice": slice_index,
                  "labels": label_cases(reference[:, :, slice_index], prediction[:, :, slice_index],
                                        spacing_2d, tolerances)})

    shape = (48, 40, 32)
    spacing = (0.9, 1.1, 2.0)
    sphere_reference = ball(shape, spacing, (21.3, 22.1, 30.4), 12.0)
    sphere_prediction = ball(shape, spacing, (22.8, 21.4, 32.6), 15.0)
    sphere_concentric = ball(shape, spacing, (21.3, 22.1, 30.4), 16.0)
    write_u8("spheres_reference.u8.gz", sphere_reference)
    write_u8("spheres_prediction.u8.gz", sphere_prediction)
    write_u8("spheres_concentric.u8.gz", sphere_concentric)
    cases.append({"name": "spheres-shifted", "reference": "spheres_reference.u8.gz",
                  "prediction": "spheres_prediction.u8.gz", "size": list(shape), "spacing": list(spacing),
                  "slice": None, "labels": {"1": metrics(sphere_reference, sphere_prediction, spacing, tolerances)}})
    cases.append({"name": "spheres-concentric", "reference": "spheres_reference.u8.gz",
                  "prediction": "spheres_concentric.u8.gz", "size": list(shape), "spacing": list(spacing),
                  "slice": None, "labels": {"1": metrics(sphere_reference, sphere_concentric, spacing, tolerances)}})

    rng = np.random.default_rng(20261204)
    edt_shape = (24, 20, 16)
    edt_spacing = (0.7, 1.3, 2.9)
    features = rng.random(edt_shape) < 0.004
    edt = ndimage.distance_transform_edt(~features, sampling=edt_spacing)
    write_u8("edt_features.u8.gz", features)
    with gzip.GzipFile(os.path.join(OUT, "edt_expected.f64.gz"), "wb", mtime=0) as f:
        f.write(edt.astype("<f8").tobytes(order="F"))

    expected = {
        "producer": "tools/reference/surface_metrics_reference.py",
        "scipy_version": scipy.__version__, "numpy_version": np.__version__,
        "nibabel_version": nibabel.__version__,
        "tolerances_mm": tolerances,
        "edt": {"features": "edt_features.u8.gz", "expected": "edt_expected.f64.gz",
                "size": list(edt_shape), "spacing": list(edt_spacing),
                "feature_count": int(features.sum())},
        "cases": cases,
    }
    with open(os.path.join(OUT, "surface_metrics_expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: %s DATA (the folder of the test data set)" % sys.argv[0])
    main(sys.argv[1])
