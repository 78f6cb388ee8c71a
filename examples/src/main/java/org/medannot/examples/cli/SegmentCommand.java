package org.medannot.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.mask.Mask;
import org.medannot.core.spi.Prompt;
import org.medannot.core.spi.ProgressListener;
import org.medannot.core.spi.Scan;
import org.medannot.core.spi.ScanReader;
import org.medannot.core.spi.SegmentationBackend;
import org.medannot.core.spi.SegmentationException;
import org.medannot.core.spi.SegmentationRequest;
import org.medannot.core.spi.SegmentationResult;
import org.medannot.dicom.nifti.NiftiWriter;
import org.medannot.dicom.series.DicomVolume;
import org.medannot.examples.review.RoundDirectory;
import org.medannot.inference.ExecutionProvider;
import org.medannot.inference.classical.ClassicalPreset;
import org.medannot.inference.classical.ClassicalSegmentationBackend;
import org.medannot.inference.onnx.OnnxSegmentationBackend;
import org.medannot.inference.sam.SamSegmentationBackend;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code annotate segment PATH --out DIR}: reads one scan, segments it with the classical
 * default, an ONNX model or a SAM-style pair, and writes {@code DIR/labels.nii.gz} (the label map
 * on the scan's grid) and {@code DIR/masks.json} (per label: value, name, voxel count, volume,
 * half-open voxel bounding box and score), then prints one summary line.
 */
@Command(name = "segment",
        mixinStandardHelpOptions = true,
        description = "Segment a scan and write DIR/labels.nii.gz, DIR/masks.json and, for a DICOM series, DIR/seg.dcm."
                + " Files of the series that cannot be read are left out and named on standard error, and the exit"
                + " status is then 1.")
final class SegmentCommand implements Callable<Integer> {

    private static final String LABELS_FILE = "labels.nii.gz";
    private static final String MASKS_FILE = "masks.json";

    /** Files written into DIR; the SEG file only for a DICOM series. */
    private static final List<String> OUTPUT_NAMES = List.of(LABELS_FILE, MASKS_FILE, PipelineWriters.SEG_FILE);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Files of the input that the reader of the scan could not read, each as "FILE: reason". */
    private final List<String> skippedInputs = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "PATH", description = "Scan file or folder (any format a scan reader on the class path recognizes, such as NIfTI).")
    private Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output folder, created when missing; it must not be PATH or lie inside PATH, and none of its"
                    + " output files may be an input file.")
    private Path out;

    @Option(names = "--round", paramLabel = "ROUND_DIR",
            description = "Also write the result as review round 1 (round.json and masks/) into ROUND_DIR, a folder that"
                    + " must not exist yet, for 'annotate review apply --round ROUND_DIR'.")
    private Path round;

    @Option(names = "--backend", defaultValue = "classical", paramLabel = "BACKEND",
            description = "classical[:PRESET] (PRESET: body, lungs, bone, otsu or auto, the default), onnx or sam. Default: ${DEFAULT-VALUE}.")
    private String backend;

    @Option(names = "--model", paramLabel = "FILE", description = "ONNX model for --backend onnx; its descriptor is the .json next to it.")
    private Path model;

    @Option(names = "--encoder", paramLabel = "FILE", description = "SAM image encoder for --backend sam; its descriptor is the .json next to it.")
    private Path encoder;

    @Option(names = "--decoder", paramLabel = "FILE", description = "SAM mask decoder for --backend sam.")
    private Path decoder;

    @Option(names = "--prompt", paramLabel = "SPEC",
            description = "Prompt for --backend sam, repeatable: point:x,y,z,+ or point:x,y,z,- (voxel indices, + on the structure), "
                    + "or box:x0,y0,x1,y1,z (voxel indices, x1 and y1 exclusive).")
    private List<String> prompts = new ArrayList<>();

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE",
            description = "Execution provider for ONNX models: cpu, cuda or tensorrt (falls back to cpu when unavailable). Default: ${DEFAULT-VALUE}.")
    private String device;

    @Override
    public Integer call() throws IOException, SegmentationException {
        ExecutionProvider provider = parse(() -> ExecutionProvider.parse(device));
        List<Prompt> parsedPrompts = new ArrayList<>();
        for (String prompt : prompts) {
            parsedPrompts.add(parse(() -> parsePrompt(prompt)));
        }
        OutputGuard.requireOutsideInput(spec, "--out", out, input);
        if (round != null) {
            OutputGuard.requireOutsideInput(spec, "--round", round, input);
            Path realRound = OutputGuard.realPath(round);
            Path realOut = OutputGuard.realPath(out);
            if (realRound.startsWith(realOut) || realOut.startsWith(realRound)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--round " + round + " and --out " + out
                        + " overlap; choose separate folders, because a round folder holds only the round");
            }
            if (Files.exists(round)) {
                throw new IOException(round + " already exists; a closed round is never overwritten, so choose a new folder");
            }
        }
        Scan scan = readScan();
        List<Path> inputFiles = new ArrayList<>(scan.sourceFiles());
        inputFiles.add(input);
        for (String name : OUTPUT_NAMES) {
            OutputGuard.requireNotInputFile(spec, "--out", out.resolve(name), inputFiles);
        }

        SegmentationResult result;
        try (SegmentationBackend segmentation = openBackend(provider, parsedPrompts)) {
            SegmentationRequest request = new SegmentationRequest(parsedPrompts, null, ProgressListener.NONE);
            result = segmentation.segment(scan.volume(), request);
        }

        Files.createDirectories(out);
        Path labelsFile = out.resolve(LABELS_FILE);
        new NiftiWriter().write(result.labels(), labelsFile);
        Path masksFile = out.resolve(MASKS_FILE);
        writeMasks(result, masksFile);
        Instant time = Instant.now();
        List<String> notes = writeSeg(scan, result, time, out);
        AnnotationSet firstRound = round == null ? null : result.toFirstRound(scan.id(), time);
        if (firstRound != null) {
            RoundDirectory.write(firstRound, round);
        }

        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(summary(result, labelsFile, masksFile));
        if (firstRound != null) {
            stdout.println(round + ": round 1 of scan " + firstRound.scanId() + ", " + firstRound.annotations().size()
                    + " annotations, content hash " + firstRound.contentHash());
        }
        notes.forEach(note -> stdout.println("note: " + note));
        if (!skippedInputs.isEmpty()) {
            // Like pipeline: the scan is segmented without the files it could not read, and the run reports them.
            PrintWriter err = spec.commandLine().getErr();
            skippedInputs.forEach(reason -> err.println("annotate: skipped " + reason));
            err.flush();
            return AnnotateCommand.EXIT_FAILURE;
        }
        return AnnotateCommand.EXIT_OK;
    }

    /**
     * Writes {@code DIR/seg.dcm} when the scan was read from a DICOM series, through the same
     * writer as the pipeline, and returns the writer's notes (for example why no SEG was written).
     */
    private static List<String> writeSeg(Scan scan, SegmentationResult result, Instant time, Path out) throws IOException {
        if (!(scan.source() instanceof DicomVolume)) {
            return List.of();
        }
        Map<String, List<String>> notes = PipelineWriters.newNotes();
        PipelineWriters.seg(notes).write(result.toFirstRound(scan.id(), time), scan, out);
        return notes.getOrDefault(scan.id(), List.of());
    }

    private SegmentationBackend openBackend(ExecutionProvider provider, List<Prompt> parsedPrompts)
            throws SegmentationException {
        String kind = backend.contains(":") ? backend.substring(0, backend.indexOf(':')) : backend;
        switch (kind.toLowerCase(Locale.ROOT)) {
            case "classical" -> {
                requireAbsent(model, "--model", kind);
                requireAbsent(encoder, "--encoder", kind);
                requireNoPrompts(parsedPrompts, kind);
                ClassicalPreset preset = backend.contains(":")
                        ? parse(() -> ClassicalPreset.parse(backend.substring(backend.indexOf(':') + 1)))
                        : ClassicalPreset.AUTO;
                return ClassicalSegmentationBackend.of(preset);
            }
            case "onnx" -> {
                if (model == null) {
                    throw usage("--backend onnx needs --model FILE");
                }
                requireNoPrompts(parsedPrompts, kind);
                return OnnxSegmentationBackend.builder(model).executionProvider(provider).build();
            }
            case "sam" -> {
                if (encoder == null || decoder == null) {
                    throw usage("--backend sam needs --encoder FILE and --decoder FILE");
                }
                if (parsedPrompts.isEmpty()) {
                    throw usage("--backend sam needs at least one --prompt SPEC");
                }
                return SamSegmentationBackend.builder(encoder, decoder).executionProvider(provider).build();
            }
            default -> throw usage("unknown backend '" + backend + "'; expected classical[:PRESET], onnx or sam");
        }
    }

    private void requireAbsent(Object option, String name, String kind) {
        if (option != null) {
            throw usage(name + " is not used by --backend " + kind);
        }
    }

    private void requireNoPrompts(List<Prompt> parsedPrompts, String kind) {
        if (!parsedPrompts.isEmpty()) {
            throw usage("--prompt is only used by --backend sam, not " + kind);
        }
    }

    private Scan readScan() throws IOException {
        if (!Files.exists(input)) {
            throw new IOException("input " + input + " was not found");
        }
        // Each reader's name and reason per file, for the message when no reader finds a scan.
        Map<Path, List<String[]>> reasons = new LinkedHashMap<>();
        for (ScanReader reader : ServiceLoader.load(ScanReader.class)) {
            if (Files.isRegularFile(input) && !reader.canRead(input)) {
                continue;
            }
            List<String> ownReasons = new ArrayList<>();
            List<Scan> scans = reader.read(input, (file, reason) -> {
                reasons.computeIfAbsent(file, key -> new ArrayList<>()).add(new String[] {reader.name(), reason});
                if (!otherKind(reason)) {
                    ownReasons.add(AnnotateCommand.aboutFile(file, reason));
                }
            });
            if (scans.size() > 1) {
                throw new IOException(input + " contains " + scans.size() + " scans; pass one file or series");
            }
            if (scans.size() == 1) {
                skippedInputs.addAll(ownReasons);
                return scans.get(0);
            }
        }
        if (reasons.size() == 1) {
            Map.Entry<Path, List<String[]>> only = reasons.entrySet().iterator().next();
            throw new IOException(AnnotateCommand.aboutFile(only.getKey(), describe(only.getValue())));
        }
        if (!reasons.isEmpty()) {
            Map.Entry<Path, List<String[]>> first = reasons.entrySet().iterator().next();
            throw new IOException("no scan in " + input + ": " + reasons.size() + " files were skipped, the first, "
                    + first.getKey() + ", as " + describe(first.getValue()));
        }
        throw new IOException("no scan reader on the class path recognizes " + input);
    }

    /** Joins the readers' reasons for one file, each after its reader's name when there are several. */
    private static String describe(List<String[]> readerReasons) {
        if (readerReasons.size() == 1) {
            return readerReasons.get(0)[1];
        }
        List<String> parts = new ArrayList<>();
        for (String[] readerReason : readerReasons) {
            parts.add(readerReason[0] + ": " + readerReason[1]);
        }
        return String.join("; ", parts);
    }

    /**
     * Returns whether a reader's reason means that a file is of another kind (not a DICOM file,
     * or a DICOM object without pixels such as a structure set), rather than an image input that
     * could not be read.
     *
     * <p>NOTE: this matches the SeriesScanner's reason texts, as info and convert do, because the
     * skip listener of the scan reader interface carries no flag for an invalid file.
     */
    private static boolean otherKind(String reason) {
        return reason.startsWith("not a DICOM file") || reason.startsWith("no Pixel Data");
    }

    private static void writeMasks(SegmentationResult result, Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("model", result.modelName());
        root.put("modelVersion", result.modelVersion());
        ArrayNode labels = root.putArray("labels");
        double voxelMm3 = result.labels().geometry().voxelVolumeMm3();
        for (SegmentationResult.Segment segment : result.segments()) {
            Mask mask = result.labels().mask(segment.category().id());
            ObjectNode entry = labels.addObject();
            entry.put("value", segment.category().id());
            entry.put("name", segment.category().name());
            entry.put("voxelCount", mask.count());
            entry.put("volumeMm3", mask.count() * voxelMm3);
            Optional<BoundingBox> box = mask.boundingBox();
            if (box.isPresent()) {
                BoundingBox b = box.get();
                ObjectNode boxNode = entry.putObject("boundingBox");
                boxNode.put("minX", b.minX());
                boxNode.put("minY", b.minY());
                boxNode.put("minZ", b.minZ());
                boxNode.put("maxX", b.maxX());
                boxNode.put("maxY", b.maxY());
                boxNode.put("maxZ", b.maxZ());
            } else {
                entry.putNull("boundingBox");
            }
            entry.put("score", segment.score());
        }
        Path temporary = Files.createTempFile(file.getParent(), ".masks", ".json.tmp");
        try {
            mapper.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), root);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String summary(SegmentationResult result, Path labelsFile, Path masksFile) {
        StringBuilder line = new StringBuilder("segmented with ").append(result.modelName()).append(':');
        for (SegmentationResult.Segment segment : result.segments()) {
            long count = result.labels().mask(segment.category().id()).count();
            line.append(' ').append(segment.category().name()).append(' ').append(count).append(" voxels")
                    .append(String.format(Locale.ROOT, " (score %.2f),", segment.score()));
        }
        line.setLength(line.length() - 1);
        return line.append("; wrote ").append(labelsFile).append(" and ").append(masksFile).toString();
    }

    /**
     * Parses {@code point:x,y,z,+|-} (x, y may be fractional) or {@code box:x0,y0,x1,y1,z}
     * (half-open: x1 and y1 exclusive), all voxel indices from 0.
     */
    static Prompt parsePrompt(String spec) {
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? "" : spec.substring(0, colon);
        String[] parts = colon < 0 ? new String[0] : spec.substring(colon + 1).split(",", -1);
        try {
            if (kind.equals("point") && parts.length == 4) {
                String sign = parts[3].trim();
                if (!sign.equals("+") && !sign.equals("-")) {
                    throw new IllegalArgumentException("the last value must be + or -, but was '" + sign + "'");
                }
                return new Prompt.Point(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()),
                        Integer.parseInt(parts[2].trim()), sign.equals("+"));
            }
            if (kind.equals("box") && parts.length == 5) {
                int z = Integer.parseInt(parts[4].trim());
                return new Prompt.Box(new BoundingBox(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
                        z, Integer.parseInt(parts[2].trim()), Integer.parseInt(parts[3].trim()), z + 1));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid prompt '" + spec + "': " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("invalid prompt '" + spec + "'; expected point:x,y,z,+ or point:x,y,z,- "
                + "or box:x0,y0,x1,y1,z");
    }

    private <T> T parse(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
