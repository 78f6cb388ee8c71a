#!/usr/bin/python3
"""Train the demonstration 2D U-Net for liver and spleen, export it to ONNX, and evaluate it.

Produces, in examples/models/:
  liver-spleen-unet2d.onnx       the network (input "image" [N,1,176,176] float32,
                                 output "logits" [N,3,176,176]: background, spleen, liver)
  liver-spleen-unet2d.json       the model descriptor read by OnnxSegmentationBackend
  liver-spleen-unet2d.card.md    the model card with the Dice measured on the held-out series

Command (from the repository root, CPU only, a few minutes on one thread):
  /usr/bin/python3 tools/models/train_liver_spleen_unet.py /path/to/the/test/data/set [OUTPUT_FOLDER]
(OUTPUT_FOLDER defaults to examples/models.)

Training data: the TotalSegmentator CT volumes under nifti/pairs/totalseg-ct-full and
nifti/pairs/totalseg-ct-small with their TotalSegmentator label maps (spleen = 1, liver = 5,
checked against the label table in each file's NIfTI header extension).
Evaluation: dicom/series/ct-abdomen-siemens-20sl (the dcm2niix volume and the label map in
labels/), a different patient, never seen in training.

The evaluation replays exactly the preprocessing that the Java backend applies for this
descriptor, with scipy.ndimage.map_coordinates as the resampler:
  1. axial slice in display orientation: columns run towards patient left, rows towards posterior;
  2. in-plane linear resampling to 3.0 mm; output size n = round(size * spacing / 3.0), output
     pixel p samples source position (p + 0.5) * size / n - 0.5, edges clamped;
  3. window [-200, 250] HU to [0, 1] (clip, then (v + 200) / 450);
  4. centred pad or crop to 176 x 176, start offset floor((176 - n) / 2), padding value 0;
  5. network, then logits cropped back to n x n, resampled linearly back onto the source grid
     (source pixel q samples (q + 0.5) * n / size - 0.5, edges clamped), argmax.
"""
import json
import re
import sys
import time
from pathlib import Path

import nibabel as nib
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from scipy.ndimage import map_coordinates

SEED = 20261204
TARGET_SPACING = 3.0
INPUT_SIZE = 176
WINDOW = (-200.0, 250.0)
LABELS = {1: "spleen", 5: "liver"}          # TotalSegmentator ids -> names
CLASSES = [0, 1, 5]                         # network channel -> TotalSegmentator id
EPOCHS = 24
# Cross-entropy class weights (background, spleen, liver): spleen covers 0.4% of the pixels.
CLASS_WEIGHTS = [0.5, 4.0, 1.0]

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "examples" / "models"
NAME = "liver-spleen-unet2d"


def label_table(image):
    """Return {id: name} from the Caret XML label table in the NIfTI header extension."""
    text = image.header.extensions[0].get_content().decode()
    return {int(k): v for k, v in re.findall(r'<Label Key="(\d+)"[^>]*>(?:<!\[CDATA\[)?([^<\]]+)', text)}


def display_slices(path):
    """Return (slices [k][row][col] in display orientation, in-plane spacing (col, row) in mm)."""
    image = nib.as_closest_canonical(nib.load(path))   # RAS: i -> right, j -> anterior
    data = np.asanyarray(image.dataobj).astype(np.float64)
    zooms = image.header.get_zooms()
    # Flip i (towards left) and j (towards posterior); rows = j, columns = i.
    display = data[::-1, ::-1, :].transpose(2, 1, 0)
    return np.ascontiguousarray(display), (float(zooms[0]), float(zooms[1]))


def resample_positions(size, new_size):
    return (np.arange(new_size) + 0.5) * size / new_size - 0.5


def resample(image, new_rows, new_cols, order=1):
    rows, cols = image.shape[-2:]
    rr = resample_positions(rows, new_rows)
    cc = resample_positions(cols, new_cols)
    grid = np.meshgrid(rr, cc, indexing="ij")
    if image.ndim == 2:
        return map_coordinates(image, grid, order=order, mode="nearest")
    return np.stack([map_coordinates(channel, grid, order=order, mode="nearest") for channel in image])


def pad_or_crop(image, size, value=0.0):
    """Centred pad or crop of the last two axes to size x size; returns (result, (row0, col0))."""
    rows, cols = image.shape[-2:]
    out = np.full(image.shape[:-2] + (size, size), value, dtype=image.dtype)
    r0 = (size - rows) // 2
    c0 = (size - cols) // 2
    src_r = slice(max(0, -r0), max(0, -r0) + min(rows, size))
    src_c = slice(max(0, -c0), max(0, -c0) + min(cols, size))
    dst_r = slice(max(0, r0), max(0, r0) + min(rows, size))
    dst_c = slice(max(0, c0), max(0, c0) + min(cols, size))
    out[..., dst_r, dst_c] = image[..., src_r, src_c]
    return out, (r0, c0)


def window(hu):
    low, high = WINDOW
    return ((np.clip(hu, low, high) - low) / (high - low)).astype(np.float32)


def resampled_size(size, spacing):
    # Half-up rounding, as Java's Math.round does.
    return max(1, int(np.floor(size * spacing / TARGET_SPACING + 0.5)))


def training_pairs(data_root):
    pairs = [
        ("nifti/pairs/totalseg-ct-full/example_ct.nii.gz", "nifti/pairs/totalseg-ct-full/example_seg_fast_force_split.nii.gz"),
        ("nifti/pairs/totalseg-ct-small/example_ct_sm.nii.gz", "nifti/pairs/totalseg-ct-small/example_seg.nii.gz"),
    ]
    images, targets = [], []
    for ct_path, seg_path in pairs:
        table = label_table(nib.load(data_root / seg_path))
        for label_id, name in LABELS.items():
            assert table[label_id] == name, f"{seg_path}: label {label_id} is {table[label_id]}, expected {name}"
        ct, spacing = display_slices(data_root / ct_path)
        seg, _ = display_slices(data_root / seg_path)
        for k in range(ct.shape[0]):
            rows = resampled_size(ct.shape[1], spacing[1])
            cols = resampled_size(ct.shape[2], spacing[0])
            image = window(resample(ct[k], rows, cols))
            target = np.zeros(seg[k].shape, np.int64)
            for channel, label_id in enumerate(CLASSES[1:], start=1):
                target[seg[k] == label_id] = channel
            target = resample(target.astype(np.float64), rows, cols, order=0).astype(np.int64)
            images.append(pad_or_crop(image, INPUT_SIZE)[0])
            targets.append(pad_or_crop(target, INPUT_SIZE)[0])
    return torch.from_numpy(np.stack(images)[:, None]), torch.from_numpy(np.stack(targets))


class UNet(nn.Module):
    """Three-level 2D U-Net with 8, 16, 32 and 64 channels."""

    def __init__(self, classes=3, width=8):
        super().__init__()

        def block(cin, cout):
            return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
                                 nn.Conv2d(cout, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))

        w = width
        self.enc1, self.enc2, self.enc3, self.bottom = block(1, w), block(w, 2 * w), block(2 * w, 4 * w), block(4 * w, 8 * w)
        self.up3, self.dec3 = nn.ConvTranspose2d(8 * w, 4 * w, 2, stride=2), block(8 * w, 4 * w)
        self.up2, self.dec2 = nn.ConvTranspose2d(4 * w, 2 * w, 2, stride=2), block(4 * w, 2 * w)
        self.up1, self.dec1 = nn.ConvTranspose2d(2 * w, w, 2, stride=2), block(2 * w, w)
        self.head = nn.Conv2d(w, classes, 1)

    def forward(self, x):
        e1 = self.enc1(x)
        e2 = self.enc2(F.max_pool2d(e1, 2))
        e3 = self.enc3(F.max_pool2d(e2, 2))
        b = self.bottom(F.max_pool2d(e3, 2))
        d3 = self.dec3(torch.cat([self.up3(b), e3], 1))
        d2 = self.dec2(torch.cat([self.up2(d3), e2], 1))
        d1 = self.dec1(torch.cat([self.up1(d2), e1], 1))
        return self.head(d1)


def augment(images, targets, generator):
    """Random scale (0.85..1.15), rotation (+-10 degrees), shift, intensity gain, offset and noise."""
    n = images.shape[0]
    scale = 0.85 + 0.3 * torch.rand(n, generator=generator)
    angle = (torch.rand(n, generator=generator) - 0.5) * (20 * np.pi / 180)
    shift = (torch.rand(n, 2, generator=generator) - 0.5) * 0.2
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0] = torch.cos(angle) / scale
    theta[:, 0, 1] = -torch.sin(angle) / scale
    theta[:, 1, 0] = torch.sin(angle) / scale
    theta[:, 1, 1] = torch.cos(angle) / scale
    theta[:, :, 2] = shift
    grid = F.affine_grid(theta, images.shape, align_corners=False)
    images = F.grid_sample(images, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    targets = F.grid_sample(targets[:, None].float(), grid, mode="nearest", padding_mode="zeros",
                            align_corners=False)[:, 0].long()
    gain = 1 + (torch.rand(n, 1, 1, 1, generator=generator) - 0.5) * 0.2
    # Offset of +-0.25, about +-110 HU: contrast-enhanced organs are brighter than the training CT.
    offset = (torch.rand(n, 1, 1, 1, generator=generator) - 0.5) * 0.5
    # Noise of up to 0.06 (27 HU): slices resampled from thin pixels without smoothing are noisier.
    noise = torch.randn(images.shape, generator=generator) * 0.06 * torch.rand(n, 1, 1, 1, generator=generator)
    inside = (images > 0).float()
    return images * gain + offset * inside + noise, targets


def dice_loss(logits, targets):
    probabilities = logits.softmax(1)
    one_hot = F.one_hot(targets, probabilities.shape[1]).permute(0, 3, 1, 2).float()
    intersection = (probabilities * one_hot).sum((0, 2, 3))
    total = probabilities.sum((0, 2, 3)) + one_hot.sum((0, 2, 3))
    return 1 - ((2 * intersection + 1) / (total + 1))[1:].mean()


def train(images, targets):
    torch.manual_seed(SEED)
    generator = torch.Generator().manual_seed(SEED)
    model = UNet()
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, EPOCHS)
    batch = 8
    weights = torch.tensor(CLASS_WEIGHTS)
    for epoch in range(EPOCHS):
        model.train()
        order = torch.randperm(images.shape[0], generator=generator)
        total = 0.0
        for start in range(0, len(order), batch):
            index = order[start:start + batch]
            x, y = augment(images[index], targets[index], generator)
            logits = model(x)
            loss = F.cross_entropy(logits, y, weight=weights) + dice_loss(logits, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(index)
        schedule.step()
        print(f"epoch {epoch + 1}/{EPOCHS} loss {total / images.shape[0]:.4f}", flush=True)
    return model.eval()


def evaluate(model, data_root):
    """Return ({name: Dice}, predicted label volume) on the held-out series."""
    series = data_root / "dicom/series/ct-abdomen-siemens-20sl"
    ct, spacing = display_slices(series / "dcm2niix/ct_abdomen_20sl.nii.gz")
    seg, _ = display_slices(series / "labels/example_seg_dicom.nii.gz")
    table = label_table(nib.load(series / "labels/example_seg_dicom.nii.gz"))
    for label_id, name in LABELS.items():
        assert table[label_id] == name
    predicted = np.zeros(seg.shape, np.int64)
    with torch.no_grad():
        for k in range(ct.shape[0]):
            rows, cols = ct.shape[1:]
            new_rows = resampled_size(rows, spacing[1])
            new_cols = resampled_size(cols, spacing[0])
            image, (r0, c0) = pad_or_crop(window(resample(ct[k], new_rows, new_cols)), INPUT_SIZE)
            logits = model(torch.from_numpy(image)[None, None])[0].numpy().astype(np.float64)
            # Back from the padded input to the resampled grid (only padding happens here).
            assert r0 >= 0
            assert c0 >= 0
            logits = logits[:, r0:r0 + new_rows, c0:c0 + new_cols]
            back = resample(logits, rows, cols)
            predicted[k] = np.asarray(CLASSES)[back.argmax(0)]
    dice = {}
    for label_id, name in LABELS.items():
        a = predicted == label_id
        b = seg == label_id
        dice[name] = float(2 * (a & b).sum() / (a.sum() + b.sum()))
    return dice


def export(model):
    OUT.mkdir(parents=True, exist_ok=True)
    dummy = torch.zeros(1, 1, INPUT_SIZE, INPUT_SIZE)
    torch.onnx.export(model, dummy, OUT / f"{NAME}.onnx", input_names=["image"], output_names=["logits"],
                      dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13,
                      do_constant_folding=True)
    import onnx
    onnx.checker.check_model(onnx.load(OUT / f"{NAME}.onnx"))
    descriptor = {
        "name": NAME,
        "version": "1",
        "layout": "2d",
        "input": {"name": "image", "channels": ["ct"]},
        "output": {"name": "logits", "kind": "logits"},
        "orientation": "display",
        "inputSize": [INPUT_SIZE, INPUT_SIZE],
        "targetSpacing": [TARGET_SPACING, TARGET_SPACING],
        "preprocessing": [{"op": "window", "min": WINDOW[0], "max": WINDOW[1]}],
        "labels": [{"channel": 1, "value": 1, "name": "spleen"}, {"channel": 2, "value": 5, "name": "liver"}],
    }
    (OUT / f"{NAME}.json").write_text(json.dumps(descriptor, indent=2) + "\n")


def write_card(dice, seconds, slices):
    card = f"""# Model card: {NAME}

A demonstration model for the SDK's ONNX backend and its tests. **Not for clinical use**: it was
trained on two CT volumes of what is probably one patient, in a few minutes on one CPU thread, and
its reference labels are themselves the output of another model.

## Model
- 2D U-Net (three poolings, 8 to 64 channels), {sum(p.numel() for p in UNet().parameters())} parameters,
  ONNX opset 13, input `image` [N, 1, {INPUT_SIZE}, {INPUT_SIZE}] float32, output `logits`
  [N, 3, {INPUT_SIZE}, {INPUT_SIZE}] (channel 0 background, 1 spleen, 2 liver).
- Preprocessing (in `{NAME}.json`): axial slices in display orientation (columns towards patient
  left, rows towards posterior), in-plane resampling to {TARGET_SPACING} mm, window
  [{WINDOW[0]:.0f}, {WINDOW[1]:.0f}] HU scaled to [0, 1], centred pad to {INPUT_SIZE} x {INPUT_SIZE}.
- Made by `tools/models/train_liver_spleen_unet.py` (seed {SEED}, {EPOCHS} epochs, Adam,
  class-weighted cross-entropy + Dice loss, random scale/rotation/shift/intensity augmentation), {seconds:.0f} s of
  training on one CPU thread with PyTorch {torch.__version__}.

## Training data
{slices} axial slices of two CT volumes from the TotalSegmentator repository's test references
(GitHub wasserth/TotalSegmentator at commit 0e65a448d557, `tests/reference_files/`), licence
Apache-2.0 (repository LICENSE; no separate data licence is stated for those files):
- `example_ct.nii.gz` with `example_seg_fast_force_split.nii.gz` (122 x 101 x 112, 3 mm);
- `example_ct_sm.nii.gz` with `example_seg.nii.gz` (122 x 101 x 30, 3 mm).

Label ids spleen = 1 and liver = 5 were checked against the label table in each label map's NIfTI
header extension.

## Evaluation
Held-out series: the 20-slice Siemens abdominal CT (512 x 512 x 20, 0.977 x 0.977 x 2 mm) from the
same repository (`tests/reference_files/example_ct_dicom/`, Apache-2.0), a different patient,
read from its dcm2niix conversion, against `example_seg_dicom.nii.gz`. Dice over the whole volume,
on the source grid:

| label | Dice |
| --- | --- |
"""
    for name in ("liver", "spleen"):
        card += f"| {name} | {dice[name]:.4f} |\n"
    card += """
The reference label maps, for training and evaluation, are TotalSegmentator outputs kept as
regression references, not manual ground truth: the Dice above measures agreement with another
model, on one series.
"""
    (OUT / f"{NAME}.card.md").write_text(card)


def main():
    torch.set_num_threads(1)
    global OUT
    data_root = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    OUT = Path(sys.argv[2]) if len(sys.argv) > 2 else OUT
    images, targets = training_pairs(data_root)
    print("training slices", images.shape, flush=True)
    start = time.time()
    model = train(images, targets)
    seconds = time.time() - start
    dice = evaluate(model, data_root)
    print("Dice", dice, flush=True)
    export(model)
    write_card(dice, seconds, images.shape[0])


if __name__ == "__main__":
    main()
