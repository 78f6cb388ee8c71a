/**
 * Promptable segmentation with encoder and decoder pairs that follow Segment Anything's ONNX
 * interface, with SAM or MedSAM preprocessing.
 */
package org.medannot.inference.sam;
