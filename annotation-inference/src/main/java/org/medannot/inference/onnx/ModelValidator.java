package org.medannot.inference.onnx;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import org.medannot.core.spi.SegmentationException;

/**
 * Checks that a loaded model's input and output names, element types and shapes agree with its
 * descriptor. Dynamic dimensions (reported as -1) accept any size.
 */
final class ModelValidator {

    private static final Set<OnnxJavaType> INDEX_TYPES = EnumSet.of(OnnxJavaType.INT64, OnnxJavaType.INT32,
            OnnxJavaType.UINT8, OnnxJavaType.INT8);

    private final ModelDescriptor descriptor;
    private final Path model;

    private ModelValidator(ModelDescriptor descriptor, Path model) {
        this.descriptor = descriptor;
        this.model = model;
    }

    /**
     * Fixed sizes found in the model.
     *
     * @param batch          the fixed batch size of the input, or -1 when it is dynamic
     * @param outputChannels the fixed channel count of a float output, or -1 when it is dynamic or
     *                       the output contains label indices
     */
    record Shapes(long batch, long outputChannels) {
    }

    /**
     * Validates {@code session} against {@code descriptor}.
     *
     * @throws SegmentationException naming the input or output and the mismatch
     */
    static Shapes validate(ModelDescriptor descriptor, OrtSession session, Path model) throws SegmentationException {
        try {
            return new ModelValidator(descriptor, model).check(session.getInputInfo(), session.getOutputInfo());
        } catch (OrtException e) {
            throw new SegmentationException("ONNX Runtime could not describe the inputs of " + model + ": "
                    + e.getMessage(), e);
        }
    }

    private Shapes check(Map<String, NodeInfo> inputs, Map<String, NodeInfo> outputs) throws SegmentationException {
        int rank = descriptor.layout() == InputLayout.SLICES_2D ? 4 : 5;
        int[] size = descriptor.inputSize();

        NodeInfo input = inputs.get(descriptor.inputName());
        if (input == null) {
            throw mismatch("has no input named '" + descriptor.inputName() + "'; its inputs are " + inputs.keySet());
        }
        if (inputs.size() != 1) {
            throw mismatch("has " + inputs.size() + " inputs " + inputs.keySet() + ", but the backend feeds one ('"
                    + descriptor.inputName() + "')");
        }
        TensorInfo inputInfo = tensor(input, "input");
        if (inputInfo.type != OnnxJavaType.FLOAT) {
            throw mismatch("input '" + input.getName() + "' has element type " + inputInfo.type
                    + ", but the backend feeds FLOAT (float32)");
        }
        long[] inputShape = inputInfo.getShape();
        if (inputShape.length != rank) {
            throw mismatch("input '" + input.getName() + "' has shape " + Arrays.toString(inputShape) + " (rank "
                    + inputShape.length + "), but layout " + descriptor.layout() + " needs rank " + rank);
        }
        checkDimension(inputShape, 1, descriptor.channels().size(), "input '" + input.getName() + "'", "channels");
        for (int axis = 0; axis < size.length; axis++) {
            checkDimension(inputShape, 2 + axis, size[axis], "input '" + input.getName() + "'", "inputSize");
        }
        if (rank == 5 && inputShape[0] > 1) {
            throw mismatch("input '" + input.getName() + "' has a fixed batch of " + inputShape[0]
                    + " patches, but the sliding window feeds one patch at a time");
        }

        NodeInfo output = outputs.get(descriptor.outputName());
        if (output == null) {
            throw mismatch("has no output named '" + descriptor.outputName() + "'; its outputs are " + outputs.keySet());
        }
        TensorInfo outputInfo = tensor(output, "output");
        long[] outputShape = outputInfo.getShape();
        String outputLabel = "output '" + output.getName() + "'";
        if (descriptor.outputKind() == OutputKind.LABEL_INDICES) {
            if (!INDEX_TYPES.contains(outputInfo.type)) {
                throw mismatch(outputLabel + " has element type " + outputInfo.type + ", but output kind LABEL_INDICES "
                        + "needs INT64, INT32, INT8 or UINT8");
            }
            if (outputShape.length != rank && outputShape.length != rank - 1) {
                throw mismatch(outputLabel + " has shape " + Arrays.toString(outputShape) + ", but LABEL_INDICES needs "
                        + "rank " + (rank - 1) + " or " + rank);
            }
            if (outputShape.length == rank) {
                checkDimension(outputShape, 1, 1, outputLabel, "a single index channel");
            }
        } else {
            if (outputInfo.type != OnnxJavaType.FLOAT) {
                throw mismatch(outputLabel + " has element type " + outputInfo.type + ", but output kind "
                        + descriptor.outputKind() + " needs FLOAT (float32)");
            }
            if (outputShape.length != rank) {
                throw mismatch(outputLabel + " has shape " + Arrays.toString(outputShape) + ", but needs rank " + rank);
            }
            if (outputShape[1] > 0 && outputShape[1] < descriptor.minimumOutputChannels()) {
                throw mismatch(outputLabel + " has " + outputShape[1] + " channels, but the descriptor's labels use "
                        + "channel " + (descriptor.minimumOutputChannels() - 1));
            }
        }
        int spatialStart = outputShape.length - size.length;
        for (int axis = 0; axis < size.length; axis++) {
            checkDimension(outputShape, spatialStart + axis, size[axis], outputLabel, "inputSize");
        }
        long channels = descriptor.outputKind() == OutputKind.LABEL_INDICES ? -1 : outputShape[1];
        return new Shapes(inputShape[0], channels);
    }

    private TensorInfo tensor(NodeInfo node, String role) throws SegmentationException {
        if (!(node.getInfo() instanceof TensorInfo info)) {
            throw mismatch(role + " '" + node.getName() + "' is not a tensor but " + node.getInfo());
        }
        return info;
    }

    private void checkDimension(long[] shape, int axis, long expected, String what, String field)
            throws SegmentationException {
        if (shape[axis] > 0 && shape[axis] != expected) {
            throw mismatch(what + " has shape " + Arrays.toString(shape) + ": dimension " + axis + " is " + shape[axis]
                    + ", but the descriptor's " + field + " needs " + expected);
        }
    }

    private SegmentationException mismatch(String what) {
        return new SegmentationException("model " + model + " does not match its descriptor " + descriptor.source()
                + ": the model " + what);
    }
}
