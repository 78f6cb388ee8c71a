#!/usr/bin/python3
"""Write an Explicit VR Little Endian copy of every DICOM file in a folder.

Decodes the Pixel Data with pydicom's handlers (gdcm for JPEG 2000) and stores it native, with
Transfer Syntax UID 1.2.840.10008.1.2.1. Every other attribute stays as it is. The benchmarks
read such a copy beside the compressed original, which separates the time spent decoding JPEG 2000
from the time spent parsing and copying.

Usage: /usr/bin/python3 tools/bench/make_uncompressed_copy.py SOURCE_FOLDER OUT_FOLDER
Needs Debian's python3-pydicom, python3-numpy and python3-gdcm.
"""
import os
import sys

import pydicom
from pydicom.uid import ExplicitVRLittleEndian


def main():
    source, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    count = 0
    for name in sorted(os.listdir(source)):
        ds = pydicom.dcmread(os.path.join(source, name))
        if ds.file_meta.TransferSyntaxUID.is_compressed:
            ds.decompress()
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.is_little_endian = True
        ds.is_implicit_VR = False
        # write_like_original keeps the File Meta Information as it is (apart from the Transfer
        # Syntax UID), also where the data set has empty SOP Class and SOP Instance UIDs.
        ds.save_as(os.path.join(out, name), write_like_original=True)
        count += 1
    print("wrote %d files to %s" % (count, out))


if __name__ == "__main__":
    main()
