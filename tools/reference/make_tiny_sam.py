#!/usr/bin/python3
"""Make a tiny encoder + decoder pair with Segment Anything's ONNX interface, for tests.

The names, element types and shapes are those of SAM's ONNX export: the ViT image encoder's
output and the mask decoder of segment_anything/utils/onnx.py. The weights are a few hand-set
numbers, so the masks follow from the prompts by simple rules that a test can check:

  encoder  input  "image"            float32 [1, 3, 1024, 1024]  (preprocessed, padded image)
           output "image_embeddings" float32 [1, 256, 64, 64]     (16 x 16 average pooling, 1x1 conv)
  decoder  inputs "image_embeddings" [1, 256, 64, 64], "point_coords" [1, N, 2] (x, y in the
                  1024 input frame), "point_labels" [1, N] (1 positive, 0 negative, 2 and 3 box
                  corners, -1 padding), "mask_input" [1, 1, 256, 256], "has_mask_input" [1],
                  "orig_im_size" [2] = (height, width), all float32
           outputs "masks" [1, 2, H, W], "iou_predictions" [1, 2], "low_res_masks" [1, 2, 256, 256]

Low-resolution mask 0 (logits, 256 x 256 cells of 4 x 4 input pixels, cell centre at 4 * i + 2):
  +10 inside a disc of radius 64 input pixels around a positive point, inside the box, or
  where mask_input > 0 when has_mask_input is 1; -10 elsewhere; 20 less inside a disc around a
  negative point. Mask 1 is -10 everywhere. iou_predictions = [0.875, 0.25].
"masks" follows SAM's postprocessing: bilinear upsampling to 1024 x 1024, crop to the resized
image (longest side 1024, other side floor(side * 1024 / longest + 0.5)), bilinear resize to
orig_im_size.

Command (from the repository root): /usr/bin/python3 tools/reference/make_tiny_sam.py
"""
import json
from pathlib import Path

import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = Path(__file__).resolve().parents[2] / "annotation-inference" / "src" / "test" / "resources" / "models"
RADIUS = 64.0


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.project = nn.Conv2d(3, 256, 1)
        with torch.no_grad():
            self.project.weight.fill_(1.0 / 3)
            self.project.bias.zero_()

    def forward(self, image):
        return self.project(F.avg_pool2d(image, 16))


class Decoder(nn.Module):
    def forward(self, image_embeddings, point_coords, point_labels, mask_input, has_mask_input, orig_im_size):
        centres = torch.arange(256, dtype=torch.float32) * 4 + 2
        gy = centres.view(1, 256, 1)
        gx = centres.view(1, 1, 256)
        px = point_coords[0, :, 0].view(-1, 1, 1)
        py = point_coords[0, :, 1].view(-1, 1, 1)
        labels = point_labels[0].view(-1, 1, 1)
        disc = (((gx - px) ** 2 + (gy - py) ** 2) < RADIUS ** 2).float()
        positive = ((labels == 1).float() * disc).amax(0)
        negative = ((labels == 0).float() * disc).amax(0)

        first = (point_labels[0] == 2).float()
        second = (point_labels[0] == 3).float()
        has_box = first.sum().clamp(max=1)
        x0 = (point_coords[0, :, 0] * first).sum() / first.sum().clamp(min=1)
        y0 = (point_coords[0, :, 1] * first).sum() / first.sum().clamp(min=1)
        x1 = (point_coords[0, :, 0] * second).sum() / second.sum().clamp(min=1)
        y1 = (point_coords[0, :, 1] * second).sum() / second.sum().clamp(min=1)
        box = ((gx >= x0) & (gx <= x1) & (gy >= y0) & (gy <= y1)).float()[0] * has_box

        # The embeddings enter with weight 0 so that the graph keeps the input.
        embedding = F.interpolate(image_embeddings.mean(1, keepdim=True), size=(256, 256), mode="nearest")[0, 0]
        inside = torch.maximum(positive, box)
        prior = (mask_input[0, 0] > 0).float() * has_mask_input
        low = 20 * torch.maximum(inside, prior) - 10 - 20 * negative + 0 * embedding
        low_res = torch.stack([low, torch.full_like(low, -10.0)])[None]

        size = orig_im_size.to(torch.int64)
        h, w = size[0], size[1]
        scale = 1024.0 / torch.maximum(orig_im_size[0], orig_im_size[1])
        new_h = torch.floor(orig_im_size[0] * scale + 0.5).to(torch.int64)
        new_w = torch.floor(orig_im_size[1] * scale + 0.5).to(torch.int64)
        masks = F.interpolate(low_res, size=(1024, 1024), mode="bilinear", align_corners=False)
        masks = masks[..., :new_h, :new_w]
        masks = F.interpolate(masks, size=(h, w), mode="bilinear", align_corners=False)
        iou = torch.tensor([[0.875, 0.25]]) + 0 * point_coords.sum()
        return masks, iou, low_res


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    encoder_path = OUT / "tiny-sam-encoder.onnx"
    torch.onnx.export(Encoder().eval(), torch.zeros(1, 3, 1024, 1024), encoder_path, input_names=["image"],
                      output_names=["image_embeddings"], opset_version=13)
    decoder_path = OUT / "tiny-sam-decoder.onnx"
    dummy = (torch.zeros(1, 256, 64, 64), torch.tensor([[[500.0, 400.0], [0.0, 0.0]]]), torch.tensor([[1.0, -1.0]]),
             torch.zeros(1, 1, 256, 256), torch.zeros(1), torch.tensor([600.0, 800.0]))
    torch.onnx.export(Decoder().eval(), dummy, decoder_path,
                      input_names=["image_embeddings", "point_coords", "point_labels", "mask_input",
                                   "has_mask_input", "orig_im_size"],
                      output_names=["masks", "iou_predictions", "low_res_masks"],
                      dynamic_axes={"point_coords": {1: "num_points"}, "point_labels": {1: "num_points"},
                                    "masks": {2: "height", 3: "width"}},
                      opset_version=13)
    for path in (encoder_path, decoder_path):
        onnx.checker.check_model(onnx.load(path))
        print("wrote", path, path.stat().st_size, "bytes")
    descriptor = {"name": "tiny-sam", "version": "1", "variant": "sam", "window": {"min": -200, "max": 300},
                  "label": {"value": 1, "name": "object"}}
    (OUT / "tiny-sam-encoder.json").write_text(json.dumps(descriptor, indent=2) + "\n")


if __name__ == "__main__":
    main()
