package org.medannot.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.annotation.Annotation;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.annotation.Category;
import org.medannot.core.annotation.ProducerKind;
import org.medannot.core.annotation.Provenance;
import org.medannot.core.annotation.RoundOrigin;
import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.geometry.Polygon;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.dicom.nifti.NiftiWriter;
import org.medannot.examples.review.RoundDirectory;

class ReviewAuditCryptoCommandsTest extends CommandTestSupport {

    private static final Geometry GRID = Geometry.of(12, 10, 3, new double[] {0.7, 0.7, 2.5},
            new double[] {-120.25, 33.1, 7.0}, Geometry.identityDirection());
    static final String KEY_LINE = "site-a 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n";

    @TempDir
    Path directory;

    private AnnotationSet round1;
    private Mask liver;

    @BeforeEach
    void writeFirstRound() throws IOException {
        Provenance model = Provenance.model("unet", "1.2", Instant.parse("2026-01-05T10:00:00Z"), "series-1");
        liver = BoundingBox.of2D(2, 2, 6, 5, 1).toMask(GRID);
        RoundOrigin origin = new RoundOrigin("unet", "1.2", "c".repeat(64), "", java.util.Map.of("a1", "box 2,2,8,7"));
        round1 = new AnnotationSet("scan-1", 1, java.util.OptionalInt.empty(), List.of(
                new Annotation("a1", new Category(1, "liver"), liver, 0.93, model),
                new Annotation("a2", new Category(2, "lesion"), new BoundingBox(1, 1, 0, 4, 4, 2), 0.6, model),
                new Annotation("a3", new Category(2, "lesion"), Polygon.of(1, 1, 6, 1, 6, 5), 0.4, model)),
                java.util.Optional.of(origin));
        RoundDirectory.write(round1, directory.resolve("round-1"));
    }

    @Test
    void roundDirectoryRoundTripsExactly() throws IOException {
        AnnotationSet read = RoundDirectory.read(directory.resolve("round-1"));

        assertThat(read.contentHash()).isEqualTo(round1.contentHash());
        assertThat(read.origin()).isEqualTo(round1.origin());
        assertThat(read.annotations().get(0).shape()).isEqualTo(liver);
        assertThat(directory.resolve("round-1/masks/mask-0001.nii.gz")).isRegularFile();
    }

    @Test
    void applyDiffAndVerifyAudit() throws IOException {
        Mask edited = liver.copy();
        edited.set(9, 9, 1, true);
        edited.set(2, 2, 1, false);
        LabelMap labels = LabelMap.of(GRID);
        labels.paint(edited, 1);
        new NiftiWriter().write(labels, directory.resolve("liver-edited.nii.gz"));
        Path edits = directory.resolve("edits.json");
        Files.writeString(edits, """
                {"time": "2026-01-06T09:30:00Z",
                 "actions": [
                   {"action": "edit", "id": "a1", "shape": {"type": "mask", "file": "liver-edited.nii.gz"},
                    "reason": "missed the \\"tip\\""},
                   {"action": "accept", "id": "a2"},
                   {"action": "reject", "id": "a3", "reason": "false positive"},
                   {"action": "add", "id": "n1", "category": {"id": 2, "name": "lesion"},
                    "shape": {"type": "box", "min": [8, 6, 2], "max": [10, 9, 3]}}
                 ]}
                """, StandardCharsets.UTF_8);
        Path key = directory.resolve("hmac.key");
        Files.writeString(key, KEY_LINE);
        Path log = directory.resolve("audit.jsonl");

        int applied = run("review", "apply", "--round", directory.resolve("round-1").toString(), "--edits", edits.toString(),
                "--reviewer", "dr-a", "--out", directory.resolve("round-2").toString(), "--audit-log", log.toString(),
                "--hmac-key-file", key.toString());

        assertThat(applied).as(err.toString()).isZero();
        AnnotationSet round2 = RoundDirectory.read(directory.resolve("round-2"));
        assertThat(round2.round()).isEqualTo(2);
        assertThat(round2.parentRound()).hasValue(1);
        assertThat(round2.annotations()).extracting(Annotation::id).containsExactly("a1", "a2", "n1");
        assertThat(round2.annotations().get(0).shape()).isEqualTo(edited);
        assertThat(round2.annotations().get(0).provenance().kind()).isEqualTo(ProducerKind.PERSON);
        assertThat(round2.annotations().get(0).provenance().time()).isEqualTo(Instant.parse("2026-01-06T09:30:00Z"));
        assertThat(out.toString()).contains("round 2 of scan scan-1").contains(round2.contentHash());

        out.getBuffer().setLength(0);
        int diffed = run("review", "diff", directory.resolve("round-1").toString(), directory.resolve("round-2").toString());

        assertThat(diffed).isZero();
        // a1: one voxel added and one removed; a3: 10 pixel centres inside the triangle; n1: 2 x 3 x 1 box.
        assertThat(out.toString()).contains("changed\ta1\t2 voxels\tshape", "removed\ta3\t10 voxels",
                "added\tn1\t6 voxels", "3 differences");

        out.getBuffer().setLength(0);
        assertThat(run("audit", "verify", log.toString(), "--hmac-key-file", key.toString())).isZero();
        assertThat(out.toString().strip()).isEqualTo("ok, 5 entries");

        String text = Files.readString(log, StandardCharsets.UTF_8);
        Files.writeString(log, text.replace("false positive", "false pasitive"), StandardCharsets.UTF_8);
        out.getBuffer().setLength(0);
        assertThat(run("audit", "verify", log.toString(), "--hmac-key-file", key.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("line 3:").contains("hash");
    }

    @Test
    void applyRejectsExistingOutput() throws IOException {
        Path edits = directory.resolve("edits.json");
        Files.writeString(edits, "{\"actions\": []}");

        int status = run("review", "apply", "--round", directory.resolve("round-1").toString(), "--edits", edits.toString(),
                "--reviewer", "dr-a", "--out", directory.resolve("round-1").toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("already exists");
    }

    @Test
    void applyLeavesForeignAuditLogAlone() throws IOException {
        Path edits = directory.resolve("edits.json");
        Files.writeString(edits, "{\"actions\": []}");
        Path notes = Files.writeString(directory.resolve("notes.txt"), "first line\nsecond line");
        byte[] before = Files.readAllBytes(notes);

        int status = run("review", "apply", "--round", directory.resolve("round-1").toString(), "--edits", edits.toString(),
                "--reviewer", "dr-a", "--out", directory.resolve("round-2").toString(), "--audit-log", notes.toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("is not a valid entry");
        assertThat(Files.readAllBytes(notes)).isEqualTo(before);
        assertThat(directory.resolve("round-2")).doesNotExist();
    }

    @Test
    void applyRejectsInputAsAuditLog() throws IOException {
        Path edits = directory.resolve("edits.json");
        Files.writeString(edits, "{\"actions\": []}");
        Path roundFile = directory.resolve("round-1").resolve("round.json");
        byte[] before = Files.readAllBytes(roundFile);

        int status = run("review", "apply", "--round", directory.resolve("round-1").toString(), "--edits", edits.toString(),
                "--reviewer", "dr-a", "--out", directory.resolve("round-2").toString(), "--audit-log", roundFile.toString());

        assertThat(status).isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("--audit-log " + roundFile + " is the same file as the input");
        assertThat(Files.readAllBytes(roundFile)).isEqualTo(before);
        assertThat(directory.resolve("round-2")).doesNotExist();
    }

    @Test
    void applyRejectsBoxOutsideGrid() throws IOException {
        Path edits = directory.resolve("edits.json");
        Files.writeString(edits, "{\"actions\": [{\"action\": \"add\", \"id\": \"n9\", \"category\": {\"id\": 2, "
                + "\"name\": \"lesion\"}, \"shape\": {\"type\": \"box\", \"min\": [0, 0, 0], \"max\": [9999, 5, 5]}}]}");

        int status = run("review", "apply", "--round", directory.resolve("round-1").toString(), "--edits", edits.toString(),
                "--reviewer", "dr-a", "--out", directory.resolve("round-2").toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("$.actions[0].shape").contains("expected a box within the round's grid of")
                .contains("max [9999, 5, 5]");
        assertThat(directory.resolve("round-2")).doesNotExist();
    }

    @Test
    void applyRejectsUnknownAnnotation() throws IOException {
        Path edits = directory.resolve("edits.json");
        Files.writeString(edits, "{\"actions\": [{\"action\": \"reject\", \"id\": \"zz\"}]}");

        int status = run("review", "apply", "--round", directory.resolve("round-1").toString(), "--edits", edits.toString(),
                "--reviewer", "dr-a", "--out", directory.resolve("round-2").toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("'zz'");
        assertThat(directory.resolve("round-2")).doesNotExist();
    }

    @Test
    void changedRoundFileRejected() throws IOException {
        Path roundFile = directory.resolve("round-1/round.json");
        Files.writeString(roundFile, Files.readString(roundFile).replace("0.93", "0.95"));

        int status = run("review", "diff", directory.resolve("round-1").toString(), directory.resolve("round-1").toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("contentHash").contains("changed after it was closed");
    }

    @Test
    void exportTrainingWritesNnunetLayout() throws IOException {
        Path image = directory.resolve("image.nii.gz");
        new NiftiWriter().write(org.medannot.core.volume.ShortVolume.zeros(GRID, false), image);
        Path dataset = directory.resolve("Dataset001_Review");

        int status = run("export-training", directory.resolve("round-1").toString(), "--image", image.toString(),
                "--format", "nnunet", "--out", dataset.toString());

        assertThat(status).as(err.toString()).isZero();
        assertThat(dataset.resolve("dataset.json")).isRegularFile();
        assertThat(dataset.resolve("imagesTr/scan-1-round1_0000.nii.gz")).isRegularFile();
        assertThat(dataset.resolve("labelsTr/scan-1-round1.nii.gz")).isRegularFile();
        assertThat(run("export-training", directory.resolve("round-1").toString(), "--image", image.toString(),
                "--format", "nifti", "--out", directory.resolve("other").toString())).isEqualTo(2);
    }

    @Test
    void encryptDecryptRoundTrip() throws IOException {
        Path key = directory.resolve("aes.key");
        Files.writeString(key, KEY_LINE);
        Path plain = directory.resolve("round-1/round.json");
        Path sealed = directory.resolve("round.json.maenc");
        Path back = directory.resolve("round.back.json");

        assertThat(run("encrypt", plain.toString(), "--key-file", key.toString(), "--out", sealed.toString()))
                .as(err.toString()).isZero();
        assertThat(run("decrypt", sealed.toString(), "--key-file", key.toString(), "--out", back.toString()))
                .as(err.toString()).isZero();

        assertThat(Files.readAllBytes(back)).isEqualTo(Files.readAllBytes(plain));
        assertThat(out.toString()).contains("key id 'site-a'");
    }

    @Test
    void decryptRejectsDamagedFile() throws IOException {
        Path key = directory.resolve("aes.key");
        Files.writeString(key, KEY_LINE);
        Path sealed = directory.resolve("round.json.maenc");
        Path back = directory.resolve("back.json");
        run("encrypt", directory.resolve("round-1/round.json").toString(), "--key-file", key.toString(), "--out",
                sealed.toString());
        byte[] bytes = Files.readAllBytes(sealed);
        bytes[bytes.length - 3] ^= 1;
        Files.write(sealed, bytes);

        int status = run("decrypt", sealed.toString(), "--key-file", key.toString(), "--out", back.toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("chunk 0, the last in the file, failed authentication");
        assertThat(back).doesNotExist();
    }
}
