package org.medannot.dicom.deid;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.medannot.core.output.OutputSink;
import org.medannot.core.output.PendingOutput;
import org.medannot.core.spi.Deidentifier;
import org.medannot.core.spi.Scan;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.ReadOptions;
import org.medannot.dicom.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * De-identifies DICOM files with the Basic Application Level Confidentiality Profile and its
 * options (PS3.15 Annex E), applied at every nesting level, the File Meta Information included.
 *
 * <p>Per attribute: the action of {@link ConfidentialityProfile#actionFor}, with these
 * refinements:
 * <ul>
 *   <li>Patient ID and Patient's Name become the patient pseudonym of {@link ProjectSecret}
 *       (both the pseudonym of the original Patient ID), at every level. For Patient's Name the
 *       table's Z allows such a dummy value in place of an empty one;</li>
 *   <li>U replaces each UID with {@link ProjectSecret#uid}, except UIDs the standard defines
 *       (prefix 1.2.840.10008., such as SOP Class and Transfer Syntax UIDs); inside the items of
 *       X/Z/U* sequences every such UID element is replaced, so references survive;</li>
 *   <li>D writes the dummy values of {@link DummyValues}; D on a sequence keeps its items and
 *       applies the profile to them, like C on a sequence;</li>
 *   <li>C under the Modified Dates option shifts DA and DT values by the patient's day offset
 *       and keeps TM values; other C values become dummies;</li>
 *   <li>private attributes are removed, except, with Retain Safe Private, those on the safe
 *       list (keyed by Private Creator and element offset); a Private Creator stays only while
 *       its block keeps an attribute;</li>
 *   <li>overlay (60xx) and curve (50xx) groups are removed whole, with or without Clean
 *       Graphics. The table removes Overlay Data, Overlay Comments and Curve Data, and Clean
 *       Graphics may keep them after cleaning. This code cannot prove that a bitmap or a curve
 *       draws no text, so it removes them and reports them as removed, not cleaned. The rest of
 *       an overlay group would describe a missing bitmap. NOTE: overlays kept in the unused high
 *       bits of Pixel Data (a retired encoding) are not cleared;</li>
 *   <li>attributes the table does not list are kept.</li>
 * </ul>
 *
 * <p>Images whose Burned In Annotation (0028,0301) is YES, and ultrasound or secondary capture
 * images where it is not NO, are rejected unless blank regions were given; then those regions
 * are blanked in every frame (native pixel data only), recorded in the report and in
 * De-identification Method, and Burned In Annotation is set to NO. Every written file gets
 * Patient Identity Removed = YES, De-identification Method, De-identification Method Code
 * Sequence (CID 7050) and Longitudinal Temporal Information Modified. Each encoded copy is
 * scanned by {@link ResidualIdentifierScanner} before it is written; a copy with findings is not
 * written, and the file is reported as rejected.
 *
 * <p>Output is deterministic: the same input, secret and options give byte-identical files.
 * Thread-safe; the mappings recorded for {@link #pseudonymMap()} are shared by all threads.
 */
public final class DicomDeidentifier implements Deidentifier {

    private static final Logger LOG = LoggerFactory.getLogger(DicomDeidentifier.class);

    private final ConfidentialityProfile profile;
    private final ProjectSecret secret;
    private final Set<PrivateAttributeKey> safePrivate;
    private final List<BlankRegion> blankRegions;
    private final ConcurrentMap<String, PseudonymMap.Entry> mappings = new ConcurrentHashMap<>();

    private DicomDeidentifier(Builder builder) {
        this.profile = builder.profile;
        this.secret = builder.secret;
        this.safePrivate = Set.copyOf(builder.safePrivate);
        this.blankRegions = List.copyOf(builder.blankRegions);
    }

    /** Starts a configuration with the basic profile, no safe private attributes and no blank regions. */
    public static Builder builder(ProjectSecret secret) {
        return new Builder(secret);
    }

    /** Configuration of a {@link DicomDeidentifier}. */
    public static final class Builder {
        private final ProjectSecret secret;
        private ConfidentialityProfile profile = ConfidentialityProfile.basic();
        private Set<PrivateAttributeKey> safePrivate = Set.of();
        private List<BlankRegion> blankRegions = List.of();

        private Builder(ProjectSecret secret) {
            this.secret = Objects.requireNonNull(secret, "secret");
        }

        /** Sets the profile and its options. */
        public Builder profile(ConfidentialityProfile profile) {
            this.profile = Objects.requireNonNull(profile, "profile");
            return this;
        }

        /** Sets the private attributes kept under {@link ProfileOption#RETAIN_SAFE_PRIVATE}. */
        public Builder safePrivate(Set<PrivateAttributeKey> safePrivate) {
            this.safePrivate = Set.copyOf(safePrivate);
            return this;
        }

        /** Sets the regions blanked in images with burned-in text (instead of rejecting them). */
        public Builder blankRegions(List<BlankRegion> blankRegions) {
            this.blankRegions = List.copyOf(blankRegions);
            return this;
        }

        public DicomDeidentifier build() {
            return new DicomDeidentifier(this);
        }
    }

    ConfidentialityProfile profile() {
        return profile;
    }

    ProjectSecret secret() {
        return secret;
    }

    Set<PrivateAttributeKey> safePrivate() {
        return safePrivate;
    }

    List<BlankRegion> blankRegions() {
        return blankRegions;
    }

    /**
     * Returns the file name for the de-identified copy of {@code input}: its mapped SOP
     * Instance UID (the original with {@link ProfileOption#RETAIN_UIDS}) followed by ".dcm".
     *
     * @throws DicomException when the input is not readable DICOM or has no SOP Instance UID
     */
    public String outputName(Path input) {
        DicomFile file;
        try {
            file = DicomFile.open(input, ReadOptions.upTo(Tag.SOP_INSTANCE_UID));
        } catch (DicomException invalid) {
            throw notDicom(input, invalid);
        }
        String uid = file.sopInstanceUid();
        if (uid == null || uid.isEmpty()) {
            throw notDicom(input, new DicomException(input + ": expected a SOP Instance UID (0008,0018) to name the output, found none"));
        }
        return (profile.has(ProfileOption.RETAIN_UIDS) ? uid : secret.uid(uid)) + ".dcm";
    }

    /**
     * Returns an exception that names the problem when {@code input} is empty or does not start
     * as a DICOM file, else {@code failure}. The reader accepts data sets without a preamble, so
     * a file of another kind reaches the check for a SOP Instance UID.
     */
    private static DicomException notDicom(Path input, DicomException failure) {
        byte[] head;
        try (java.io.InputStream in = Files.newInputStream(input)) {
            head = in.readNBytes(132);
        } catch (IOException unreadable) {
            return failure;
        }
        if (head.length == 0) {
            return new DicomException(input + ": the file is empty", failure);
        }
        if (!DicomFile.looksLikeDicom(head)) {
            return new DicomException(input + ": expected the prefix DICM at byte offset 128 or a data set starting with "
                    + "group 0002 or 0008, found neither", failure);
        }
        return failure;
    }

    /**
     * De-identifies one file into {@code output}, through a temporary file in the output's
     * folder. A rejected file leaves nothing under {@code output}.
     *
     * @return the report; {@link DeidentificationReport#rejected()} returns whether it was written
     * @throws IllegalArgumentException when {@code output} is the input file
     * @throws IOException when reading or writing fails for a reason other than invalid DICOM
     */
    public DeidentificationReport deidentifyFile(Path input, Path output) throws IOException {
        if (input.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())
                || (Files.exists(output) && Files.isSameFile(input, output))) {
            throw new IllegalArgumentException("output " + output + " is the input file; de-identified copies never replace inputs");
        }
        return deidentifyFile(input, output.toString(), deidentification -> deidentification.run(output));
    }

    /**
     * De-identifies one file and writes the copy to {@code output}, which stays open. The copy is
     * encoded and scanned for residual identifiers in memory, so {@code output} receives bytes
     * only when the file was not rejected. Pass the stream of an encrypting
     * {@link OutputSink} to keep the copy off the disk in plaintext.
     *
     * @param outputName the name of the copy, recorded in the report and used in messages
     * @return the report; {@link DeidentificationReport#rejected()} returns whether it was written
     * @throws IOException when reading or writing fails for a reason other than invalid DICOM
     */
    public DeidentificationReport deidentifyFile(Path input, OutputStream output, String outputName) throws IOException {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(outputName, "outputName");
        return deidentifyFile(input, outputName, deidentification -> deidentification.run(output, outputName));
    }

    /** The step of {@link FileDeidentification} that encodes and stores the copy. */
    @FunctionalInterface
    private interface CopyStep {
        DeidentificationReport run(FileDeidentification deidentification) throws IOException;
    }

    private DeidentificationReport deidentifyFile(Path input, String outputName, CopyStep copy) throws IOException {
        // One read serves the hash, the parse and the copy of the Pixel Data.
        byte[] content = Files.readAllBytes(input);
        String inputSha256 = sha256(content);
        DicomFile file;
        try {
            file = DicomFile.read(input, content, ReadOptions.DEFAULT);
        } catch (DicomException invalid) {
            return new DeidentificationReport(input.toString(), inputSha256, null, DeidentificationReport.Status.REJECTED,
                    "not readable as DICOM: " + withoutPath(invalid.getMessage(), input), List.of(), 0, List.of(), List.of());
        }
        DeidentificationReport report;
        try {
            report = copy.run(new FileDeidentification(this, file, input.toString(), inputSha256));
        } catch (DicomException | IllegalArgumentException invalid) {
            report = new DeidentificationReport(input.toString(), inputSha256, null, DeidentificationReport.Status.REJECTED,
                    "cannot de-identify: " + withoutPath(invalid.getMessage(), input), List.of(), 0, List.of(), List.of());
        }
        if (report.rejected()) {
            LOG.warn("{}: rejected: {}", input, report.reason());
        } else {
            LOG.debug("{}: de-identified into {}", input, outputName);
        }
        return report;
    }

    /**
     * De-identifies the source files of a scan into {@code outputDirectory}, each named by
     * {@link #outputName}, and returns the scan with the written files as sources, the id
     * replaced by {@link ProjectSecret#uid} of the original id, and no reader object.
     *
     * @throws IOException when a file is rejected (the message names the file and the reason)
     *     or cannot be read or written
     */
    @Override
    public Scan deidentify(Scan scan, Path outputDirectory) throws IOException {
        List<Path> written = new ArrayList<>();
        for (Path input : scan.sourceFiles()) {
            Path output;
            try {
                output = outputDirectory.resolve(outputName(input));
            } catch (DicomException invalid) {
                throw new IOException(invalid.getMessage(), invalid);
            }
            DeidentificationReport report = deidentifyFile(input, output);
            if (report.rejected()) {
                throw new IOException(input + ": de-identification rejected the file: " + report.reason());
            }
            written.add(output);
        }
        return new Scan(secret.uid(scan.id()), scan.volume(), scan.properties(), written, scan.warnings(), null);
    }

    /**
     * De-identifies the source files of a scan through {@code output}, as
     * {@link #deidentify(Scan, Path)} does into a folder. The copies are stored at
     * {@link OutputSink#location(String)}. The returned scan's source files are
     * {@code output.directory()} resolved with each copy's name, without the suffix that an
     * encrypting sink appends, so that file names derived from them name the de-identified
     * instances.
     *
     * @throws IOException when a file is rejected (the message names the file and the reason)
     *     or cannot be read or written; copies already stored stay
     */
    @Override
    public Scan deidentify(Scan scan, OutputSink output) throws IOException {
        List<Path> written = new ArrayList<>();
        for (Path input : scan.sourceFiles()) {
            String name;
            try {
                name = outputName(input);
            } catch (DicomException invalid) {
                throw new IOException(invalid.getMessage(), invalid);
            }
            try (PendingOutput copy = output.create(name)) {
                DeidentificationReport report = deidentifyFile(input, copy.stream(), name);
                if (report.rejected()) {
                    throw new IOException(input + ": de-identification rejected the file: " + report.reason());
                }
                copy.commit();
            }
            written.add(output.directory().resolve(name));
        }
        return new Scan(secret.uid(scan.id()), scan.volume(), scan.properties(), written, scan.warnings(), null);
    }

    /** Replaces the input path in a message, since reports leave out input names. */
    private static String withoutPath(String message, Path input) {
        return message == null ? "" : message.replace(input.toString(), "the input");
    }

    private static String sha256(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** Records one original-to-replacement mapping for {@link #pseudonymMap()}. */
    void recordMapping(String kind, String original, String replacement) {
        mappings.putIfAbsent(kind + "\t" + original, new PseudonymMap.Entry(kind, original, replacement));
    }

    /**
     * Returns every mapping made so far (Patient ID, Patient's Name, UIDs and, under Modified
     * Dates, the day offset per original Patient ID), sorted by kind and original value. Write it
     * only encrypted, with {@link PseudonymMap#write}.
     */
    public PseudonymMap pseudonymMap() {
        List<PseudonymMap.Entry> entries = new ArrayList<>(mappings.values());
        entries.sort(Comparator.comparing(PseudonymMap.Entry::kind).thenComparing(PseudonymMap.Entry::original));
        return new PseudonymMap(entries);
    }
}
