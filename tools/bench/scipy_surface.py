#!/usr/bin/python3
"""Time HD95 and normalized surface Dice (2 mm) with scipy on the same ball pair as
SurfaceMetricsBenchmark (JMH): 512x512x300 voxels of 0.8 x 0.8 x 1.5 mm, balls of radius 120 and
118 voxels (in index units) centred at (256, 256, 150) and (266, 250, 145), (x, y, z) order.

Surfaces are mask minus erosion by the 6-connected cross; distances come from
scipy.ndimage.distance_transform_edt(~surface, sampling=spacing), as MONAI computes them.
Prints the values and the wall time of one run.

    /usr/bin/python3 tools/bench/scipy_surface.py
"""
import time

import numpy as np
from scipy import ndimage

SPACING = (1.5, 0.8, 0.8)  # (z, y, x) in mm


def ball(shape, centre, radius):
    z, y, x = np.ogrid[0:shape[0], 0:shape[1], 0:shape[2]]
    cx, cy, cz = centre
    # Same rasterization as BenchmarkData.sphere: voxel inside when within the radius in index units.
    return (x - cx) ** 2 + (y - cy) ** 2 + (z - cz) ** 2 <= radius * radius


def surface(mask):
    cross = ndimage.generate_binary_structure(3, 1)
    return mask & ~ndimage.binary_erosion(mask, structure=cross, border_value=0)


def main():
    shape = (300, 512, 512)
    reference = ball(shape, (256, 256, 150), 120)
    prediction = ball(shape, (266, 250, 145), 118)
    start = time.perf_counter()
    surface_ref = surface(reference)
    surface_pred = surface(prediction)
    to_ref = ndimage.distance_transform_edt(~surface_ref, sampling=SPACING)
    to_pred = ndimage.distance_transform_edt(~surface_pred, sampling=SPACING)
    d_ref_pred = to_pred[surface_ref]
    d_pred_ref = to_ref[surface_pred]
    hd95 = max(np.percentile(d_ref_pred, 95), np.percentile(d_pred_ref, 95))
    nsd = ((d_ref_pred <= 2.0).sum() + (d_pred_ref <= 2.0).sum()) / (len(d_ref_pred) + len(d_pred_ref))
    elapsed = time.perf_counter() - start
    print(f"HD95 {hd95:.4f} mm, NSD {nsd:.6f}, surfaces {len(d_ref_pred)} / {len(d_pred_ref)}, "
          f"{elapsed:.1f} s (scipy {ndimage.__name__})")


if __name__ == "__main__":
    main()
