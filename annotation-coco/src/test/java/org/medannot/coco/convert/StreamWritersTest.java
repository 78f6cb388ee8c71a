package org.medannot.coco.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.coco.cvat.CvatAnnotationWriter;
import org.medannot.coco.json.CocoValidator;
import org.medannot.coco.labelstudio.LabelStudioAnnotationWriter;
import org.medannot.coco.testing.LabelVolumes;
import org.medannot.core.annotation.Annotation;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.annotation.Category;
import org.medannot.core.annotation.Provenance;
import org.medannot.core.crypto.KeyFile;
import org.medannot.core.crypto.StreamingEncryption;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.output.OutputSink;
import org.medannot.core.spi.AnnotationWriter;
import org.medannot.core.spi.Scan;
import org.medannot.core.volume.UByteVolume;

/**
 * The COCO, Label Studio and CVAT writers through an encrypting output sink: the decrypted file
 * equals the file the path-based method writes for the same round.
 */
class StreamWritersTest {

    private static final Provenance MODEL = Provenance.model("test-model", "1", Instant.parse("2026-01-01T00:00:00Z"),
            "scan-1");

    @TempDir
    Path folder;

    /** Reads the first real label map; inside a test, so that a missing data set skips it. */
    private static LabelMap labels() {
        return LabelVolumes.read(LabelVolumes.labelFiles().get(0));
    }

    private static AnnotationSet roundOfRealLabels(LabelMap labels) {
        List<Annotation> annotations = new ArrayList<>();
        for (int label : labels.labels()) {
            if (label != 0) {
                annotations.add(new Annotation("label-" + label, new Category(label, "label " + label), labels.mask(label),
                        0.75, MODEL));
            }
        }
        return AnnotationSet.firstRound("scan-1", annotations);
    }

    @Test
    void encryptedOutputsDecryptToFileOutputs() throws IOException {
        LabelMap labels = labels();
        AnnotationSet round = roundOfRealLabels(labels);
        Scan scan = Scan.of("scan-1", UByteVolume.zeros(labels.geometry()));
        KeyFile keys = KeyFile.generate(folder.resolve("keys.txt"), "k1");
        OutputSink sink = OutputSink.encrypting(folder.resolve("encrypted"), keys);
        Files.createDirectories(folder.resolve("plain"));
        List<AnnotationWriter> writers = List.of(new CocoAnnotationWriter(), new LabelStudioAnnotationWriter(),
                new CvatAnnotationWriter());

        for (AnnotationWriter writer : writers) {
            Path plain = writer.write(round, scan, folder.resolve("plain")).get(0);
            List<Path> stored = writer.write(round, scan, sink);

            assertThat(stored).as(writer.format()).containsExactly(sink.location(plain.getFileName().toString()));
            byte[] decrypted;
            try (InputStream in = StreamingEncryption.decrypting(Files.newInputStream(stored.get(0)), keys, writer.format())) {
                decrypted = in.readAllBytes();
            }
            assertThat(decrypted).as(writer.format()).isEqualTo(Files.readAllBytes(plain));
        }
        assertThat(CocoValidator.validate(folder.resolve("plain").resolve("scan-1.round1.coco.json"))).isEmpty();
    }
}
