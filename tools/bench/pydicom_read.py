#!/usr/bin/python3
"""Time reading a DICOM series folder into one numpy volume with pydicom, beside
DicomSeriesReadBenchmark (JMH): read every file, sort by Image Position (Patient) projected on
the slice normal, decode the pixels (pydicom's handlers: numpy, gdcm for JPEG 2000), apply Rescale
Slope/Intercept, and stack. Prints slices per second (best and median of 5 runs).

    /usr/bin/python3 tools/bench/pydicom_read.py FOLDER
"""
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pydicom


def read_series(folder):
    datasets = [pydicom.dcmread(str(path)) for path in sorted(Path(folder).iterdir()) if path.is_file()]
    orientation = np.array(datasets[0].ImageOrientationPatient, dtype=float)
    normal = np.cross(orientation[:3], orientation[3:])
    datasets.sort(key=lambda ds: float(np.dot(normal, np.array(ds.ImagePositionPatient, dtype=float))))
    slices = []
    for ds in datasets:
        pixels = ds.pixel_array.astype(np.float32)
        slope = float(getattr(ds, "RescaleSlope", 1))
        intercept = float(getattr(ds, "RescaleIntercept", 0))
        slices.append(pixels * slope + intercept)
    return np.stack(slices)


def main(folder):
    times = []
    count = 0
    for _ in range(5):
        start = time.perf_counter()
        volume = read_series(folder)
        times.append(time.perf_counter() - start)
        count = volume.shape[0]
    print(f"pydicom {pydicom.__version__}: {count} slices, best {count / min(times):.1f} slices/s, "
          f"median {count / statistics.median(times):.1f} slices/s")


if __name__ == "__main__":
    main(sys.argv[1])
