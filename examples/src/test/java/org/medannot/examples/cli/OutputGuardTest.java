package org.medannot.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.testing.SharedData;

/**
 * Commands given an output that is one of their input files, or an output folder inside their
 * input folder, must exit with the bad-usage status and leave every input byte as it was. All
 * inputs are copies of real files in a temporary folder.
 */
class OutputGuardTest extends CommandTestSupport {

    private static final String SERIES = "dicom/series/mr-siemens-xa10-enhanced/dicom";
    private static final String NIFTI = "nifti/basic/anatomical.nii";
    private static final String LABELS = "dicom/series/ct-abdomen-siemens-20sl/labels/example_seg_dicom.nii.gz";
    private static final String CT_SLICE = "dicom/rtstruct/dicompyler-breast/ct.0.dcm";

    @TempDir
    Path temp;

    /** Copies every file of the shared-data folder {@code name} into {@code temp/target}. */
    private Path copyFolder(String name, String target) throws IOException {
        Path source = SharedData.require(name);
        Path copy = temp.resolve(target);
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }

    private Path copyFile(String name, String target) throws IOException {
        Path copy = temp.resolve(target);
        Files.createDirectories(copy.getParent());
        return Files.copy(SharedData.require(name), copy);
    }

    /** Returns every path under {@code root}, folders included, with the SHA-256 of each file. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                String bytes = Files.isRegularFile(path)
                        ? java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(Files.readAllBytes(path)))
                        : "folder";
                contents.put(root.relativize(path).toString(), bytes);
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        return contents;
    }

    private Path secretFile() throws IOException {
        return Files.writeString(temp.resolve("secret.txt"), "a project secret for the guard test\n");
    }

    @Test
    void convertRejectsSeriesFileAsOut() throws IOException {
        Path series = copyFolder(SERIES, "series");
        // A DICOM file whose name ends in .nii passes the name check, so only the same-file check stops it.
        Path slice = series.resolve("6_2.dcm");
        Path disguised = Files.move(slice, series.resolve("6_2.nii"));
        Map<String, String> before = snapshot(series);

        int status = run("convert", series.toString(), "--out", disguised.toString());

        assertThat(status).as(err.toString()).isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("--out " + disguised + " is the same file as the input " + disguised);
        assertThat(snapshot(series)).isEqualTo(before);
    }

    @Test
    void convertRejectsDicomFileAsOut() throws IOException {
        Path series = copyFolder(SERIES, "series");
        Path slice = series.resolve("6_1.dcm");
        Map<String, String> before = snapshot(series);

        assertThat(run("convert", series.toString(), "--out", slice.toString())).isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(run("convert", slice.toString(), "--out", slice.toString())).isEqualTo(AnnotateCommand.EXIT_USAGE);

        assertThat(err.toString()).contains("expected a file name ending in .nii or .nii.gz");
        assertThat(snapshot(series)).isEqualTo(before);
    }

    @Test
    void convertRejectsNiftiInputAsOut() throws IOException {
        Path nifti = copyFile(NIFTI, "in/anatomical.nii");
        Path link = Files.createSymbolicLink(temp.resolve("link.nii"), nifti);
        Map<String, String> before = snapshot(nifti.getParent());
        String[] spellings = {
                nifti.toString(),
                nifti.getParent().resolve("..").resolve("in").resolve("anatomical.nii").toString(),
                link.toString()};

        for (String spelling : spellings) {
            assertThat(run("convert", nifti.toString(), "--out", spelling)).as(spelling).isEqualTo(AnnotateCommand.EXIT_USAGE);
        }

        assertThat(err.toString()).contains("is the same file as the input " + nifti);
        assertThat(err.toString().lines().filter(line -> line.startsWith("annotate: "))).hasSize(spellings.length);
        assertThat(snapshot(nifti.getParent())).isEqualTo(before);
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void convertRejectsOtherOutExtensions() throws IOException {
        Path nifti = copyFile(NIFTI, "in/anatomical.nii");
        for (String name : new String[] {"x.img", "x.nii.zip", "x.NII", "x.gz", "nii"}) {
            Path target = temp.resolve(name);

            assertThat(run("convert", nifti.toString(), "--out", target.toString())).as(name).isEqualTo(AnnotateCommand.EXIT_USAGE);

            assertThat(target).as(name).doesNotExist();
        }
        assertThat(err.toString()).contains("--out " + temp.resolve("x.img") + ": expected a file name ending in .nii or .nii.gz");
    }

    @Test
    void convertWritesNewOutNextToInput() throws IOException {
        Path nifti = copyFile(NIFTI, "in/anatomical.nii");
        Path target = nifti.resolveSibling("anatomical-copy.nii.gz");

        assertThat(run("convert", nifti.toString(), "--out", target.toString())).as(err.toString()).isEqualTo(AnnotateCommand.EXIT_OK);

        assertThat(target).isRegularFile();
    }

    @Test
    void convertHelpNamesOutRules() {
        assertThat(run("convert", "--help")).isEqualTo(AnnotateCommand.EXIT_OK);

        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help).contains("named *.nii or *.nii.gz");
        assertThat(help).contains("must not be an input file");
        assertThat(help).contains("an --out that does not end in .nii or .nii.gz or that is an input file");
    }

    @Test
    void anonymizeRejectsOutInsideInput() throws IOException {
        Path in = copyFolder(SERIES, "in");
        Path secret = secretFile();
        Path link = Files.createSymbolicLink(temp.resolve("link"), in);
        Map<String, String> before = snapshot(in);
        String[] outputs = {in.toString(), in.resolve("anonymized").toString(), link.resolve("anonymized").toString()};

        for (String output : outputs) {
            int status = run("anonymize", in.toString(), "--out", output, "--secret-file", secret.toString());

            assertThat(status).as(output).isEqualTo(AnnotateCommand.EXIT_USAGE);
        }

        assertThat(err.toString()).contains("--out " + in + " is the input folder " + in);
        assertThat(err.toString()).contains("--out " + in.resolve("anonymized") + " lies inside the input folder " + in);
        assertThat(snapshot(in)).isEqualTo(before);
    }

    @Test
    void anonymizeRejectsInputFileAsOut() throws IOException {
        Path file = copyFile(CT_SLICE, "in/ct.0.dcm");
        byte[] before = Files.readAllBytes(file);

        int status = run("anonymize", file.toString(), "--out", file.toString(), "--secret-file", secretFile().toString());

        assertThat(status).isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("is the same file as the input " + file);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void anonymizeRejectsFileAsOutFolder() throws IOException {
        Path file = copyFile(CT_SLICE, "in/ct.0.dcm");
        Path existing = Files.writeString(temp.resolve("plain.txt"), "not a folder");

        int status = run("anonymize", file.toString(), "--out", existing.toString(), "--secret-file", secretFile().toString());

        assertThat(status).isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("--out " + existing + " is a file; expected a folder");
        assertThat(Files.readString(existing)).isEqualTo("not a folder");
    }

    @Test
    void anonymizeRejectsMapInsideInput() throws IOException {
        Path in = copyFolder(SERIES, "in");
        Path key = Files.writeString(temp.resolve("map.key"), "00".repeat(32));
        Map<String, String> before = snapshot(in);

        int status = run("anonymize", in.toString(), "--out", temp.resolve("out").toString(), "--secret-file",
                secretFile().toString(), "--keep-map", in.resolve("map.bin").toString(), "--map-key-file", key.toString());

        assertThat(status).isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("--keep-map " + in.resolve("map.bin") + " lies inside the input folder");
        assertThat(snapshot(in)).isEqualTo(before);
        assertThat(temp.resolve("out")).doesNotExist();
    }

    @Test
    void anonymizeHelpNamesOutRule() {
        assertThat(run("anonymize", "--help")).isEqualTo(AnnotateCommand.EXIT_OK);

        assertThat(out.toString().replaceAll("\\s+", " ")).contains("OUT_DIR must not be IN or lie inside IN");
    }

    @Test
    void segmentRejectsOutInsideInput() throws IOException {
        Path in = copyFolder(SERIES, "in");
        Map<String, String> before = snapshot(in);

        int status = run("segment", in.toString(), "--out", in.resolve("segmentation").toString());

        assertThat(status).isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("lies inside the input folder " + in);
        assertThat(snapshot(in)).isEqualTo(before);
    }

    @Test
    void segmentRejectsOutputNamedLikeInput() throws IOException {
        // Segmenting DIR/labels.nii.gz into DIR would write DIR/labels.nii.gz over the input.
        Path input = copyFile(LABELS, "work/labels.nii.gz");
        byte[] before = Files.readAllBytes(input);

        int status = run("segment", input.toString(), "--out", input.getParent().toString());

        assertThat(status).isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("--out " + input + " is the same file as the input " + input);
        assertThat(Files.readAllBytes(input)).isEqualTo(before);
        assertThat(input.resolveSibling("masks.json")).doesNotExist();
    }

    @Test
    void exportRejectsLabelMapAsOut() throws IOException {
        Path labels = copyFile(LABELS, "seg/labels.nii.gz");
        byte[] before = Files.readAllBytes(labels);

        assertThat(run("export", labels.toString(), "--format", "coco", "--out", labels.toString()))
                .isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(run("export", labels.getParent().toString(), "--format", "cvat", "--out", labels.toString()))
                .isEqualTo(AnnotateCommand.EXIT_USAGE);

        assertThat(err.toString()).contains("--out " + labels + " is the same file as the input " + labels);
        assertThat(Files.readAllBytes(labels)).isEqualTo(before);
    }

    @Test
    void exportRejectsImageFileAsOut() throws IOException {
        Path labels = copyFile(LABELS, "seg/labels.nii.gz");
        Path images = copyFile("dicom/series/ct-abdomen-siemens-20sl/dcm2niix/ct_abdomen_20sl.nii.gz", "images/ct.nii.gz");
        byte[] before = Files.readAllBytes(images);

        int status = run("export", labels.toString(), "--format", "coco", "--images", images.getParent().toString(), "--out",
                images.toString());

        assertThat(status).isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("--out " + images + " is the same file as the input " + images);
        assertThat(Files.readAllBytes(images)).isEqualTo(before);
    }

    @Test
    void pipelineRejectsOutInsideInputThroughLink() throws IOException {
        Path in = copyFolder(SERIES, "in");
        Path link = Files.createSymbolicLink(temp.resolve("link"), in);
        Map<String, String> before = snapshot(in);

        int status = run("pipeline", in.toString(), "--out", link.resolve("out").toString());

        assertThat(status).isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("lies inside the input folder " + in);
        assertThat(snapshot(in)).isEqualTo(before);
    }

    @Test
    void encryptAndDecryptRejectInputAsOut() throws IOException {
        Path key = Files.writeString(temp.resolve("key.txt"), ReviewAuditCryptoCommandsTest.KEY_LINE);
        Path plain = copyFile(NIFTI, "in/anatomical.nii");
        byte[] plainBefore = Files.readAllBytes(plain);
        Path sealed = temp.resolve("anatomical.nii.enc");
        assertThat(run("encrypt", plain.toString(), "--key-file", key.toString(), "--out", sealed.toString())).isZero();
        byte[] sealedBefore = Files.readAllBytes(sealed);
        byte[] keyBefore = Files.readAllBytes(key);

        assertThat(run("encrypt", plain.toString(), "--key-file", key.toString(), "--out", plain.toString()))
                .isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(run("encrypt", plain.toString(), "--key-file", key.toString(), "--out", key.toString()))
                .isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(run("decrypt", sealed.toString(), "--key-file", key.toString(), "--out", sealed.toString()))
                .isEqualTo(AnnotateCommand.EXIT_USAGE);

        assertThat(err.toString()).contains("--out " + plain + " is the same file as the input " + plain);
        assertThat(err.toString()).contains("--out " + key + " is the same file as the input " + key);
        assertThat(err.toString()).contains("--out " + sealed + " is the same file as the input " + sealed);
        assertThat(Files.readAllBytes(plain)).isEqualTo(plainBefore);
        assertThat(Files.readAllBytes(sealed)).isEqualTo(sealedBefore);
        assertThat(Files.readAllBytes(key)).isEqualTo(keyBefore);
    }

    @Test
    void realPathOfMissingFileResolvesParentLink() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("real"));
        Path link = Files.createSymbolicLink(temp.resolve("alias"), folder);

        Path real = OutputGuard.realPath(link.resolve("missing").resolve("..").resolve("new.nii"));

        assertThat(real).isEqualTo(folder.toRealPath().resolve("new.nii"));
    }
}
