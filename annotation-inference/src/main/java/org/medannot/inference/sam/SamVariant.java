package org.medannot.inference.sam;

/**
 * Image preprocessing of a SAM-style encoder. Both start from the slice mapped to [0, 255]
 * (the descriptor's window, else the slice's own minimum and maximum) and copied into three
 * channels.
 */
public enum SamVariant {

    /**
     * Segment Anything: resize so that the longest side is 1024 (the other side
     * {@code floor(side * 1024 / longest + 0.5)}), normalize with the ImageNet mean
     * (123.675, 116.28, 103.53) and standard deviation (58.395, 57.12, 57.375), pad with zeros at
     * the bottom and right to 1024 x 1024. Point coordinates scale by (new width / width,
     * new height / height); the decoder's {@code masks} output is used.
     */
    SAM,

    /**
     * MedSAM: resize to 1024 x 1024 ignoring the aspect ratio, then min-max normalize to [0, 1].
     * Point coordinates scale by (1024 / width, 1024 / height); the mask is the decoder's
     * {@code low_res_masks} resized to the slice.
     */
    MEDSAM
}
