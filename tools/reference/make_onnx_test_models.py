#!/usr/bin/python3
"""Make the small ONNX models that the annotation-inference tests load.

Writes into annotation-inference/src/test/resources/models/:
  conv3d.onnx       input "image" [1,1,D,H,W] float32, output "logits" [1,3,D,H,W]: one 3x3x3
                    convolution (zero padding) with fixed random weights; D, H, W are dynamic.
  pointwise3d.onnx  input "image" [1,1,D,H,W], output "logits" [1,2,D,H,W]:
                    channel 0 = 0.5 - x, channel 1 = x - 0.5 (no spatial context), D, H, W dynamic.
  indices2d.onnx    input "image" [N,1,32,32], output "labels" [N,32,32] int64: 1 where x > 0.5,
                    else 0 (an ArgMax over two pointwise channels).

Command (from the repository root): /usr/bin/python3 tools/reference/make_onnx_test_models.py
Needs Debian's python3-torch and python3-onnx.
"""
from pathlib import Path

import onnx
import torch
import torch.nn as nn

OUT = Path(__file__).resolve().parents[2] / "annotation-inference" / "src" / "test" / "resources" / "models"


class Pointwise(nn.Module):
    def forward(self, x):
        return torch.cat([0.5 - x, x - 0.5], dim=1)


class Indices(nn.Module):
    def forward(self, x):
        return torch.cat([0.5 - x, x - 0.5], dim=1).argmax(dim=1)


def export(model, dummy, name, output, dynamic):
    path = OUT / name
    torch.onnx.export(model, dummy, path, input_names=["image"], output_names=[output], dynamic_axes=dynamic,
                      opset_version=13)
    onnx.checker.check_model(onnx.load(path))
    print("wrote", path, path.stat().st_size, "bytes")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(7)
    conv = nn.Conv3d(1, 3, 3, padding=1)
    with torch.no_grad():
        conv.weight.uniform_(-0.5, 0.5)
        conv.bias.uniform_(-0.1, 0.1)
    spatial = {2: "depth", 3: "height", 4: "width"}
    export(conv.eval(), torch.zeros(1, 1, 8, 8, 8), "conv3d.onnx", "logits", {"image": spatial, "logits": spatial})
    export(Pointwise(), torch.zeros(1, 1, 8, 8, 8), "pointwise3d.onnx", "logits",
           {"image": spatial, "logits": spatial})
    export(Indices(), torch.zeros(1, 1, 32, 32), "indices2d.onnx", "labels", {"image": {0: "batch"}, "labels": {0: "batch"}})


if __name__ == "__main__":
    main()
