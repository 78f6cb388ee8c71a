/**
 * Segmentation backends: the classical default ({@link org.medannot.inference.classical}), ONNX
 * Runtime semantic segmentation ({@link org.medannot.inference.onnx}) and SAM-style promptable
 * segmentation ({@link org.medannot.inference.sam}). Every backend implements
 * {@link org.medannot.core.spi.SegmentationBackend}.
 */
package org.medannot.inference;
