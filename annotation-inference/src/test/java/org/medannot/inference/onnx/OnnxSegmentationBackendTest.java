package org.medannot.inference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.spi.ProgressListener;
import org.medannot.core.spi.SegmentationException;
import org.medannot.core.spi.SegmentationRequest;
import org.medannot.core.spi.SegmentationResult;
import org.medannot.core.testing.SharedData;
import org.medannot.core.volume.FloatVolume;
import org.medannot.core.volume.Volume;
import org.medannot.inference.ExecutionProvider;
import org.medannot.inference.testing.TestModels;
import org.medannot.inference.testing.TestNifti;

class OnnxSegmentationBackendTest {

    private static final String CONV3D = """
            {"name": "conv3d", "layout": "3d",
             "input": {"name": "image"}, "output": {"name": "logits", "kind": "logits"},
             "inputSize": [%d, %d, %d],
             "labels": [{"channel": 1, "value": 1, "name": "a"}, {"channel": 2, "value": 2, "name": "b"}]}
            """;

    private static final String POINTWISE3D = """
            {"name": "pointwise3d", "layout": "3d",
             "input": {"name": "image"}, "output": {"name": "logits", "kind": "logits"},
             "inputSize": [8, 8, 8], "slidingWindow": {"overlap": 0.5},
             "labels": [{"channel": 1, "value": 7, "name": "bright"}]}
            """;

    @TempDir
    Path folder;

    private static FloatVolume randomVolume(int columns, int rows, int slices, long seed) {
        Random random = new Random(seed);
        float[] values = new float[columns * rows * slices];
        for (int n = 0; n < values.length; n++) {
            values[n] = random.nextFloat();
        }
        return new FloatVolume(Geometry.of(columns, rows, slices, new double[] {1, 1, 1}, new double[3],
                Geometry.identityDirection()), values);
    }

    /** Runs {@code model} directly on the whole volume as one [1, 1, D, H, W] tensor. */
    private static float[] runDirect(Path model, float[] values, int columns, int rows, int slices) throws Exception {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession session = environment.createSession(model.toString(), new OrtSession.SessionOptions());
                OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(values),
                        new long[] {1, 1, slices, rows, columns});
                OrtSession.Result result = session.run(Map.of("image", tensor))) {
            FloatBuffer buffer = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] output = new float[buffer.remaining()];
            buffer.get(output);
            return output;
        }
    }

    @Test
    void slidingWindowEqualsFullRunWhenVolumeFits() throws Exception {
        Path model = TestModels.withDescriptor(folder, "conv3d.onnx", CONV3D.formatted(16, 16, 16));
        FloatVolume volume = randomVolume(10, 12, 9, 11);
        try (OnnxSegmentationBackend backend = OnnxSegmentationBackend.builder(model).build()) {
            OnnxSegmentationBackend.Prepared prepared = backend.prepare(volume);
            float[][] scores = backend.infer(prepared, ProgressListener.NONE);
            float[] direct = runDirect(model, volume.array().clone(), 10, 12, 9);

            int voxels = volume.geometry().voxelCount();
            assertThat(scores).hasNumberOfRows(3);
            for (int ch = 0; ch < 3; ch++) {
                for (int n = 0; n < voxels; n++) {
                    assertThat(scores[ch][n]).as("channel %d voxel %d", ch, n).isCloseTo(direct[ch * voxels + n],
                            within(1e-5f));
                }
            }
        }
    }

    @Test
    void slidingWindowBlendsPatchesToFullRun() throws Exception {
        Path model = TestModels.withDescriptor(folder, "pointwise3d.onnx", POINTWISE3D);
        FloatVolume volume = randomVolume(20, 18, 13, 12);
        List<long[]> progress = new ArrayList<>();
        try (OnnxSegmentationBackend backend = OnnxSegmentationBackend.builder(model).build()) {
            float[][] scores = backend.infer(backend.prepare(volume),
                    (stage, done, total) -> progress.add(new long[] {done, total}));
            float[] direct = runDirect(model, volume.array().clone(), 20, 18, 13);

            int voxels = volume.geometry().voxelCount();
            for (int ch = 0; ch < 2; ch++) {
                for (int n = 0; n < voxels; n++) {
                    assertThat(scores[ch][n]).as("channel %d voxel %d", ch, n).isCloseTo(direct[ch * voxels + n],
                            within(1e-5f));
                }
            }
        }
        // Steps of at most 4 voxels: 4 x 4 x 3 patch positions along x, y, z.
        assertThat(progress).hasSize(48);
        assertThat(progress.get(47)).containsExactly(48, 48);
    }

    @Test
    void slidingWindowLabelsBrightVoxels() throws Exception {
        Path model = TestModels.withDescriptor(folder, "pointwise3d.onnx", POINTWISE3D);
        FloatVolume volume = randomVolume(20, 18, 13, 13);
        try (OnnxSegmentationBackend backend = OnnxSegmentationBackend.builder(model).build()) {
            SegmentationResult result = backend.segment(volume, SegmentationRequest.automatic());
            LabelMap labels = result.labels();
            for (int n = 0; n < volume.geometry().voxelCount(); n++) {
                assertThat(labels.get(n)).as("voxel %d", n).isEqualTo(volume.array()[n] > 0.5f ? 7 : 0);
            }
            assertThat(result.segments()).hasSize(1);
            assertThat(result.segments().get(0).category().name()).isEqualTo("bright");
            assertThat(result.segments().get(0).score()).isBetween(0.5, 1.0);
        }
    }

    @Test
    void percentileClipThenZScore() throws Exception {
        Path model = TestModels.withDescriptor(folder, "pointwise3d.onnx", POINTWISE3D.replace("\"inputSize\"",
                "\"preprocessing\": [{\"op\": \"percentile_clip\", \"lower\": 10, \"upper\": 90}, "
                        + "{\"op\": \"zscore\"}], \"inputSize\""));
        float[] values = new float[100];
        for (int n = 0; n < values.length; n++) {
            values[n] = n;
        }
        FloatVolume volume = new FloatVolume(Geometry.of(5, 4, 5, new double[] {1, 1, 1}, new double[3],
                Geometry.identityDirection()), values);
        // numpy.percentile(range(100), [10, 90]) = [9.9, 89.1]; then mean and population std.
        double[] clipped = new double[100];
        double sum = 0;
        for (int n = 0; n < 100; n++) {
            clipped[n] = Math.min(89.1, Math.max(9.9, n));
            sum += clipped[n];
        }
        double mean = sum / 100;
        double squares = 0;
        for (double value : clipped) {
            squares += (value - mean) * (value - mean);
        }
        double std = Math.sqrt(squares / 100);
        try (OnnxSegmentationBackend backend = OnnxSegmentationBackend.builder(model).build()) {
            float[] prepared = backend.prepare(volume).values();
            for (int n = 0; n < 100; n++) {
                assertThat(prepared[n]).as("voxel %d", n).isCloseTo((float) ((clipped[n] - mean) / std), within(1e-5f));
            }
        }
    }

    @Test
    void resampledRampKeepsThreshold() throws Exception {
        // 2 mm target spacing on a 1 mm volume: linear resampling keeps a linear ramp, so the
        // labels after the round trip are those of the source ramp.
        Path model = TestModels.withDescriptor(folder, "pointwise3d.onnx", POINTWISE3D.replace("\"inputSize\"",
                "\"targetSpacing\": [2.0, 2.0, 2.0], \"inputSize\""));
        float[] values = new float[24 * 20 * 16];
        for (int n = 0; n < values.length; n++) {
            values[n] = ((n % 24) + 0.5f) / 24;
        }
        FloatVolume volume = new FloatVolume(Geometry.of(24, 20, 16, new double[] {1, 1, 1}, new double[3],
                Geometry.identityDirection()), values);
        try (OnnxSegmentationBackend backend = OnnxSegmentationBackend.builder(model).build()) {
            OnnxSegmentationBackend.Prepared prepared = backend.prepare(volume);
            assertThat(prepared.size()).containsExactly(12, 10, 8);
            LabelMap labels = backend.segment(volume, SegmentationRequest.automatic()).labels();
            assertThat(labels.geometry()).isEqualTo(volume.geometry());
            for (int n = 0; n < values.length; n++) {
                assertThat(labels.get(n)).as("voxel %d", n).isEqualTo(n % 24 >= 12 ? 7 : 0);
            }
        }
    }

    @Test
    void slidingWindowStartsCoverAxis() {
        assertThat(SlidingWindow.starts(8, 8, 0.5)).containsExactly(0);
        assertThat(SlidingWindow.starts(20, 8, 0.5)).containsExactly(0, 4, 8, 12);
        assertThat(SlidingWindow.starts(13, 8, 0.5)).containsExactly(0, 3, 5);
        assertThat(SlidingWindow.starts(9, 8, 0.0)).containsExactly(0, 1);
    }

    @Test
    void labelIndicesBecomeLabels() throws Exception {
        Path model = TestModels.withDescriptor(folder, "indices2d.onnx", """
                {"name": "indices2d", "layout": "2d",
                 "input": {"name": "image"}, "output": {"name": "labels", "kind": "label_indices"},
                 "inputSize": [32, 32], "labels": [{"channel": 1, "value": 3, "name": "bright"}]}
                """);
        FloatVolume volume = randomVolume(32, 32, 5, 14);
        List<Long> done = new ArrayList<>();
        try (OnnxSegmentationBackend backend = OnnxSegmentationBackend.builder(model).batchSize(2).build()) {
            SegmentationResult result = backend.segment(volume, SegmentationRequest.automatic()
                    .withListener((stage, finished, total) -> done.add(finished)));
            for (int n = 0; n < volume.geometry().voxelCount(); n++) {
                assertThat(result.labels().get(n)).as("voxel %d", n).isEqualTo(volume.array()[n] > 0.5f ? 3 : 0);
            }
            assertThat(result.segments().get(0).score()).isEqualTo(1.0);
        }
        assertThat(done).containsExactly(2L, 4L, 5L);
    }

    @Test
    void unetOutputEqualsDirectRun() throws Exception {
        // A synthetic CT-like volume, 1 mm in-plane, so that the backend resamples to 3 mm.
        int columns = 200;
        int rows = 180;
        int slices = 3;
        Random random = new Random(15);
        float[] values = new float[columns * rows * slices];
        for (int n = 0; n < values.length; n++) {
            int x = n % columns;
            int y = (n / columns) % rows;
            double r = Math.hypot(x - 100, y - 90);
            values[n] = (float) (r < 70 ? 60 + 40 * random.nextGaussian() : -1000);
        }
        FloatVolume volume = new FloatVolume(Geometry.of(columns, rows, slices, new double[] {1, 1, 2}, new double[3],
                Geometry.identityDirection()), values);

        try (OnnxSegmentationBackend backend = OnnxSegmentationBackend.builder(TestModels.UNET).batchSize(2).build();
                OrtSession direct = OrtEnvironment.getEnvironment().createSession(TestModels.UNET.toString(),
                        new OrtSession.SessionOptions())) {
            OnnxSegmentationBackend.Prepared prepared = backend.prepare(volume);
            assertThat(prepared.size()).containsExactly(67, 60, 3);
            float[][] scores = backend.infer(prepared, ProgressListener.NONE);

            int size = 176;
            int rowOffset = (size - 60) / 2;
            int columnOffset = (size - 67) / 2;
            int plane = 67 * 60;
            for (int k = 0; k < slices; k++) {
                float[] input = new float[size * size];
                for (int r = 0; r < 60; r++) {
                    System.arraycopy(prepared.values(), k * plane + r * 67, input, (r + rowOffset) * size + columnOffset,
                            67);
                }
                try (OnnxTensor tensor = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(),
                        FloatBuffer.wrap(input), new long[] {1, 1, size, size});
                        OrtSession.Result result = direct.run(Map.of("image", tensor))) {
                    FloatBuffer logits = ((OnnxTensor) result.get(0)).getFloatBuffer();
                    for (int ch = 0; ch < 3; ch++) {
                        for (int r = 0; r < 60; r++) {
                            for (int c = 0; c < 67; c++) {
                                float expected = logits.get(ch * size * size + (r + rowOffset) * size + c + columnOffset);
                                assertThat(scores[ch][k * plane + r * 67 + c]).as("slice %d channel %d (%d, %d)", k, ch,
                                        c, r).isCloseTo(expected, within(1e-4f));
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void overlappedSlicesEqualSerialSteps() throws Exception {
        Path series = SharedData.require("dicom/series/ct-abdomen-siemens-20sl");
        Volume ct = TestNifti.read(series.resolve("dcm2niix/ct_abdomen_20sl.nii.gz")).volume().slices(6, 11);
        // The same voxels turned in-plane (columns run towards -y), so that display orientation
        // transposes and flips. Batches of 2 do not divide the 5 slices.
        Geometry grid = ct.geometry();
        Volume turned = ct.withGeometry(Geometry.of(grid.columns(), grid.rows(), grid.slices(), grid.spacing(),
                grid.origin(), new double[] {0, -1, 0, 1, 0, 0, 0, 0, 1}));
        String descriptor = """
                {"name": "liver-spleen-unet2d", "layout": "2d", "orientation": "display",
                 "input": {"name": "image", "channels": ["ct"]}, "output": {"name": "logits", "kind": "logits"},
                 "inputSize": [176, 176], "targetSpacing": [3.0, 3.0], "preprocessing": [%s],
                 "labels": [{"channel": 1, "value": 1, "name": "spleen"}, {"channel": 2, "value": 5, "name": "liver"}]}
                """;
        // A window is prepared slice by slice beside inference, but a z-score over the volume is prepared whole first.
        Map<String, String> steps = Map.of("window", "{\"op\": \"window\", \"min\": -200, \"max\": 250}",
                "volume-zscore", "{\"op\": \"zscore\"}");
        for (Map.Entry<String, String> step : steps.entrySet()) {
            Path stepFolder = Files.createDirectories(folder.resolve(step.getKey()));
            Path model = TestModels.copyWithDescriptor(TestModels.UNET, stepFolder,
                    descriptor.formatted(step.getValue()));
            try (OnnxSegmentationBackend backend = OnnxSegmentationBackend.builder(model).batchSize(2).build()) {
                assertOverlappedEqualsSerial(backend, ct, step.getKey() + ", stored axes");
                assertOverlappedEqualsSerial(backend, turned, step.getKey() + ", turned axes");
            }
        }
    }

    @Test
    void scoreRingEqualsSerialSteps() throws Exception {
        Path series = SharedData.require("dicom/series/ct-abdomen-siemens-20sl");
        Volume ct = TestNifti.read(series.resolve("dcm2niix/ct_abdomen_20sl.nii.gz")).volume();
        // With batches of 1 and 2, the 20 slices are more than the ring of four batches holds, so
        // ring slots are reused while earlier slices are still being assembled.
        for (int batch : new int[] {1, 2}) {
            try (OnnxSegmentationBackend backend = OnnxSegmentationBackend.builder(TestModels.UNET).batchSize(batch).build()) {
                assertOverlappedEqualsSerial(backend, ct, "batches of " + batch);
            }
        }
    }

    private static void assertOverlappedEqualsSerial(OnnxSegmentationBackend backend, Volume volume, String name)
            throws SegmentationException {
        SegmentationResult overlapped = backend.segment(volume, SegmentationRequest.automatic());
        OnnxSegmentationBackend.Prepared prepared = backend.prepare(volume);
        SegmentationResult serial = backend.toResult(volume.geometry(), prepared,
                backend.infer(prepared, ProgressListener.NONE));

        assertThat(serial.labels().counts()).as("%s: labelled voxels", name).isNotEmpty();
        // Arrays.mismatch instead of containsExactly, whose difference report is slow on a million voxels.
        assertThat(Arrays.mismatch(overlapped.labels().array(), serial.labels().array()))
                .as("%s: first voxel whose label differs", name).isEqualTo(-1);
        for (int n = 0; n < serial.segments().size(); n++) {
            assertThat(overlapped.segments().get(n)).as("%s: segment %d", name, n).isEqualTo(serial.segments().get(n));
        }
    }

    @Test
    void descriptorInputNameMismatchNamed() throws Exception {
        Path model = TestModels.copyWithDescriptor(TestModels.UNET, folder, unetDescriptor("\"input\"", 1, "[176, 176]"));
        assertThatThrownBy(() -> OnnxSegmentationBackend.builder(model).build())
                .isInstanceOf(SegmentationException.class)
                .hasMessageContaining("no input named 'input'")
                .hasMessageContaining("[image]");
    }

    @Test
    void descriptorChannelMismatchNamed() throws Exception {
        Path model = TestModels.copyWithDescriptor(TestModels.UNET, folder, unetDescriptor("\"image\"", 3, "[176, 176]"));
        assertThatThrownBy(() -> OnnxSegmentationBackend.builder(model).build())
                .isInstanceOf(SegmentationException.class)
                .hasMessageContaining("input 'image'")
                .hasMessageContaining("channels needs 3");
    }

    @Test
    void descriptorInputSizeMismatchNamed() throws Exception {
        Path model = TestModels.copyWithDescriptor(TestModels.UNET, folder, unetDescriptor("\"image\"", 1, "[128, 128]"));
        assertThatThrownBy(() -> OnnxSegmentationBackend.builder(model).build())
                .isInstanceOf(SegmentationException.class)
                .hasMessageContaining("dimension 2 is 176")
                .hasMessageContaining("inputSize needs 128");
    }

    @Test
    void descriptorLabelChannelMissing() throws Exception {
        String descriptor = unetDescriptor("\"image\"", 1, "[176, 176]").replace("\"channel\": 2, \"value\": 5",
                "\"channel\": 3, \"value\": 5");
        Path model = TestModels.copyWithDescriptor(TestModels.UNET, folder, descriptor);
        assertThatThrownBy(() -> OnnxSegmentationBackend.builder(model).build())
                .isInstanceOf(SegmentationException.class)
                .hasMessageContaining("output 'logits' has 3 channels")
                .hasMessageContaining("use channel 3");
    }

    @Test
    void descriptorOutputKindMismatchNamed() throws Exception {
        Path model = TestModels.withDescriptor(folder, "indices2d.onnx", """
                {"name": "indices2d", "layout": "2d",
                 "input": {"name": "image"}, "output": {"name": "labels", "kind": "logits"},
                 "inputSize": [32, 32], "labels": [{"channel": 1, "value": 3, "name": "bright"}]}
                """);
        assertThatThrownBy(() -> OnnxSegmentationBackend.builder(model).build())
                .isInstanceOf(SegmentationException.class)
                .hasMessageContaining("output 'labels' has element type INT64")
                .hasMessageContaining("needs FLOAT");
    }

    @Test
    void descriptorLayoutMismatchNamed() throws Exception {
        Path model = TestModels.withDescriptor(folder, "conv3d.onnx", """
                {"name": "conv3d", "layout": "2d", "input": {"name": "image"},
                 "output": {"name": "logits", "kind": "logits"}, "inputSize": [8, 8],
                 "labels": [{"channel": 1, "value": 1, "name": "a"}]}
                """);
        assertThatThrownBy(() -> OnnxSegmentationBackend.builder(model).build())
                .isInstanceOf(SegmentationException.class)
                .hasMessageContaining("rank 5")
                .hasMessageContaining("needs rank 4");
    }

    @Test
    void corruptModelRejected() throws Exception {
        Path model = folder.resolve("broken.onnx");
        byte[] valid = Files.readAllBytes(TestModels.UNET);
        Files.write(model, java.util.Arrays.copyOf(valid, valid.length / 3));
        Files.writeString(folder.resolve("broken.json"), unetDescriptor("\"image\"", 1, "[176, 176]"));
        assertThatThrownBy(() -> OnnxSegmentationBackend.builder(model).build())
                .isInstanceOf(SegmentationException.class)
                .hasMessageContaining("could not load the model file")
                .hasMessageContaining("broken.onnx");
    }

    @Test
    void missingDescriptorRejected() throws Exception {
        Path model = folder.resolve("alone.onnx");
        Files.copy(TestModels.UNET, model);
        assertThatThrownBy(() -> OnnxSegmentationBackend.builder(model).build())
                .isInstanceOf(SegmentationException.class)
                .hasMessageContaining("alone.json was not found");
    }

    @Test
    void invalidDescriptorFieldsNamed() {
        assertThatThrownBy(() -> ModelDescriptor.parse("{\"name\": \"x\", \"layout\": \"4d\"}", "d.json"))
                .hasMessageContaining("d.json").hasMessageContaining("'layout'").hasMessageContaining("\"4d\"");
        assertThatThrownBy(() -> ModelDescriptor.parse("{not json", "d.json"))
                .hasMessageContaining("d.json is not valid JSON");
        assertThatThrownBy(() -> ModelDescriptor.parse(unetDescriptor("\"image\"", 1, "[176]"), "d.json"))
                .hasMessageContaining("'inputSize' must be 2 numbers");
        assertThatThrownBy(() -> ModelDescriptor.parse(unetDescriptor("\"image\"", 1, "[176, 176]")
                .replace("\"window\", \"min\": -200", "\"window\", \"min\": 300"), "d.json"))
                .hasMessageContaining("preprocessing step window is invalid");
    }

    @Test
    void committedDescriptorReads() throws Exception {
        ModelDescriptor descriptor = ModelDescriptor.read(ModelDescriptor.siblingOf(TestModels.UNET));
        assertThat(descriptor.layout()).isEqualTo(InputLayout.SLICES_2D);
        assertThat(descriptor.outputKind()).isEqualTo(OutputKind.LOGITS);
        assertThat(descriptor.inputSize()).containsExactly(176, 176);
        assertThat(descriptor.targetSpacing()).containsExactly(3.0, 3.0);
        assertThat(descriptor.displayOrientation()).isTrue();
        assertThat(descriptor.preprocessing()).containsExactly(new PreprocessingStep.Window(-200, 250));
        assertThat(descriptor.labels()).extracting(ModelDescriptor.Label::name).containsExactly("spleen", "liver");
    }

    @Test
    void unknownExecutionProviderRejected() {
        assertThatThrownBy(() -> ExecutionProvider.parse("npu"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown execution provider 'npu'")
                .hasMessageContaining("cpu, cuda, tensorrt");
        assertThat(ExecutionProvider.parse("CUDA")).isEqualTo(ExecutionProvider.CUDA);
    }

    @Test
    void unavailableGpuFallsBackToCpu() throws Exception {
        // The test class path contains the CPU build of ONNX Runtime, which has no CUDA provider.
        try (OnnxSegmentationBackend backend = OnnxSegmentationBackend.builder(TestModels.UNET)
                .executionProvider(ExecutionProvider.CUDA).intraOpThreads(1).interOpThreads(1).build()) {
            assertThat(backend.executionProvider()).isEqualTo(ExecutionProvider.CPU);
        }
    }

    private static String unetDescriptor(String inputName, int channels, String inputSize) {
        String channelList = String.join(", ", java.util.Collections.nCopies(channels, "\"ct\""));
        return """
                {"name": "unet", "layout": "2d", "input": {"name": %s, "channels": [%s]},
                 "output": {"name": "logits", "kind": "logits"}, "orientation": "display",
                 "inputSize": %s, "targetSpacing": [3.0, 3.0],
                 "preprocessing": [{"op": "window", "min": -200, "max": 250}],
                 "labels": [{"channel": 1, "value": 1, "name": "spleen"}, {"channel": 2, "value": 5, "name": "liver"}]}
                """.formatted(inputName, channelList, inputSize);
    }
}
