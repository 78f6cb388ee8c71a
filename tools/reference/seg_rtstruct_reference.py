#!/usr/bin/python3
"""Reference masks of DICOM SEG and RTSTRUCT files, computed with pydicom and numpy only.

Produces, under annotation-dicom/src/test/resources/org/medannot/dicom/seg/:

  reference/seg.tsv       one line per segment of each SEG case: case, segment number, voxel
                          count, centroid x, y, z (0-based voxel index space of the referenced
                          grid: x = column, y = row, z = slice in the grid's slice order).
  reference/seg-labels.tsv for the overlapping SEG: label value, voxel count of the label map in
                          which the highest segment number wins where segments overlap.
  reference/grids.tsv     the grid of each case: case, columns, rows, slices, spacing x y z,
                          origin x y z, nine direction cosines (LPS).
  reference/rtstruct.tsv  one line per ROI: case, ROI number, voxel count, centroid x, y, z.
  unaligned-5x3.dcm       a BINARY SEG made here on a 5 x 3 x 4 grid whose column direction is
                          [0, -1, 0] (slice normal [0, 0, -1]), with frames in shuffled order
                          and 15 pixels per frame, so frames 2 and later start inside a byte.
  unaligned-offslice.dcm  the same with frame 3 moved 1 mm off its slice plane.

SEG rule: each frame's Image Position (Patient) (Per-frame Plane Position Sequence) is
projected on the slice normal (cross product of the two Image Orientation (Patient) vectors)
and matched to the referenced slice with the same projection within 0.05 mm; the referenced
slices are the image files sorted by that projection. BINARY frames are unpacked from the
whole Pixel Data value with numpy.unpackbits (bitorder little) and split every rows x columns
bits, so packing across frames (PS3.5 section 8.1.1) is honoured. FRACTIONAL voxels are inside
when value / Maximum Fractional Value >= 0.5. This follows highdicom's approach, written here
with pydicom directly.

RTSTRUCT rule: each CLOSED_PLANAR contour on a slice plane (within 0.1 mm) is mapped to
continuous pixel indices (i along the row direction, j along the column direction, pixel
centres at integers) and filled with matplotlib.path.Path.contains_points on the pixel centres;
the contours of one ROI on one slice are combined with XOR (even-odd rule, holes subtracted).

Run from the repository root with the Debian packages python3-pydicom (2.3.1), python3-numpy
and python3-matplotlib:

    /usr/bin/python3 tools/reference/seg_rtstruct_reference.py ../shared/data
"""
import os
import sys

import numpy as np
import pydicom
from matplotlib.path import Path as MplPath
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian

OUT = "annotation-dicom/src/test/resources/org/medannot/dicom/seg"
SEG_TOLERANCE = 0.05
RT_TOLERANCE = 0.1


def directions(iop):
    row = np.array(iop[:3], dtype=float)
    col = np.array(iop[3:], dtype=float)
    row /= np.linalg.norm(row)
    col = col - row * np.dot(row, col)
    col /= np.linalg.norm(col)
    return row, col, np.cross(row, col)


def series_grid(files):
    """Sorts image files by position along the normal; returns the grid description."""
    images = [pydicom.dcmread(f, stop_before_pixels=True) for f in files]
    row, col, normal = directions([float(v) for v in images[0].ImageOrientationPatient])
    images.sort(key=lambda d: float(np.dot(np.array(d.ImagePositionPatient, dtype=float), normal)))
    positions = [np.array(d.ImagePositionPatient, dtype=float) for d in images]
    first = images[0]
    spacing_row, spacing_col = (float(v) for v in first.PixelSpacing)
    if len(positions) > 1:
        steps = np.diff([np.dot(p, normal) for p in positions])
        slice_spacing = float(np.median(steps))
    else:
        slice_spacing = float(getattr(first, "SliceThickness", 1) or 1)
    return {
        "columns": int(first.Columns), "rows": int(first.Rows), "slices": len(images),
        "spacing": [spacing_col, spacing_row, slice_spacing], "origin": positions[0],
        "direction": np.concatenate([row, col, normal]), "positions": positions,
    }


def seg_grid(seg):
    """Builds a regular grid from the frame positions of a SEG (for SEGs without their images)."""
    shared = seg.SharedFunctionalGroupsSequence[0]
    row, col, normal = directions([float(v) for v in shared.PlaneOrientationSequence[0].ImageOrientationPatient])
    positions = sorted({tuple(float(v) for v in f.PlanePositionSequence[0].ImagePositionPatient)
                        for f in seg.PerFrameFunctionalGroupsSequence}, key=lambda p: np.dot(p, normal))
    along = [np.dot(p, normal) for p in positions]
    step = float(np.median(np.diff(along)))
    count = int(round((along[-1] - along[0]) / step)) + 1
    origin = np.array(positions[0])
    spacing_row, spacing_col = (float(v) for v in shared.PixelMeasuresSequence[0].PixelSpacing)
    return {
        "columns": int(seg.Columns), "rows": int(seg.Rows), "slices": count,
        "spacing": [spacing_col, spacing_row, step], "origin": origin,
        "direction": np.concatenate([row, col, normal]),
        "positions": [origin + k * step * normal for k in range(count)],
    }


def seg_frames(seg):
    """Returns the frames of a SEG as an array (frames, rows, columns) of stored values."""
    frames = int(getattr(seg, "NumberOfFrames", 1))
    rows, columns = int(seg.Rows), int(seg.Columns)
    if int(seg.BitsAllocated) == 1:
        bits = np.unpackbits(np.frombuffer(seg.PixelData, dtype=np.uint8), bitorder="little")
        return bits[: frames * rows * columns].reshape(frames, rows, columns).astype(np.int64)
    return np.frombuffer(seg.PixelData, dtype=np.uint8)[: frames * rows * columns].reshape(frames, rows, columns).astype(np.int64)


def read_seg(path, grid):
    """Places every frame of a SEG on the grid by position; returns {segment number: bool array (z, y, x)}."""
    seg = pydicom.dcmread(path)
    frames = seg_frames(seg)
    normal = grid["direction"][6:9]
    along = np.array([np.dot(p, normal) for p in grid["positions"]])
    masks = {int(s.SegmentNumber): np.zeros((grid["slices"], grid["rows"], grid["columns"]), dtype=bool)
             for s in seg.SegmentSequence}
    maximum = float(getattr(seg, "MaximumFractionalValue", 1) or 1)
    for index, groups in enumerate(seg.PerFrameFunctionalGroupsSequence):
        position = np.array(groups.PlanePositionSequence[0].ImagePositionPatient, dtype=float)
        distances = np.abs(along - np.dot(position, normal))
        k = int(np.argmin(distances))
        if distances[k] > SEG_TOLERANCE:
            raise ValueError(f"{path}: frame {index + 1} matches no slice")
        number = int(groups.SegmentIdentificationSequence[0].ReferencedSegmentNumber)
        if seg.SegmentationType == "FRACTIONAL":
            masks[number][k] |= frames[index] / maximum >= 0.5
        else:
            masks[number][k] |= frames[index] != 0
    return masks


def centroid(mask):
    z, y, x = np.nonzero(mask)
    if len(x) == 0:
        return ["nan", "nan", "nan"]
    return [repr(float(np.mean(x))), repr(float(np.mean(y))), repr(float(np.mean(z)))]


def grid_line(case, grid):
    values = [grid["columns"], grid["rows"], grid["slices"], *grid["spacing"], *grid["origin"], *grid["direction"]]
    return "\t".join([case] + [repr(float(v)) if isinstance(v, (float, np.floating)) else str(v) for v in values])


def make_unaligned(path, off_slice):
    """Writes a small BINARY SEG whose frames do not start on byte boundaries."""
    rng = np.random.default_rng(20261204)
    columns, rows = 5, 3
    origin = np.array([10.0, 20.0, 30.0])
    normal = np.array([0.0, 0.0, -1.0])
    # (segment, slice) pairs; slice 2 has no frame, segment 2 overlaps segment 1 on slice 1.
    pairs = [(1, 0), (1, 1), (1, 3), (2, 1), (2, 3)]
    order = [3, 0, 4, 2, 1]
    pixels = [rng.integers(0, 2, size=(rows, columns)).astype(np.uint8) for _ in pairs]
    pixels[0][0, 0] = 1

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.66.4"
    meta.MediaStorageSOPInstanceUID = "2.25.183946103372612771402416437513358214611"
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Modality = "SEG"
    ds.FrameOfReferenceUID = "2.25.96203574123391757291883219357210986745"
    ds.SegmentationType = "BINARY"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows, ds.Columns = rows, columns
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 1, 1, 0, 0
    ds.NumberOfFrames = len(pairs)
    segments = []
    for number, label in [(1, "first"), (2, "second")]:
        item = Dataset()
        item.SegmentNumber = number
        item.SegmentLabel = label
        item.SegmentAlgorithmType = "MANUAL"
        category = Dataset()
        category.CodeValue, category.CodingSchemeDesignator, category.CodeMeaning = "85756007", "SCT", "Tissue"
        item.SegmentedPropertyCategoryCodeSequence = Sequence([category])
        kind = Dataset()
        kind.CodeValue, kind.CodingSchemeDesignator, kind.CodeMeaning = "85756007", "SCT", "Tissue"
        item.SegmentedPropertyTypeCodeSequence = Sequence([kind])
        segments.append(item)
    ds.SegmentSequence = Sequence(segments)
    shared = Dataset()
    orientation = Dataset()
    orientation.ImageOrientationPatient = [1, 0, 0, 0, -1, 0]
    measures = Dataset()
    measures.PixelSpacing = [0.8, 0.5]
    measures.SliceThickness = 2
    shared.PlaneOrientationSequence = Sequence([orientation])
    shared.PixelMeasuresSequence = Sequence([measures])
    ds.SharedFunctionalGroupsSequence = Sequence([shared])
    per_frame = []
    stacked = []
    for frame_number, n in enumerate(order):
        segment, k = pairs[n]
        groups = Dataset()
        plane = Dataset()
        position = origin + k * 2.0 * normal
        if off_slice and frame_number == 2:
            position = position + np.array([0.0, 0.0, 1.0])
        plane.ImagePositionPatient = [float(v) for v in position]
        groups.PlanePositionSequence = Sequence([plane])
        identification = Dataset()
        identification.ReferencedSegmentNumber = segment
        groups.SegmentIdentificationSequence = Sequence([identification])
        per_frame.append(groups)
        stacked.append(pixels[n])
    ds.PerFrameFunctionalGroupsSequence = Sequence(per_frame)
    flat = np.concatenate([p.ravel() for p in stacked])
    packed = np.packbits(flat, bitorder="little").tobytes()
    ds.PixelData = packed + (b"\0" if len(packed) % 2 else b"")
    ds["PixelData"].VR = "OB"
    ds.save_as(path, write_like_original=False)
    grid = {
        "columns": columns, "rows": rows, "slices": 4, "spacing": [0.5, 0.8, 2.0], "origin": origin,
        "direction": np.array([1.0, 0, 0, 0, -1, 0, 0, 0, -1]),
        "positions": [origin + k * 2.0 * normal for k in range(4)],
    }
    return grid


def rtstruct_masks(path, grid):
    """Rasterizes every ROI's CLOSED_PLANAR contours that lie on a slice plane of the grid."""
    rt = pydicom.dcmread(path)
    row, col, normal = grid["direction"][0:3], grid["direction"][3:6], grid["direction"][6:9]
    along = np.array([np.dot(p, normal) for p in grid["positions"]])
    jj, ii = np.mgrid[0:grid["rows"], 0:grid["columns"]]
    centres = np.column_stack([ii.ravel(), jj.ravel()]).astype(float)
    result = {}
    for roi_contours in rt.ROIContourSequence:
        number = int(roi_contours.ReferencedROINumber)
        mask = np.zeros((grid["slices"], grid["rows"], grid["columns"]), dtype=bool)
        for contour in getattr(roi_contours, "ContourSequence", []):
            if contour.ContourGeometricType != "CLOSED_PLANAR":
                continue
            points = np.array(contour.ContourData, dtype=float).reshape(-1, 3)
            distances = np.abs(along - np.dot(points[0], normal))
            k = int(np.argmin(distances))
            if distances[k] > RT_TOLERANCE:
                continue
            offsets = points - grid["positions"][k]
            i = offsets @ row / grid["spacing"][0]
            j = offsets @ col / grid["spacing"][1]
            inside = MplPath(np.column_stack([i, j])).contains_points(centres).reshape(grid["rows"], grid["columns"])
            mask[k] ^= inside
        result[number] = mask
    return result


def main(data):
    os.makedirs(os.path.join(OUT, "reference"), exist_ok=True)
    seg_lines, grid_lines, label_lines, rt_lines = [], [], [], []

    ct_series = os.path.join(data, "dicom/seg/highdicom-ct/ct-series")
    series = series_grid(sorted(os.path.join(ct_series, f) for f in os.listdir(ct_series)))
    single = series_grid([os.path.join(data, "dicom/seg/highdicom-ct/ct_image.dcm")])
    qin_path = os.path.join(data, "dicom/seg/qin-headneck-seg-without-images/seg.dcm")
    qin = seg_grid(pydicom.dcmread(qin_path))
    cases = [
        ("highdicom-ct/seg_image_ct_binary.dcm", series),
        ("highdicom-ct/seg_image_ct_binary_fractional.dcm", series),
        ("highdicom-ct/seg_image_ct_binary_overlap.dcm", series),
        ("highdicom-ct/seg_image_ct_binary_single_frame.dcm", single),
        ("qin-headneck-seg-without-images/seg.dcm", qin),
    ]
    unaligned = make_unaligned(os.path.join(OUT, "unaligned-5x3.dcm"), off_slice=False)
    make_unaligned(os.path.join(OUT, "unaligned-offslice.dcm"), off_slice=True)
    grid_lines.append(grid_line("highdicom-ct/ct-series", series))
    grid_lines.append(grid_line("highdicom-ct/ct_image.dcm", single))
    grid_lines.append(grid_line("qin-headneck-seg-without-images/seg.dcm", qin))
    grid_lines.append(grid_line("unaligned-5x3.dcm", unaligned))

    for case, grid in cases + [("unaligned-5x3.dcm", unaligned)]:
        path = os.path.join(OUT, case) if case.startswith("unaligned") else os.path.join(data, "dicom/seg", case)
        masks = read_seg(path, grid)
        for number in sorted(masks):
            seg_lines.append("\t".join([case, str(number), str(int(masks[number].sum()))] + centroid(masks[number])))
        if case.endswith("overlap.dcm") or case.startswith("unaligned"):
            labels = np.zeros(next(iter(masks.values())).shape, dtype=np.int64)
            for number in sorted(masks):
                labels[masks[number]] = number
            for value in sorted(set(np.unique(labels)) - {0}):
                label_lines.append(f"{case}\t{value}\t{int((labels == value).sum())}")

    breast = series_grid([os.path.join(data, "dicom/rtstruct/dicompyler-breast/ct.0.dcm")])
    grid_lines.append(grid_line("dicompyler-breast/ct.0.dcm", breast))
    for number, mask in sorted(rtstruct_masks(os.path.join(data, "dicom/rtstruct/dicompyler-breast/rtss.dcm"), breast).items()):
        rt_lines.append("\t".join(["dicompyler-breast/rtss.dcm", str(number), str(int(mask.sum()))] + centroid(mask)))

    header = "# made by tools/reference/seg_rtstruct_reference.py with pydicom " + pydicom.__version__ + " and numpy " + np.__version__
    for name, lines in [("seg.tsv", seg_lines), ("grids.tsv", grid_lines), ("seg-labels.tsv", label_lines), ("rtstruct.tsv", rt_lines)]:
        with open(os.path.join(OUT, "reference", name), "w") as out:
            out.write(header + "\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
