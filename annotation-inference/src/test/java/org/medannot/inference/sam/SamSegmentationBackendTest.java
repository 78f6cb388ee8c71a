package org.medannot.inference.sam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.Mask;
import org.medannot.core.spi.ProgressListener;
import org.medannot.core.spi.Prompt;
import org.medannot.core.spi.SegmentationException;
import org.medannot.core.spi.SegmentationRequest;
import org.medannot.core.spi.SegmentationResult;
import org.medannot.core.volume.FloatVolume;

/**
 * Runs the tiny SAM-interface pair made by tools/reference/make_tiny_sam.py. Its decoder marks a
 * disc of radius 64 input pixels around each positive point and the inside of the box, in the
 * 1024 x 1024 encoder frame, so the masks show where the prompts landed.
 */
class SamSegmentationBackendTest {

    private static final int WIDTH = 300;
    private static final int HEIGHT = 200;

    @TempDir
    Path folder;

    private Path encoder;
    private Path decoder;
    private FloatVolume volume;

    private static Path copy(String name, Path folder) throws IOException {
        Path target = folder.resolve(name);
        try (InputStream in = SamSegmentationBackendTest.class.getResourceAsStream("/models/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }

    @BeforeEach
    void setUp() throws IOException {
        encoder = copy("tiny-sam-encoder.onnx", folder);
        decoder = copy("tiny-sam-decoder.onnx", folder);
        copy("tiny-sam-encoder.json", folder);
        Random random = new Random(21);
        float[] values = new float[WIDTH * HEIGHT * 2];
        for (int n = 0; n < values.length; n++) {
            values[n] = -200 + 500 * random.nextFloat();
        }
        volume = new FloatVolume(Geometry.of(WIDTH, HEIGHT, 2, new double[] {0.8, 0.8, 3}, new double[3],
                Geometry.identityDirection()), values);
    }

    private static SegmentationRequest request(Prompt... prompts) {
        return new SegmentationRequest(List.of(prompts), null, ProgressListener.NONE);
    }

    @Test
    void samTransformMatchesHandComputation() {
        // SAM: longest side 300 -> 1024, so 200 -> floor(200 * 1024 / 300 + 0.5) = floor(683.17) = 683.
        SamTransform sam = new SamTransform(SamVariant.SAM, WIDTH, HEIGHT);
        assertThat(sam.resizedWidth()).isEqualTo(1024);
        assertThat(sam.resizedHeight()).isEqualTo(683);
        assertThat(sam.x(150)).isCloseTo(512.0, within(1e-9));
        assertThat(sam.y(100)).isCloseTo(341.5, within(1e-9));
        assertThat(sam.x(299)).isCloseTo(299 * 1024 / 300.0, within(1e-9));

        // MedSAM: both sides -> 1024.
        SamTransform medsam = new SamTransform(SamVariant.MEDSAM, WIDTH, HEIGHT);
        assertThat(medsam.x(150)).isCloseTo(512.0, within(1e-9));
        assertThat(medsam.y(100)).isCloseTo(512.0, within(1e-9));

        // Portrait image: the height is the longest side.
        SamTransform portrait = new SamTransform(SamVariant.SAM, 100, 512);
        assertThat(portrait.resizedHeight()).isEqualTo(1024);
        assertThat(portrait.resizedWidth()).isEqualTo(200);
    }

    @Test
    void samEncoderInputNormalizedAndPadded() {
        SamTransform sam = new SamTransform(SamVariant.SAM, 4, 2);
        float[] slice = new float[8];
        java.util.Arrays.fill(slice, 255f);
        float[] input = sam.encoderInput(slice);
        int plane = 1024 * 1024;
        // Inside the resized image (1024 x 512): (255 - mean) / std per channel.
        assertThat(input[0]).isCloseTo((255f - 123.675f) / 58.395f, within(1e-4f));
        assertThat(input[plane + 511 * 1024 + 1023]).isCloseTo((255f - 116.28f) / 57.12f, within(1e-4f));
        assertThat(input[2 * plane]).isCloseTo((255f - 103.53f) / 57.375f, within(1e-4f));
        // Padding below the image stays 0.
        assertThat(input[512 * 1024]).isZero();
    }

    @Test
    void positivePointMarksDiscAroundIt() throws Exception {
        try (SamSegmentationBackend backend = SamSegmentationBackend.builder(encoder, decoder).build()) {
            SegmentationResult result = backend.segment(volume, request(new Prompt.Point(150, 100, 1, true)));
            Mask mask = result.labels().mask(1);
            // Radius 64 in the encoder frame: 18.75 pixels across, 18.74 pixels down.
            assertThat(mask.get(150, 100, 1)).isTrue();
            assertThat(mask.get(165, 100, 1)).isTrue();
            assertThat(mask.get(174, 100, 1)).isFalse();
            assertThat(mask.get(150, 115, 1)).isTrue();
            assertThat(mask.get(150, 124, 1)).isFalse();
            assertThat(mask.slice(0).isEmpty()).isTrue();
            double[] centroid = mask.centroid();
            assertThat(centroid[0]).isCloseTo(150, within(1.0));
            assertThat(centroid[1]).isCloseTo(100, within(1.0));
            assertThat(result.segments().get(0).score()).isEqualTo(0.875, within(1e-6));
            assertThat(result.segments().get(0).category().name()).isEqualTo("object");
        }
    }

    @Test
    void boxAndNegativePointShapeMask() throws Exception {
        BoundingBox box = new BoundingBox(40, 30, 0, 120, 90, 1);
        try (SamSegmentationBackend backend = SamSegmentationBackend.builder(encoder, decoder).build()) {
            Mask mask = backend.segment(volume, request(new Prompt.Box(box), new Prompt.Point(110, 80, 0, false)))
                    .labels().mask(1);
            BoundingBox bounds = mask.boundingBox().orElseThrow();
            assertThat(bounds.minX()).isBetween(38, 42);
            assertThat(bounds.minY()).isBetween(28, 32);
            assertThat(bounds.maxX()).isBetween(118, 122);
            assertThat(bounds.maxY()).isBetween(88, 92);
            assertThat(mask.get(60, 50, 0)).isTrue();
            assertThat(mask.get(110, 80, 0)).isFalse();
        }
    }

    @Test
    void priorMaskIsRefined() throws Exception {
        Mask prior = new Mask(volume.geometry());
        for (int y = 120; y < 180; y++) {
            for (int x = 200; x < 260; x++) {
                prior.set(x, y, 0, true);
            }
        }
        try (SamSegmentationBackend backend = SamSegmentationBackend.builder(encoder, decoder).build()) {
            Mask mask = backend.segment(volume, new SegmentationRequest(List.of(new Prompt.Point(50, 50, 0, true)),
                    prior, ProgressListener.NONE)).labels().mask(1);
            assertThat(mask.get(50, 50, 0)).isTrue();
            assertThat(mask.get(230, 150, 0)).isTrue();
            assertThat(mask.get(280, 150, 0)).isFalse();
            assertThat(mask.get(150, 150, 0)).isFalse();
        }
    }

    @Test
    void embeddingsCachedPerSlice() throws Exception {
        try (SamSegmentationBackend backend = SamSegmentationBackend.builder(encoder, decoder).build()) {
            backend.segment(volume, request(new Prompt.Point(150, 100, 0, true)));
            backend.segment(volume, request(new Prompt.Point(60, 40, 0, true), new Prompt.Point(70, 40, 0, false)));
            assertThat(backend.encoderRuns()).isEqualTo(1);
            backend.segment(volume, request(new Prompt.Point(60, 40, 1, true)));
            assertThat(backend.encoderRuns()).isEqualTo(2);
            backend.clearCache();
            backend.segment(volume, request(new Prompt.Point(60, 40, 1, true)));
            assertThat(backend.encoderRuns()).isEqualTo(3);
        }
    }

    @Test
    void medsamVariantUsesFullFrame() throws Exception {
        Files.writeString(folder.resolve("tiny-sam-encoder.json"), """
                {"name": "tiny-medsam", "variant": "medsam", "label": {"value": 4, "name": "lesion"}}
                """);
        try (SamSegmentationBackend backend = SamSegmentationBackend.builder(encoder, decoder).build()) {
            SegmentationResult result = backend.segment(volume, request(new Prompt.Point(150, 100, 0, true)));
            Mask mask = result.labels().mask(4);
            // Radius 64 in the frame: 18.75 pixels across, 12.5 pixels down.
            assertThat(mask.get(165, 100, 0)).isTrue();
            assertThat(mask.get(150, 110, 0)).isTrue();
            assertThat(mask.get(150, 116, 0)).isFalse();
            assertThat(result.segments().get(0).category().name()).isEqualTo("lesion");
        }
    }

    @Test
    void promptOutsideImageRejected() throws Exception {
        try (SamSegmentationBackend backend = SamSegmentationBackend.builder(encoder, decoder).build()) {
            assertThatThrownBy(() -> backend.segment(volume, request(new Prompt.Point(300, 10, 0, true))))
                    .isInstanceOf(SegmentationException.class)
                    .hasMessageContaining("(300.0, 10.0) is outside the image of 300x200x2 voxels");
            assertThatThrownBy(() -> backend.segment(volume, request(new Prompt.Point(10, 10, 2, true))))
                    .isInstanceOf(SegmentationException.class)
                    .hasMessageContaining("slice 2");
            assertThatThrownBy(() -> backend.segment(volume,
                    request(new Prompt.Box(new BoundingBox(250, 10, 0, 310, 50, 1)))))
                    .isInstanceOf(SegmentationException.class)
                    .hasMessageContaining("outside the image");
            assertThatThrownBy(() -> backend.segment(volume, SegmentationRequest.automatic()))
                    .isInstanceOf(SegmentationException.class)
                    .hasMessageContaining("at least one point or box prompt");
        }
    }

    @Test
    void wrongDecoderNamed() throws Exception {
        Path notDecoder = copy("conv3d.onnx", folder);
        assertThatThrownBy(() -> SamSegmentationBackend.builder(encoder, notDecoder).build())
                .isInstanceOf(SegmentationException.class)
                .hasMessageContaining("lacks the inputs")
                .hasMessageContaining("point_coords");
    }

    @Test
    void wrongEncoderShapeNamed() throws Exception {
        Path notEncoder = copy("conv3d.onnx", folder);
        Files.writeString(folder.resolve("conv3d.json"), "{\"name\": \"x\", \"variant\": \"sam\"}");
        assertThatThrownBy(() -> SamSegmentationBackend.builder(notEncoder, decoder).build())
                .isInstanceOf(SegmentationException.class)
                .hasMessageContaining("input 'image' has shape [1, 1, -1, -1, -1]")
                .hasMessageContaining("expected [1, 3, 1024, 1024]");
    }

    @Test
    void invalidVariantNamed() throws Exception {
        Files.writeString(folder.resolve("tiny-sam-encoder.json"), "{\"name\": \"x\", \"variant\": \"sam2\"}");
        assertThatThrownBy(() -> SamSegmentationBackend.builder(encoder, decoder).build())
                .isInstanceOf(SegmentationException.class)
                .hasMessageContaining("'variant'")
                .hasMessageContaining("\"sam2\"");
    }
}
