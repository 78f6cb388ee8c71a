#!/usr/bin/python3
"""Stack copies of a real CT series along its slice normal into one taller series.

The data set has no CT series of hundreds of slices, so memory and time of the pipeline on a
large volume are measured on a series made from a real one. The N copies keep every voxel and
attribute of the source slices. They get new SOP Instance UIDs, one Series and Study Instance
UID, Instance Numbers 1..N*slices, and Image Position (Patient) moved along the normal so that
the copies follow each other without gap or overlap.

Usage: /usr/bin/python3 tools/bench/make_tall_series.py SOURCE_FOLDER COPIES OUT_FOLDER
Needs Debian's python3-pydicom and python3-numpy.
"""
import copy as copying
import os
import sys
import uuid

import numpy as np
import pydicom


def uid(name):
    """Return a 2.25 UID derived from a name, the same on every run."""
    return "2.25." + str(uuid.uuid5(uuid.NAMESPACE_OID, name).int)


def main():
    source, copies, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    datasets = [pydicom.dcmread(os.path.join(source, name)) for name in sorted(os.listdir(source))]
    row = np.array(datasets[0].ImageOrientationPatient[:3], dtype=float)
    column = np.array(datasets[0].ImageOrientationPatient[3:], dtype=float)
    normal = np.cross(row, column)
    datasets.sort(key=lambda ds: float(np.dot(normal, np.array(ds.ImagePositionPatient, dtype=float))))
    positions = [np.dot(normal, np.array(ds.ImagePositionPatient, dtype=float)) for ds in datasets]
    spacing = (positions[-1] - positions[0]) / (len(positions) - 1)
    extent = spacing * len(datasets)

    os.makedirs(out, exist_ok=True)
    series_uid = uid("tall series " + source + " " + str(copies))
    study_uid = uid("tall study " + source + " " + str(copies))
    number = 0
    for copy in range(copies):
        for ds in datasets:
            number += 1
            ds = copying.deepcopy(ds)
            sop_uid = uid("tall instance %s %d" % (source, number))
            ds.SOPInstanceUID = sop_uid
            ds.file_meta.MediaStorageSOPInstanceUID = sop_uid
            if not ds.get("SOPClassUID"):
                ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID
            ds.SeriesInstanceUID = series_uid
            ds.StudyInstanceUID = study_uid
            ds.InstanceNumber = number
            position = np.array(ds.ImagePositionPatient, dtype=float) + normal * extent * copy
            ds.ImagePositionPatient = [float("%.6f" % value) for value in position]
            ds.save_as(os.path.join(out, "IM%05d.dcm" % number), write_like_original=False)
    print("wrote %d slices to %s" % (number, out))


if __name__ == "__main__":
    main()
