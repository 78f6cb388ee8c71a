package org.medannot.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.medannot.coco.convert.CocoAnnotationWriter;
import org.medannot.coco.cvat.CvatAnnotationWriter;
import org.medannot.coco.labelstudio.LabelStudioAnnotationWriter;
import org.medannot.core.crypto.KeyFile;
import org.medannot.core.output.OutputSink;
import org.medannot.core.pipeline.AnnotationPipeline;
import org.medannot.core.pipeline.PipelineResult;
import org.medannot.core.pipeline.ScanOutcome;
import org.medannot.core.spi.ScanReader;
import org.medannot.core.spi.SegmentationBackend;
import org.medannot.core.spi.SegmentationException;
import org.medannot.dicom.deid.DicomDeidentifier;
import org.medannot.dicom.deid.ProjectSecret;
import org.medannot.inference.ExecutionProvider;
import org.medannot.inference.classical.ClassicalPreset;
import org.medannot.inference.classical.ClassicalSegmentationBackend;
import org.medannot.inference.onnx.OnnxSegmentationBackend;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code annotate pipeline IN --out DIR}: the main job. Reads every series under IN, optionally
 * de-identifies it, segments it, and writes per series, under {@code DIR/<series>/}:
 * <ul>
 *   <li>{@code deidentified/}: de-identified DICOM copies (DICOM input and {@code --secret-file} only);
 *       the series folder is then named after the de-identified Series Instance UID;</li>
 *   <li>{@code labels.nii.gz} (format {@code nifti}), {@code annotations.coco.json} ({@code coco}),
 *       {@code seg.dcm} ({@code seg}, DICOM input only), {@code label-studio.json}
 *       ({@code label-studio}), {@code cvat.xml} ({@code cvat});</li>
 *   <li>{@code overlays/slice-KKK.png}: outlines of the suggestions over the slice where each label
 *       is largest;</li>
 *   <li>{@code audit.jsonl}: a hash-chained audit log with one entry for the model round;</li>
 *   <li>{@code report.json} and {@code report.html} when {@code --reference} is given.</li>
 * </ul>
 * and {@code DIR/summary.json} for the whole run.
 *
 * <p>With {@code --encrypt-key-file}, every file under DIR is stored in the streaming AES-256-GCM
 * format of {@code annotate encrypt}, under its name with {@code .enc} appended, and no
 * plaintext byte of an output reaches the disk. Folder names stay plain: they are the scan ids
 * after de-identification, so they are pseudonyms only with {@code --secret-file}. The summary
 * printed on standard output then names no series folder and no input file, and repeats no error
 * message, because those can carry identifiers. summary.json.enc has the details.
 *
 * <p>Exit status: 0 when every series succeeded and
 * no input was skipped, 1 when a series failed, an input was skipped, no series was found or the
 * output folder cannot be written, 2 for bad usage.
 */
@Command(name = "pipeline",
        mixinStandardHelpOptions = true,
        description = {
            "Read, de-identify, segment, export and evaluate every series under IN.",
            "Writes DIR/<series>/ (deidentified/, labels.nii.gz, annotations.coco.json, seg.dcm, label-studio.json,",
            "cvat.xml, overlays/*.png, audit.jsonl, report.json, report.html) and DIR/summary.json.",
            "With --encrypt-key-file every file under DIR is encrypted and named with .enc appended.",
            "Exit status: 0 all series succeeded; 1 a series failed, an input was skipped or a file was not found; 2 bad usage."
        })
final class PipelineCommand implements Callable<Integer> {

    /** Every value of --formats, in the order the files are written. */
    static final List<String> FORMATS = List.of("coco", "nifti", "seg", "label-studio", "cvat");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "Folder or file with the scans (DICOM, NIfTI, PNG or JPEG).")
    private Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder, created when missing; must not lie inside IN.")
    private Path out;

    @Option(names = "--backend", defaultValue = "classical", paramLabel = "BACKEND",
            description = "classical[:PRESET] (PRESET: body, lungs, bone, otsu or auto) or onnx. Default: ${DEFAULT-VALUE}.")
    private String backend;

    @Option(names = "--model", paramLabel = "FILE", description = "ONNX model for --backend onnx; its descriptor is the .json next to it.")
    private Path model;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE",
            description = "Execution provider for ONNX models: cpu, cuda or tensorrt (falls back to cpu when unavailable). Default: ${DEFAULT-VALUE}.")
    private String device;

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "Project secret (at least 16 bytes); when given, DICOM series are de-identified first.")
    private Path secretFile;

    @Option(names = "--reference", paramLabel = "REF",
            description = "Reference label map (NIfTI) on the grid of the series, or a folder with one; adds report.json and report.html.")
    private Path reference;

    @Option(names = "--formats", split = ",", paramLabel = "FORMAT",
            description = "Outputs to write, from coco, nifti, seg, label-studio, cvat. Default: all.")
    private List<String> formats;

    @Option(names = "--encrypt-key-file", paramLabel = "FILE",
            description = "Key file as for 'annotate encrypt'. When given, every file under DIR is encrypted (AES-256-GCM)"
                    + " and named with .enc appended.")
    private Path encryptKeyFile;

    @Option(names = "--encrypt-key-id", paramLabel = "ID",
            description = "Key id in --encrypt-key-file to encrypt with. Default: the first key of the file.")
    private String encryptKeyId;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N",
            description = "Series processed at once. Default: ${DEFAULT-VALUE}.")
    private int threads;

    @Override
    public Integer call() throws IOException, SegmentationException {
        Set<String> selected = selectedFormats();
        if (threads < 1) {
            throw usage("--threads must be >= 1, but was " + threads);
        }
        if (!Files.exists(input)) {
            throw new IOException("input " + input + " was not found");
        }
        if (reference != null && !Files.exists(reference)) {
            throw new IOException("reference " + reference + " was not found");
        }
        if (secretFile != null && !Files.isRegularFile(secretFile)) {
            throw new IOException("secret file " + secretFile + " was not found");
        }
        if (encryptKeyId != null && encryptKeyFile == null) {
            throw usage("--encrypt-key-id needs --encrypt-key-file");
        }
        OutputGuard.requireOutsideInput(spec, "--out", out, input);
        ExecutionProvider provider;
        try {
            provider = ExecutionProvider.parse(device);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        OutputSink output = outputSink();
        Map<String, List<String>> notes = PipelineWriters.newNotes();
        Set<Integer> modelLabels = ConcurrentHashMap.newKeySet();
        long startNanos = System.nanoTime();

        try (SegmentationBackend segmentation = new RecordingBackend(openBackend(provider), modelLabels)) {
            AnnotationPipeline.Builder builder = AnnotationPipeline.builder().backend(segmentation).parallelism(threads);
            List<ScanReader> readers = new ArrayList<>();
            ServiceLoader.load(ScanReader.class).forEach(readers::add);
            builder.reader(new AllFormatsReader(readers));
            if (secretFile != null) {
                ProjectSecret secret = ProjectSecret.fromFile(secretFile);
                builder.deidentifier(new DeidentifiedCopy(DicomDeidentifier.builder(secret).build(), secret, notes));
            }
            if (selected.contains("nifti")) {
                builder.writer(PipelineWriters.labelMap());
            }
            if (selected.contains("coco")) {
                builder.writer(PipelineWriters.named("coco", "annotations.coco.json", new CocoAnnotationWriter()::write));
            }
            if (selected.contains("seg")) {
                builder.writer(PipelineWriters.seg(notes));
            }
            if (selected.contains("label-studio")) {
                builder.writer(PipelineWriters.named("label-studio", "label-studio.json",
                        new LabelStudioAnnotationWriter()::write));
            }
            if (selected.contains("cvat")) {
                builder.writer(PipelineWriters.named("cvat", "cvat.xml", new CvatAnnotationWriter()::write));
            }
            builder.writer(new OverlayWriter());
            builder.writer(PipelineWriters.audit(model == null ? null : sha256(model)));
            if (reference != null) {
                builder.evaluator(new ReferenceEvaluator(reference, modelLabels));
            }
            ProgressBar progress = new ProgressBar(spec.commandLine().getErr(), System.console() != null);
            builder.listener(progress);

            PipelineResult result;
            try {
                result = builder.build().run(input, output);
            } finally {
                progress.finish();
            }
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            Path summaryFile = writeSummary(output, result, notes, selected, seconds);
            if (output.encrypts()) {
                printEncryptedSummary(result, seconds, summaryFile);
            } else {
                printSummary(result, notes, seconds, summaryFile);
            }
            boolean failed = result.hasFailures() || result.scans().isEmpty();
            return failed ? AnnotateCommand.EXIT_FAILURE : AnnotateCommand.EXIT_OK;
        }
    }

    /**
     * Returns the sink of DIR: encrypting under the chosen key with {@code --encrypt-key-file},
     * plain otherwise.
     */
    private OutputSink outputSink() throws IOException {
        if (encryptKeyFile == null) {
            return OutputSink.plain(out);
        }
        if (!Files.isRegularFile(encryptKeyFile)) {
            throw new IOException("key file " + encryptKeyFile + " was not found");
        }
        KeyFile keys = KeyFile.read(encryptKeyFile);
        if (secretFile == null) {
            spec.commandLine().getErr().println("warning: without --secret-file the series folders under " + out
                    + " are named by the scan ids in plain text; only the files are encrypted");
        }
        return OutputSink.encrypting(out, keys, encryptKeyId == null ? keys.defaultKeyId() : encryptKeyId);
    }

    private Set<String> selectedFormats() {
        if (formats == null || formats.isEmpty()) {
            return new LinkedHashSet<>(FORMATS);
        }
        Set<String> selected = new LinkedHashSet<>();
        for (String format : formats) {
            String name = format.trim().toLowerCase(Locale.ROOT);
            if (!FORMATS.contains(name)) {
                throw usage("unknown format '" + format + "' in --formats; expected some of " + String.join(",", FORMATS));
            }
            selected.add(name);
        }
        return selected;
    }

    private SegmentationBackend openBackend(ExecutionProvider provider) throws SegmentationException, IOException {
        String kind = backend.contains(":") ? backend.substring(0, backend.indexOf(':')) : backend;
        switch (kind.toLowerCase(Locale.ROOT)) {
            case "classical" -> {
                if (model != null) {
                    throw usage("--model is not used by --backend classical");
                }
                ClassicalPreset preset;
                try {
                    preset = backend.contains(":") ? ClassicalPreset.parse(backend.substring(backend.indexOf(':') + 1))
                            : ClassicalPreset.AUTO;
                } catch (IllegalArgumentException e) {
                    throw usage(e.getMessage());
                }
                return ClassicalSegmentationBackend.of(preset);
            }
            case "onnx" -> {
                if (model == null) {
                    throw usage("--backend onnx needs --model FILE");
                }
                if (!Files.isRegularFile(model)) {
                    throw new IOException("model " + model + " was not found");
                }
                return OnnxSegmentationBackend.builder(model).executionProvider(provider).build();
            }
            default -> throw usage("unknown backend '" + backend + "'; expected classical[:PRESET] or onnx");
        }
    }

    private Path writeSummary(OutputSink output, PipelineResult result, Map<String, List<String>> notes, Set<String> selected,
            double seconds) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("input", input.toString());
        root.put("output", out.toString());
        root.put("backend", backend);
        if (model != null) {
            root.put("model", model.toString());
        }
        root.put("deidentified", secretFile != null);
        root.put("encrypted", output.encrypts());
        root.put("reference", reference == null ? null : reference.toString());
        ArrayNode formatNode = root.putArray("formats");
        selected.forEach(formatNode::add);
        root.put("seriesFound", result.scans().size());
        root.put("seriesSucceeded", result.succeededCount());
        root.put("seriesFailed", result.scans().size() - result.succeededCount());
        root.put("inputsSkipped", result.skipped().size());
        root.put("filesWritten", result.fileCount()); // under the series folders, not counting this file
        root.put("seconds", Math.round(seconds * 1000) / 1000.0);
        ArrayNode series = root.putArray("series");
        for (ScanOutcome outcome : result.scans()) {
            ObjectNode node = series.addObject();
            node.put("folder", outcome.outputId());
            node.put("succeeded", outcome.succeeded());
            if (!outcome.succeeded()) {
                node.put("failedStep", outcome.failedStep() == null ? null : outcome.failedStep().name().toLowerCase(Locale.ROOT));
                node.put("error", outcome.error());
            }
            node.put("annotations", outcome.annotations() == null ? 0 : outcome.annotations().annotations().size());
            ArrayNode files = node.putArray("files");
            Path base = out.resolve(outcome.outputId());
            outcome.files().stream().map(f -> relative(base, f)).sorted().forEach(files::add);
            ArrayNode warnings = node.putArray("warnings");
            outcome.warnings().forEach(warnings::add);
            ArrayNode left = node.putArray("notes");
            notes.getOrDefault(outcome.scanId(), List.of()).forEach(left::add);
            if (outcome.annotations() != null && !outcome.annotations().scanId().equals(outcome.scanId())) {
                // Without de-identification the round carries the scan's own id, whose notes are listed already.
                notes.getOrDefault(outcome.annotations().scanId(), List.of()).forEach(left::add);
            }
            node.put("seconds", outcome.elapsed().toMillis() / 1000.0);
        }
        ArrayNode skipped = root.putArray("skipped");
        result.skipped().forEach(skipped::add);

        return output.write("summary.json", stream -> mapper.writerWithDefaultPrettyPrinter().writeValue(stream, root));
    }

    private static String relative(Path base, Path file) {
        Path absoluteBase = base.toAbsolutePath().normalize();
        Path absoluteFile = file.toAbsolutePath().normalize();
        return absoluteFile.startsWith(absoluteBase) ? absoluteBase.relativize(absoluteFile).toString() : file.toString();
    }

    private void printSummary(PipelineResult result, Map<String, List<String>> notes, double seconds, Path summaryFile) {
        PrintWriter stdout = spec.commandLine().getOut();
        long failed = result.scans().size() - result.succeededCount();
        for (ScanOutcome outcome : result.scans()) {
            if (outcome.succeeded()) {
                stdout.println("ok      " + outcome.outputId() + ": " + outcome.annotations().annotations().size()
                        + " annotation(s), " + outcome.files().size() + " file(s)");
            } else {
                stdout.println("failed  " + outcome.outputId() + " at " + outcome.failedStep() + ": " + outcome.error());
            }
            List<String> scanNotes = new ArrayList<>(notes.getOrDefault(outcome.scanId(), List.of()));
            if (outcome.annotations() != null && !outcome.annotations().scanId().equals(outcome.scanId())) {
                scanNotes.addAll(notes.getOrDefault(outcome.annotations().scanId(), List.of()));
            }
            scanNotes.forEach(note -> stdout.println("        note: " + note));
        }
        for (String skipped : result.skipped()) {
            stdout.println("skipped " + skipped);
        }
        if (result.scans().isEmpty() && result.skipped().isEmpty()) {
            stdout.println("no series found in " + input);
        } else if (result.scans().isEmpty()) {
            // A series whose volume cannot be built (such as one with a missing slice) is listed by its files above.
            stdout.println("no series could be processed in " + input + "; every input was skipped, with the reasons above");
        }
        stdout.println(String.format(Locale.ROOT,
                "%d series processed, %d failed, %d input(s) skipped, %d file(s) written in %.1f s. Summary: %s",
                result.succeededCount(), failed, result.skipped().size(), result.fileCount(), seconds, summaryFile));
    }

    /**
     * Prints counts and the status of each series by its position in the run. It leaves out
     * folder names, input paths and error messages, which can carry identifiers that the
     * encrypted files protect.
     */
    private void printEncryptedSummary(PipelineResult result, double seconds, Path summaryFile) {
        PrintWriter stdout = spec.commandLine().getOut();
        List<ScanOutcome> scans = result.scans();
        for (int n = 0; n < scans.size(); n++) {
            ScanOutcome outcome = scans.get(n);
            if (outcome.succeeded()) {
                stdout.println("ok      series " + (n + 1) + ": " + outcome.annotations().annotations().size()
                        + " annotation(s), " + outcome.files().size() + " encrypted file(s)");
            } else {
                stdout.println("failed  series " + (n + 1) + " at " + outcome.failedStep());
            }
        }
        long failed = scans.size() - result.succeededCount();
        stdout.println(String.format(Locale.ROOT,
                "%d series processed, %d failed, %d input(s) skipped, %d encrypted file(s) written in %.1f s"
                        + " (the summary included). Details, errors included: %s",
                result.succeededCount(), failed, result.skipped().size(), result.fileCount() + 1, seconds, summaryFile));
    }

    /** Returns the SHA-256 of a file in hexadecimal, reading it in blocks. */
    static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    digest.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
