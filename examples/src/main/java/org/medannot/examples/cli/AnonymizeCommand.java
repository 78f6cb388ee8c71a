package org.medannot.examples.cli;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.medannot.dicom.DicomException;
import org.medannot.dicom.deid.BlankRegion;
import org.medannot.dicom.deid.ConfidentialityProfile;
import org.medannot.dicom.deid.DeidentificationReport;
import org.medannot.dicom.deid.DicomDeidentifier;
import org.medannot.dicom.deid.PrivateAttributeKey;
import org.medannot.dicom.deid.ProfileOption;
import org.medannot.dicom.deid.ProjectSecret;
import org.medannot.dicom.deid.PseudonymMap;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code annotate anonymize IN --out OUT_DIR --secret-file FILE}: de-identifies one DICOM file or
 * every file under a folder with the DICOM Basic Application Level Confidentiality Profile
 * (PS3.15 Annex E) and the chosen options, writing one copy per input named after its replaced
 * SOP Instance UID and a JSON report, {@value #REPORT_NAME}, in OUT_DIR.
 *
 * <p>The key of {@code --keep-map} comes from {@code --map-key-file}: a file that contains either
 * exactly 32 bytes (the raw AES-256 key) or 64 hexadecimal digits, optionally followed by a line
 * break. The map file format is the one {@link PseudonymMap} documents.
 */
@Command(name = "anonymize",
        mixinStandardHelpOptions = true,
        description = {
                "De-identify DICOM files with the DICOM PS3.15 Basic Application Level Confidentiality Profile.",
                "Writes one file per input into OUT_DIR (named <new SOP Instance UID>.dcm, never over an input) and "
                        + "deidentification-report.json there. OUT_DIR must not be IN or lie inside IN.",
                "Exit status: 0 when every file was written, 1 when any file was rejected (each is named on standard error),"
                        + " the input was not found or contains no files; 2 for bad usage, such as an OUT_DIR or MAP_FILE"
                        + " inside IN."
        })
public final class AnonymizeCommand implements Callable<Integer> {

    /** File name of the JSON report in the output folder. */
    public static final String REPORT_NAME = "deidentification-report.json";

    @Parameters(index = "0", paramLabel = "IN", description = "A DICOM file, or a folder whose files are read recursively.")
    private Path input;

    @Option(names = "--out", required = true, paramLabel = "OUT_DIR",
            description = "Folder for the de-identified files and the report, outside IN.")
    private Path outputDirectory;

    @Option(names = "--secret-file", required = true, paramLabel = "FILE",
            description = "Project secret (at least 16 bytes) that keys UIDs, pseudonyms and date offsets.")
    private Path secretFile;

    @Option(names = "--option", paramLabel = "NAME",
            description = "Profile option, repeatable: retain-safe-private, retain-uids, retain-device-identity, "
                    + "retain-institution-identity, retain-patient-characteristics, retain-longitudinal-full-dates, "
                    + "retain-longitudinal-modified-dates, clean-descriptors, clean-structured-content, clean-graphics.")
    private List<String> options = new ArrayList<>();

    @Option(names = "--keep-map", paramLabel = "MAP_FILE",
            description = "Also write the original-to-pseudonym map, encrypted with AES-256-GCM under --map-key-file;"
                    + " outside IN.")
    private Path mapFile;

    @Option(names = "--map-key-file", paramLabel = "KEY_FILE",
            description = "Key of --keep-map: 32 raw bytes, or 64 hexadecimal digits.")
    private Path mapKeyFile;

    @Option(names = "--safe-private", paramLabel = "GGGG,CREATOR,XX",
            description = "Private attribute kept with --option retain-safe-private: odd group (hex), Private Creator value, "
                    + "element offset in the block (hex, 00-FF); repeatable.")
    private List<String> safePrivate = new ArrayList<>();

    @Option(names = "--blank-region", paramLabel = "x,y,w,h",
            description = "Pixel rectangle (0-based column, row, width, height) blanked in every frame of images that "
                    + "have burned-in text, instead of rejecting them; repeatable.")
    private List<String> blankRegions = new ArrayList<>();

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "Files de-identified at once. The output files and the report do not depend on it. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int threads;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** For each input rejected as a duplicate, the input written under its name; null for the others. */
    private Path[] duplicateOf;

    @Override
    public Integer call() throws Exception {
        if (threads < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1, but was " + threads);
        }
        EnumSet<ProfileOption> chosen = EnumSet.noneOf(ProfileOption.class);
        for (String name : options) {
            chosen.add(parseOption(name));
        }
        List<BlankRegion> regions = new ArrayList<>();
        for (String text : blankRegions) {
            try {
                regions.add(BlankRegion.parse(text));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--blank-region: " + e.getMessage());
            }
        }
        Set<PrivateAttributeKey> safe = new HashSet<>();
        for (String text : safePrivate) {
            safe.add(parseSafePrivate(text));
        }
        if (!safe.isEmpty() && !chosen.contains(ProfileOption.RETAIN_SAFE_PRIVATE)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--safe-private needs --option retain-safe-private; without it every private attribute is removed");
        }
        if (mapFile != null && mapKeyFile == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--keep-map needs --map-key-file");
        }
        OutputGuard.requireOutsideInput(spec, "--out", outputDirectory, input);
        if (Files.exists(outputDirectory) && !Files.isDirectory(outputDirectory)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out " + outputDirectory
                    + " is a file; expected a folder, which is created when missing");
        }
        if (mapFile != null) {
            OutputGuard.requireOutsideInput(spec, "--keep-map", mapFile, input);
            OutputGuard.requireNotInputFile(spec, "--keep-map", mapFile, List.of(secretFile, mapKeyFile));
        }
        byte[] mapKey = mapKeyFile == null ? null : readKey(mapKeyFile);
        ConfidentialityProfile profile;
        try {
            profile = ConfidentialityProfile.of(chosen);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        DicomDeidentifier deidentifier = DicomDeidentifier.builder(ProjectSecret.fromFile(secretFile))
                .profile(profile).safePrivate(safe).blankRegions(regions).build();

        if (!Files.exists(input)) {
            throw new java.nio.file.NoSuchFileException(input.toString(), null, "input not found");
        }
        List<Path> inputs = listInputs(input);
        if (inputs.isEmpty()) {
            spec.commandLine().getErr().println("annotate: no files to de-identify in " + input);
            return AnnotateCommand.EXIT_FAILURE;
        }
        List<DeidentificationReport> reports = deidentifyAll(deidentifier, inputs);
        PrintWriter err = spec.commandLine().getErr();
        for (int n = 0; n < inputs.size(); n++) {
            if (reports.get(n).rejected()) {
                String detail = duplicateOf[n] == null ? "" : ": " + duplicateOf[n];
                err.println("annotate: rejected " + inputs.get(n) + ": " + reports.get(n).reason() + detail);
            }
        }
        writeReport(reports, deidentifier, profile);
        if (mapFile != null) {
            deidentifier.pseudonymMap().write(mapFile, mapKey);
        }

        long rejected = reports.stream().filter(DeidentificationReport::rejected).count();
        PrintWriter out = spec.commandLine().getOut();
        out.println((reports.size() - rejected) + " written, " + rejected + " rejected; report: "
                + outputDirectory.resolve(REPORT_NAME));
        out.flush();
        err.flush();
        return rejected > 0 ? AnnotateCommand.EXIT_FAILURE : AnnotateCommand.EXIT_OK;
    }

    /**
     * De-identifies the inputs on {@code --threads} threads and returns their reports in input
     * order. All output names are found first. Inputs with the same name (the same SOP Instance
     * UID) are tried in input order until one is written, and the others are rejected as its
     * duplicates, so the outcome does not depend on the number of threads.
     */
    private List<DeidentificationReport> deidentifyAll(DicomDeidentifier deidentifier, List<Path> inputs) throws IOException {
        ExecutorService pool = threads == 1 ? null : Executors.newFixedThreadPool(threads);
        try {
            List<FileTask<NamedInput>> naming = new ArrayList<>();
            for (Path file : inputs) {
                naming.add(() -> named(deidentifier, file));
            }
            DeidentificationReport[] reports = new DeidentificationReport[inputs.size()];
            duplicateOf = new Path[inputs.size()];
            Map<String, List<Integer>> sameName = new LinkedHashMap<>();
            List<NamedInput> named = runAll(pool, naming);
            for (int n = 0; n < named.size(); n++) {
                if (named.get(n).rejection() != null) {
                    reports[n] = named.get(n).rejection();
                } else {
                    sameName.computeIfAbsent(named.get(n).name(), name -> new ArrayList<>()).add(n);
                }
            }
            List<FileTask<Void>> deidentification = new ArrayList<>();
            for (Map.Entry<String, List<Integer>> group : sameName.entrySet()) {
                Path output = outputDirectory.resolve(group.getKey());
                deidentification.add(() -> {
                    deidentifyFirstWritten(deidentifier, inputs, group.getValue(), output, reports, duplicateOf);
                    return null;
                });
            }
            runAll(pool, deidentification);
            return List.of(reports);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /**
     * De-identifies the inputs at {@code indexes}, which share one output name, in order until
     * one is written, and rejects the rest as duplicates of that one. Each index gets its report,
     * and each duplicate the written input in {@code duplicateOf}.
     */
    private static void deidentifyFirstWritten(DicomDeidentifier deidentifier, List<Path> inputs, List<Integer> indexes, Path output,
            DeidentificationReport[] reports, Path[] duplicateOf) throws IOException {
        int written = -1;
        for (int n : indexes) {
            if (written >= 0) {
                reports[n] = rejected(inputs.get(n), DUPLICATE_REASON);
                duplicateOf[n] = inputs.get(written);
            } else {
                reports[n] = deidentifier.deidentifyFile(inputs.get(n), output);
                if (!reports[n].rejected()) {
                    written = n;
                }
            }
        }
    }

    /** Reason for rejecting an input whose SOP Instance UID is that of an input already written. */
    static final String DUPLICATE_REASON = "another input with the same SOP Instance UID was written";

    /** An input with its output name, or with the report that rejects it because it cannot be named. */
    private record NamedInput(Path file, String name, DeidentificationReport rejection) {
    }

    private static NamedInput named(DicomDeidentifier deidentifier, Path file) {
        try {
            return new NamedInput(file, deidentifier.outputName(file), null);
        } catch (DicomException invalid) {
            String message = invalid.getMessage() == null ? "" : invalid.getMessage();
            // Reports leave out input names, and stderr names the file before the reason.
            String reason = message.startsWith(file + ": ") ? message.substring(file.toString().length() + 2)
                    : message.replace(file.toString(), "the input");
            return new NamedInput(file, null, rejected(file, reason.isEmpty() ? "not readable as DICOM" : "not readable as DICOM: " + reason));
        }
    }

    /** Returns the report of an input rejected before de-identification, with the input's SHA-256 when it can be read. */
    private static DeidentificationReport rejected(Path file, String reason) {
        return new DeidentificationReport(file.toString(), sha256(file), null, DeidentificationReport.Status.REJECTED, reason, List.of(), 0,
                List.of(), List.of());
    }

    /** Returns the SHA-256 of a file in hexadecimal, or null when the file cannot be read. */
    private static String sha256(Path file) {
        try {
            return PipelineCommand.sha256(file);
        } catch (IOException unreadable) {
            return null;
        }
    }

    /** Work on one input file that may fail with an IOException. */
    @FunctionalInterface
    private interface FileTask<T> {
        T run() throws IOException;
    }

    /**
     * Runs the tasks on the pool, or in the calling thread when the pool is null, and returns
     * their results in task order.
     *
     * @throws IOException the first failure in task order, as the task raised it
     */
    private static <T> List<T> runAll(ExecutorService pool, List<FileTask<T>> tasks) throws IOException {
        List<T> results = new ArrayList<>(tasks.size());
        if (pool == null) {
            for (FileTask<T> task : tasks) {
                results.add(task.run());
            }
            return results;
        }
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        for (FileTask<T> task : tasks) {
            futures.add(pool.submit(task::run));
        }
        for (Future<T> future : futures) {
            try {
                results.add(future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while de-identifying files");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IOException("de-identification failed: " + e.getCause(), e.getCause());
            }
        }
        return results;
    }

    /** Parses GGGG,CREATOR,XX; the creator may contain commas, so the first and last comma split. */
    private PrivateAttributeKey parseSafePrivate(String text) {
        int first = text.indexOf(',');
        int last = text.lastIndexOf(',');
        if (first < 0 || last == first) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--safe-private '" + text
                    + "': expected GGGG,CREATOR,XX such as 0029,SIEMENS CSA HEADER,10");
        }
        try {
            int group = Integer.parseInt(text.substring(0, first).strip(), 16);
            int offset = Integer.parseInt(text.substring(last + 1).strip(), 16);
            return new PrivateAttributeKey(group, text.substring(first + 1, last), offset);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--safe-private '" + text + "': " + e.getMessage());
        }
    }

    private ProfileOption parseOption(String name) {
        String normalized = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return ProfileOption.valueOf(normalized);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--option: unknown profile option '" + name
                    + "'; see --help for the names");
        }
    }

    /** Reads 32 raw bytes, or 64 hexadecimal digits with optional surrounding white space. */
    private byte[] readKey(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length == PseudonymMap.KEY_BYTES) {
            return bytes;
        }
        String text = new String(bytes, StandardCharsets.US_ASCII).strip();
        if (text.length() == 2 * PseudonymMap.KEY_BYTES && text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return HexFormat.of().parseHex(text);
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "--map-key-file " + file
                + ": expected 32 raw bytes or 64 hexadecimal digits, found " + bytes.length + " bytes");
    }

    private static List<Path> listInputs(Path input) throws IOException {
        if (!Files.isDirectory(input)) {
            return List.of(input);
        }
        try (Stream<Path> walk = Files.walk(input)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private void writeReport(List<DeidentificationReport> reports, DicomDeidentifier deidentifier, ConfidentialityProfile profile)
            throws IOException {
        StringBuilder json = new StringBuilder("{\n\"options\": [");
        List<ProfileOption> sorted = new ArrayList<>(profile.options());
        for (int n = 0; n < sorted.size(); n++) {
            json.append(n == 0 ? "" : ", ").append('"').append(sorted.get(n).name()).append('"');
        }
        json.append("],\n\"secretFingerprint\": \"").append(fingerprint()).append("\",\n\"files\": [\n");
        for (int n = 0; n < reports.size(); n++) {
            json.append(n == 0 ? "" : ",\n").append(reports.get(n).toJson());
        }
        json.append("\n]\n}\n");
        Files.createDirectories(outputDirectory);
        Path target = outputDirectory.resolve(REPORT_NAME);
        Path temporary = Files.createTempFile(outputDirectory, "." + REPORT_NAME, ".tmp");
        try {
            Files.writeString(temporary, json, StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private String fingerprint() throws IOException {
        return ProjectSecret.fromFile(secretFile).fingerprint();
    }
}
