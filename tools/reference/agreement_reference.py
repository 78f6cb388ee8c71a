#!/usr/bin/python3
"""Reference values for the agreement and bias-audit statistics of annotation-metrics.

Produces annotation-metrics/src/test/resources/org/medannot/metrics/reference/agreement_expected.json:

* "chi_square": contingency tables with scipy.stats.chi2_contingency (scipy 1.10) results,
  with and without Yates' correction: statistic, p-value, degrees of freedom, expected counts;
  and "chi_square_survival": scipy.stats.chi2.sf(x, dof) at chosen points, for the tails.
* "label_agreement": per-label voxel counts, Dice and IoU between the TotalSegmentator label maps
  example_seg.nii.gz and example_seg_fast.nii.gz (test data set, nifti/pairs/totalseg-ct-small),
  counted with numpy; the Java test reads the same maps from the test resources.
* "kappa": Cohen's kappa of generated rater labels, from the confusion matrix with numpy
  (kappa = (p_o - p_e) / (1 - p_e)).

Command (from the repository root):
    /usr/bin/python3 tools/reference/agreement_reference.py DATA

where DATA is the folder of the test data set.
"""
import json
import os
import sys

import nibabel
import numpy as np
import scipy
from scipy import stats

OUT = "annotation-metrics/src/test/resources/org/medannot/metrics/reference"


def chi_square_cases():
    tables = [
        [[12, 5], [7, 19]],
        [[30, 10], [28, 12]],
        [[3, 40], [1, 2]],
        [[10, 20, 30], [15, 25, 5]],
        [[5, 9], [14, 2], [8, 8], [0, 6]],
        [[120, 80, 45, 12], [95, 110, 60, 30], [40, 70, 90, 85]],
        [[1000, 10], [10, 1000]],
    ]
    cases = []
    for table in tables:
        for correction in (True, False):
            statistic, p, dof, expected = stats.chi2_contingency(np.array(table), correction=correction)
            cases.append({"observed": table, "yates": correction, "statistic": float(statistic),
                          "p_value": float(p), "dof": int(dof), "expected": expected.tolist()})
    return cases


def main(data_root):
    pair = os.path.join(data_root, "nifti/pairs/totalseg-ct-small")
    first = np.asanyarray(nibabel.load(os.path.join(pair, "example_seg.nii.gz")).dataobj)
    second = np.asanyarray(nibabel.load(os.path.join(pair, "example_seg_fast.nii.gz")).dataobj)
    agreement = {}
    for label in sorted((set(np.unique(first)) | set(np.unique(second))) - {0}):
        a = first == label
        b = second == label
        both = int(np.sum(a & b))
        agreement[str(int(label))] = {"first": int(a.sum()), "second": int(b.sum()), "both": both,
                                      "dice": 2 * both / (int(a.sum()) + int(b.sum())),
                                      "iou": both / int(np.sum(a | b))}

    rng = np.random.default_rng(7)
    kappa_cases = [{"first": ["yes"] * 20 + ["yes"] * 5 + ["no"] * 10 + ["no"] * 15,
                    "second": ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15}]
    for labels, n, agree in ((["normal", "nodule", "mass"], 60, 0.7), (["0", "1", "2", "3", "4"], 200, 0.5)):
        first_rater = rng.choice(labels, n).tolist()
        second_rater = [a if rng.random() < agree else str(rng.choice(labels)) for a in first_rater]
        kappa_cases.append({"first": first_rater, "second": second_rater})
    for case in kappa_cases:
        names = sorted(set(case["first"]) | set(case["second"]))
        matrix = np.zeros((len(names), len(names)))
        for a, b in zip(case["first"], case["second"]):
            matrix[names.index(a), names.index(b)] += 1
        total = matrix.sum()
        observed = np.trace(matrix) / total
        expected = float(np.sum(matrix.sum(axis=1) * matrix.sum(axis=0)) / total ** 2)
        case["observed_agreement"] = float(observed)
        case["expected_agreement"] = expected
        case["kappa"] = float((observed - expected) / (1 - expected))

    survival = [{"x": x, "dof": dof, "p_value": float(stats.chi2.sf(x, dof))}
                for x, dof in ((0.5, 1), (3.841458820694124, 1), (10.0, 3), (100.0, 4), (400.0, 2),
                               (30.0, 30), (1e-6, 5), (55.5, 40))]

    result = {"producer": "tools/reference/agreement_reference.py", "scipy_version": scipy.__version__,
              "numpy_version": np.__version__, "chi_square": chi_square_cases(),
              "chi_square_survival": survival, "label_agreement": agreement, "kappa": kappa_cases}
    with open(os.path.join(OUT, "agreement_expected.json"), "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: %s DATA (the folder of the test data set)" % sys.argv[0])
    main(sys.argv[1])
