#!/usr/bin/python3
"""Reference values for the examples module's training export tests, read with nibabel.

Reads the nnU-Net v2 raw dataset that TrainingExportTest writes to
examples/target/training-export-sample, so run that test first. Writes what nibabel finds to
examples/src/test/resources/reference/nnunet_export_nibabel.json: the shapes and affines
(img.affine, RAS) of the image and the label file, the count of each label value, the sum of the
image's values, and the "labels" member of dataset.json. It also checks the nnU-Net v2 rules that
the layout must follow: one image per case named CASE_0000.nii.gz, labels consecutive from 0.

Run from the repository root:
    ./mvnw -B -q -pl examples -am test -Dtest=TrainingExportTest -Dsurefire.failIfNoSpecifiedTests=false
    /usr/bin/python3 tools/reference/nnunet_export.py
Uses Debian's python3-nibabel and python3-numpy.
"""
import json
from pathlib import Path

import nibabel
import numpy

SAMPLE = Path("examples/target/training-export-sample")
OUT = Path("examples/src/test/resources/reference/nnunet_export_nibabel.json")


def main():
    dataset = json.loads((SAMPLE / "dataset.json").read_text())
    images = sorted((SAMPLE / "imagesTr").glob("*.nii.gz"))
    labels = sorted((SAMPLE / "labelsTr").glob("*.nii.gz"))
    assert len(images) == 1, images
    assert images[0].name.endswith("_0000.nii.gz"), images
    assert len(labels) == 1, labels
    assert labels[0].name == images[0].name.replace("_0000.nii.gz", ".nii.gz"), labels
    values = sorted(dataset["labels"].values())
    assert values == list(range(len(values))), "nnU-Net needs consecutive labels from 0: %s" % values
    assert dataset["numTraining"] == 1, dataset
    assert dataset["file_ending"] == ".nii.gz", dataset

    image = nibabel.load(str(images[0]))
    label = nibabel.load(str(labels[0]))
    label_data = numpy.asarray(label.dataobj)
    unique, counts = numpy.unique(label_data, return_counts=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({
        "image_shape": list(image.shape),
        "label_shape": list(label.shape),
        "image_affine": image.affine.tolist(),
        "label_affine": label.affine.tolist(),
        "label_counts": {str(int(u)): int(c) for u, c in zip(unique, counts)},
        "image_sum": int(numpy.asarray(image.dataobj).astype(numpy.int64).sum()),
        "dataset_labels": dataset["labels"],
    }, indent=2) + "\n")


if __name__ == "__main__":
    main()
