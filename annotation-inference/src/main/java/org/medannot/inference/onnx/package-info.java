/**
 * Semantic segmentation with ONNX models described by a {@link org.medannot.inference.onnx.ModelDescriptor}.
 *
 * <p>The module depends on the CPU build of ONNX Runtime ({@code com.microsoft.onnxruntime:onnxruntime}).
 * To run on NVIDIA GPUs, exclude it and add the GPU build of the same version, which contains the
 * same classes:
 * <pre>{@code
 * <dependency>
 *   <groupId>org.medannot</groupId>
 *   <artifactId>annotation-inference</artifactId>
 *   <exclusions>
 *     <exclusion>
 *       <groupId>com.microsoft.onnxruntime</groupId>
 *       <artifactId>onnxruntime</artifactId>
 *     </exclusion>
 *   </exclusions>
 * </dependency>
 * <dependency>
 *   <groupId>com.microsoft.onnxruntime</groupId>
 *   <artifactId>onnxruntime_gpu</artifactId>
 *   <version>1.29.0</version>
 * </dependency>
 * }</pre>
 * then select {@link org.medannot.inference.ExecutionProvider#CUDA} or
 * {@link org.medannot.inference.ExecutionProvider#TENSORRT} in the backend's builder.
 */
package org.medannot.inference.onnx;
