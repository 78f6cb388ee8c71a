package org.medannot.inference.onnx;

/** How a semantic segmentation model sees the volume. */
public enum InputLayout {

    /** Axial slices, input [N, C, H, W] with N slices per batch. */
    SLICES_2D,

    /** 3D patches, input [1, C, D, H, W], run as a sliding window over the volume. */
    PATCHES_3D
}
