package org.medannot.inference.onnx;

/** What a semantic segmentation model's output tensor holds. */
public enum OutputKind {

    /** Unnormalized scores per class channel, [N, K, ...] float; softmax gives probabilities. */
    LOGITS,

    /** Probabilities per class channel, [N, K, ...] float, summing to 1 over K. */
    PROBABILITIES,

    /** One class channel index per voxel, [N, ...] or [N, 1, ...], int64, int32 or uint8. */
    LABEL_INDICES
}
