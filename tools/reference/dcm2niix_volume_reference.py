#!/usr/bin/python3
"""Reference volumes for the series-to-volume tests of annotation-dicom, from dcm2niix output.

For each DICOM series folder of the test data set that has a 3D dcm2niix NIfTI beside it, loads
the NIfTI with nibabel, reorients it to the closest canonical orientation (RAS+, so that voxel
order no longer depends on how dcm2niix flipped rows) and writes one line to
annotation-dicom/src/test/resources/org/medannot/dicom/reference/volumes.tsv:

    series folder (with "@t" for time point t of a 4D file), NIfTI file, columns, rows, slices, the 16 numbers of the canonical affine
    (row-major, RAS mm), SHA-256 of the scaled voxel values as little-endian int64 with the
    first axis fastest, min, max, sum

The voxel values are nibabel's get_fdata() (scl_slope and scl_inter applied) and must be
integers; for the 4D files they are the stored values without scaling. Run from the repository root with Debian python3-nibabel (5.0.0) and python3-numpy:

    /usr/bin/python3 tools/reference/dcm2niix_volume_reference.py "$DATA"

DATA is the test data folder (the build passes it to the tests as medannot.shared.data).
"""
import hashlib
import os
import sys

import nibabel as nib
import numpy as np

# 4D dcm2niix volumes: series folder, NIfTI, number of time points. The reference holds the
# stored (unscaled) values of each time point, because dcm2niix may choose another scaling than
# Rescale Slope (Philips) while the stored integers stay the same.
TIME_SERIES = [
    ("dicom/series/mr-philips-epi-9sl-3vol/dicom", "dicom/series/mr-philips-epi-9sl-3vol/dcm2niix/EPI_asc_CLEAR_201.nii", 3),
    ("dicom/series/mr-siemens-xa10-enhanced/dicom", "dicom/series/mr-siemens-xa10-enhanced/dcm2niix/Siemens_REST1_w_SMS_PF7-8_6.nii", 4),
    ("dicom/series/mr-siemens-mosaic-orientation/ax_asc_35sl/dicom", "dicom/series/mr-siemens-mosaic-orientation/ax_asc_35sl/dcm2niix/ax_asc_35sl_6.nii", 2),
    ("dicom/series/mr-siemens-mosaic-orientation/cor_asc_35sl/dicom", "dicom/series/mr-siemens-mosaic-orientation/cor_asc_35sl/dcm2niix/cor_asc_35sl_16.nii", 2),
    ("dicom/series/mr-siemens-mosaic-orientation/sag_asc_35sl/dicom", "dicom/series/mr-siemens-mosaic-orientation/sag_asc_35sl/dcm2niix/sag_asc_35sl_22.nii", 2),
]
SERIES = [
    ("dicom/series/ct-abdomen-siemens-20sl/dicom", "dicom/series/ct-abdomen-siemens-20sl/dcm2niix/ct_abdomen_20sl.nii.gz"),
    ("dicom/series/ct-abdomen-siemens-20sl/dicom-uncompressed", "dicom/series/ct-abdomen-siemens-20sl/dcm2niix/ct_abdomen_20sl.nii.gz"),
    ("dicom/series/mr-siemens-t1-sag-HFDL/dicom", "dicom/series/mr-siemens-t1-sag-HFDL/dcm2niix/t1_fl2d_sag_HFDL.nii.gz"),
]
OUT = "annotation-dicom/src/test/resources/org/medannot/dicom/reference/volumes.tsv"


def main(root):
    rows = []
    for folder, nifti in SERIES:
        image = nib.as_closest_canonical(nib.load(os.path.join(root, nifti)))
        data = image.get_fdata()
        if data.ndim != 3 or not np.all(data == np.round(data)):
            raise SystemExit(f"{nifti}: expected a 3D volume of integers")
        values = np.round(data).astype("<i8")
        digest = hashlib.sha256(values.ravel(order="F").tobytes()).hexdigest()
        affine = " ".join(repr(float(v)) for v in image.affine.ravel())
        rows.append("\t".join(str(v) for v in (
            folder, nifti, *data.shape, affine, digest, int(values.min()), int(values.max()), int(values.sum()))))
    for folder, nifti, time_points in TIME_SERIES:
        image = nib.load(os.path.join(root, nifti))
        unscaled = np.asanyarray(image.dataobj.get_unscaled())
        orientation = nib.orientations.io_orientation(image.affine)
        affine = image.affine.dot(nib.orientations.inv_ornt_aff(orientation, image.shape[:3]))
        for t in range(time_points):
            values = nib.orientations.apply_orientation(unscaled[..., t], orientation).astype("<i8")
            digest = hashlib.sha256(values.ravel(order="F").tobytes()).hexdigest()
            affine_text = " ".join(repr(float(v)) for v in affine.ravel())
            rows.append("\t".join(str(v) for v in (
                f"{folder}@{t + 1}", nifti, *values.shape, affine_text, digest,
                int(values.min()), int(values.max()), int(values.sum()))))
    with open(OUT, "w", encoding="utf-8") as handle:
        handle.write(f"# nibabel {nib.__version__}: see tools/reference/dcm2niix_volume_reference.py\n")
        handle.write("series\tnifti\tcolumns\trows\tslices\taffine\tsha256_int64\tmin\tmax\tsum\n")
        handle.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
