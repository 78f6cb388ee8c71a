#!/usr/bin/python3
"""Time the VOI window and z-score of a 512x512x300 int16 volume with numpy, beside
IntensityBenchmark (JMH), on the same data.

Writes the volume to the given raw file (little-endian int16, x fastest), so the JMH run can
read it with -p dataFile=PATH, then prints the best and median time of each operation over
10 runs. The window follows DICOM PS3.3 C.11.2.1.2.1 (LINEAR) as numpy code would write it
with np.clip; the z-score uses the population standard deviation (ddof=0).

    /usr/bin/python3 tools/bench/numpy_intensity.py /tmp/ct-512x512x300.raw
"""
import statistics
import sys
import time

import numpy as np


def make_volume():
    rng = np.random.default_rng(7)
    z, y, x = np.ogrid[0:300, 0:512, 0:512]
    r = ((x - 256) / (0.45 * 512)) ** 2 + ((y - 256) / (0.35 * 512)) ** 2
    r = np.broadcast_to(r, (300, 512, 512))
    volume = np.where(r > 1, -1000 + rng.integers(0, 20, size=r.shape),
                      np.where(r > 0.85, 700 + rng.integers(0, 200, size=r.shape),
                               10 + rng.integers(0, 60, size=r.shape)))
    return volume.astype(np.int16)


def window(volume, center=40.0, width=400.0):
    x = volume.astype(np.float32)
    y = ((x - (center - 0.5)) / (width - 1) + 0.5)
    return np.clip(y, 0.0, 1.0)


def zscore(volume):
    x = volume.astype(np.float32)
    mean = x.mean(dtype=np.float64)
    std = x.std(dtype=np.float64)
    return ((x - mean) / std).astype(np.float32)


def timed(function, volume, runs=10):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function(volume)
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times)


def main(raw_path):
    volume = make_volume()
    volume.tofile(raw_path)
    print(f"numpy {np.__version__}, volume {volume.shape} int16 written to {raw_path}")
    for name, function in (("voiWindow", window), ("zScore", zscore)):
        best, median = timed(function, volume)
        print(f"{name}: best {best:.1f} ms, median {median:.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/ct-512x512x300.raw")
