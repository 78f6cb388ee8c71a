/**
 * Small, complete programs that embed the SDK, each a class with a {@code main} method and a
 * {@code run} method that tests call: de-identify a series ({@link org.medannot.examples.AnonymizeSeriesExample}),
 * segment with an ONNX model ({@link org.medannot.examples.SegmentWithOnnxExample}), export COCO and
 * DICOM SEG ({@link org.medannot.examples.ExportCocoAndSegExample}), evaluate against a reference
 * ({@link org.medannot.examples.EvaluateExample}) and run a review round with an audit log
 * ({@link org.medannot.examples.ReviewRoundExample}). The {@code annotate} command-line tool is in
 * {@code org.medannot.examples.cli}.
 */
package org.medannot.examples;
