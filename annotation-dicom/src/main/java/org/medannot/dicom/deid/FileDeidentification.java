package org.medannot.dicom.deid;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.medannot.dicom.DicomFile;
import org.medannot.dicom.ElementDictionary;
import org.medannot.dicom.Tag;
import org.medannot.dicom.VR;
import org.medannot.dicom.io.DicomWriter;
import org.medannot.dicom.io.MutableAttributes;
import org.medannot.dicom.io.MutableElement;
import org.medannot.dicom.pixel.PixelDataElement;

/**
 * De-identification of one file: applies the profile to the data set at every nesting level,
 * records each action, adds the de-identification attributes, encodes the copy, scans it for
 * residual identifiers and writes it when the scan finds none. One instance per file, used by
 * one thread.
 */
final class FileDeidentification {

    static final int PATIENT_ID = 0x00100020;
    static final int BURNED_IN_ANNOTATION = 0x00280301;
    static final int PATIENT_IDENTITY_REMOVED = 0x00120062;
    static final int DEIDENTIFICATION_METHOD = 0x00120063;
    static final int DEIDENTIFICATION_METHOD_CODE_SEQUENCE = 0x00120064;
    static final int LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED = 0x00280303;
    private static final int CODE_VALUE = 0x00080100;
    private static final int CODING_SCHEME_DESIGNATOR = 0x00080102;
    private static final int CODE_MEANING = 0x00080104;

    /**
     * Attributes that name a SOP class, standard or private (such as a vendor's non-image
     * storage class). They are kept inside the items of X/Z/U* sequences, because a class
     * identifies a kind of object, not a patient, and readers need it to resolve the reference.
     */
    private static final java.util.Set<Integer> CLASS_UID_TAGS = java.util.Set.of(
            Tag.SOP_CLASS_UID, Tag.MEDIA_STORAGE_SOP_CLASS_UID,
            0x00081150, // Referenced SOP Class UID
            0x00041510, // Referenced SOP Class UID in File
            0x0008001A, // Related General SOP Class UID
            0x0008001B); // Original Specialized SOP Class UID

    /** Prefix of UIDs the standard defines (SOP classes, transfer syntaxes, coding schemes), which are never replaced. */
    static final String STANDARD_UID_PREFIX = "1.2.840.10008.";

    private final DicomDeidentifier config;
    private final ConfidentialityProfile profile;
    private final ProjectSecret secret;
    private final DicomFile source;
    private final String sourceName;
    private final String inputSha256;

    private final List<DeidentificationReport.Action> actions = new ArrayList<>();
    /** Original values that must not appear in the output, to the attribute they came from. */
    private final Map<String, String> originals = new LinkedHashMap<>();
    /** Patient identifiers, searched even when a kept attribute has the same value. */
    private final Set<String> strictOriginals = new HashSet<>();
    /** Values of attributes kept unchanged; other originals equal to one of them are not searched. */
    private final Set<String> keptValues = new HashSet<>();
    /**
     * Values that this class wrote into the copy. An original value found inside one of them
     * is there by chance, as when a new UID contains a device serial number.
     */
    private final Set<String> written = new HashSet<>(List.of(DicomWriter.IMPLEMENTATION_CLASS_UID,
            DicomWriter.IMPLEMENTATION_VERSION_NAME));
    private int keptUnlisted;

    private String patientPseudonym;
    private int dateOffsetDays;

    FileDeidentification(DicomDeidentifier config, DicomFile source, String sourceName, String inputSha256) {
        this.inputSha256 = inputSha256;
        this.config = config;
        this.profile = config.profile();
        this.secret = config.secret();
        this.source = source;
        this.sourceName = sourceName;
    }

    /** The de-identified data set ready to encode, or the report of its rejection. */
    private record Prepared(MutableAttributes dataSet, MutableAttributes previousMeta, String transferSyntax,
            List<BlankRegion> blanked, DeidentificationReport rejection) {
    }

    DeidentificationReport run(Path output) throws IOException {
        Prepared prepared = prepare();
        if (prepared.rejection() != null) {
            return prepared.rejection();
        }
        byte[] encoded = encode(prepared);
        // The copy is encoded and scanned in memory, so a copy with findings never reaches the disk.
        List<String> findings = ResidualIdentifierScanner.scan(output, encoded, searchedOriginals(), written);
        if (!findings.isEmpty()) {
            return new DeidentificationReport(sourceName, inputSha256, null, DeidentificationReport.Status.REJECTED,
                    "residual identifiers found in the de-identified copy, which was not written", actions, keptUnlisted,
                    prepared.blanked(), findings);
        }
        writeAtomically(output, encoded);
        return new DeidentificationReport(sourceName, inputSha256, output.toString(), DeidentificationReport.Status.WRITTEN, null, actions,
                keptUnlisted, prepared.blanked(), List.of());
    }

    /**
     * De-identifies into memory, scans the encoded copy, and writes it to {@code output} only when
     * the scan found nothing, so a rejected copy never reaches {@code output}.
     */
    DeidentificationReport run(OutputStream output, String outputName) throws IOException {
        Prepared prepared = prepare();
        if (prepared.rejection() != null) {
            return prepared.rejection();
        }
        byte[] bytes = encode(prepared);
        List<String> findings = ResidualIdentifierScanner.scan(Path.of(outputName), bytes, searchedOriginals(), written);
        if (!findings.isEmpty()) {
            return new DeidentificationReport(sourceName, inputSha256, null, DeidentificationReport.Status.REJECTED,
                    "residual identifiers found in the de-identified copy, which was not written", actions, keptUnlisted,
                    prepared.blanked(), findings);
        }
        output.write(bytes);
        return new DeidentificationReport(sourceName, inputSha256, outputName, DeidentificationReport.Status.WRITTEN, null,
                actions, keptUnlisted, prepared.blanked(), List.of());
    }

    private Prepared prepare() {
        String patientId = source.dataSet().getString(PATIENT_ID, "");
        patientPseudonym = secret.patientPseudonym(patientId);
        dateOffsetDays = secret.dateOffsetDays(patientId);
        if (profile.has(ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES)) {
            config.recordMapping("DateOffsetDays", patientId, Integer.toString(dateOffsetDays));
        }

        MutableAttributes dataSet = MutableAttributes.copyOf(source.dataSet());
        List<BlankRegion> blanked = List.of();
        String burnedIn = burnedInReason(dataSet);
        if (burnedIn != null) {
            if (config.blankRegions().isEmpty()) {
                return new Prepared(null, null, null, List.of(),
                        rejected(burnedIn + "; pass the regions that show text to blank them"));
            }
            String failure = PixelBlanker.blank(dataSet, config.blankRegions(), sourceName);
            if (failure != null) {
                return new Prepared(null, null, null, List.of(), rejected(burnedIn + ", and blanking failed: " + failure));
            }
            blanked = config.blankRegions();
            int pixelTag = PixelDataElement.of(dataSet::contains).tag();
            record(Tag.toString(pixelTag), pixelTag, "cleaned");
        }

        process(dataSet, "", false);
        if (!blanked.isEmpty()) {
            // The caller's regions are taken to cover all burned-in text.
            dataSet.setString(BURNED_IN_ANNOTATION, VR.CS, "NO");
            written.add("NO");
            record(Tag.toString(BURNED_IN_ANNOTATION), BURNED_IN_ANNOTATION, "added");
        }
        addDeidentificationAttributes(dataSet, blanked);

        MutableAttributes previousMeta = processFileMeta();
        String transferSyntax = DicomWriter.transferSyntaxFor(source);
        written.add(transferSyntax);
        return new Prepared(dataSet, previousMeta, transferSyntax, blanked, null);
    }

    /** Encodes the de-identified copy as a Part 10 file with a new File Meta Information. */
    private byte[] encode(Prepared prepared) {
        MutableAttributes fileMeta = DicomWriter.fileMetaFor(prepared.dataSet(), prepared.transferSyntax(),
                prepared.previousMeta());
        return DicomWriter.toBytes(fileMeta, prepared.dataSet(), prepared.transferSyntax(), sourceName);
    }

    /**
     * Writes {@code content} to a new temporary file in the output's folder, readable and writable
     * by the owner only where the file system has POSIX permissions, and moves it into place.
     */
    private static void writeAtomically(Path output, byte[] content) throws IOException {
        Path folder = output.toAbsolutePath().getParent();
        // The random part keeps concurrent writers of one name apart, and CREATE_NEW never reuses a file.
        Path temporary = folder.resolve("." + output.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
        boolean moved = false;
        try {
            try (SeekableByteChannel channel = createNew(temporary)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            Files.move(temporary, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /** Creates a new file for writing, and its folder when that is missing. */
    private static SeekableByteChannel createNew(Path file) throws IOException {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            return Files.newByteChannel(file, options, ownerOnly(file.getParent()));
        } catch (NoSuchFileException missingFolder) {
            // The folder is created only when needed, because a check per file costs a file system call.
            Files.createDirectories(file.getParent());
            return Files.newByteChannel(file, options, ownerOnly(file.getParent()));
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path folder) {
        if (!folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))};
    }

    /**
     * Returns why the pixel data may show identifying text, or null: Burned In Annotation
     * (0028,0301) is YES, or the object is ultrasound or secondary capture and Burned In
     * Annotation is not NO.
     */
    private String burnedInReason(MutableAttributes dataSet) {
        if (PixelDataElement.of(dataSet::contains) == null) {
            return null;
        }
        String burnedIn = dataSet.getString(BURNED_IN_ANNOTATION);
        if ("YES".equalsIgnoreCase(burnedIn)) {
            return "Burned In Annotation (0028,0301) is YES, so the pixel data shows text that may identify the patient";
        }
        String sopClass = dataSet.getString(Tag.SOP_CLASS_UID);
        if (sopClass == null) {
            sopClass = source.fileMeta().getString(Tag.MEDIA_STORAGE_SOP_CLASS_UID, "");
        }
        boolean ultrasound = inFamily(sopClass, "1.2.840.10008.5.1.4.1.1.6") || inFamily(sopClass, "1.2.840.10008.5.1.4.1.1.3")
                || "US".equals(dataSet.getString(Tag.MODALITY));
        boolean secondaryCapture = inFamily(sopClass, "1.2.840.10008.5.1.4.1.1.7");
        if ((ultrasound || secondaryCapture) && !"NO".equalsIgnoreCase(burnedIn)) {
            return (ultrasound ? "ultrasound" : "secondary capture") + " image without Burned In Annotation (0028,0301) = NO, "
                    + "so the pixel data may show identifying text";
        }
        return null;
    }

    /** Returns whether a SOP Class UID is {@code root} or one of its sub-classes ({@code root.n}). */
    private static boolean inFamily(String sopClass, String root) {
        return sopClass.equals(root) || sopClass.startsWith(root + ".");
    }

    private DeidentificationReport rejected(String reason) {
        return new DeidentificationReport(sourceName, inputSha256, null, DeidentificationReport.Status.REJECTED, reason, actions, keptUnlisted,
                List.of(), List.of());
    }

    /** Applies the profile to one data set or item, then to the items of its sequences. */
    private void process(MutableAttributes dataSet, String path, boolean uidItems) {
        Map<Integer, String> creators = new HashMap<>();
        for (MutableElement element : dataSet.elements()) {
            if (Tag.isPrivateCreator(element.tag())) {
                String creator = dataSet.getString(element.tag());
                creators.put(element.tag(), creator == null ? "" : creator);
            }
        }
        Set<Integer> usedCreators = new HashSet<>();
        for (int tag : dataSet.tags()) {
            MutableElement element = dataSet.get(tag);
            String where = path + Tag.toString(tag);
            int group = Tag.group(tag);
            if ((group & 1) == 1) {
                if (!Tag.isPrivateCreator(tag)) {
                    processPrivate(dataSet, element, where, creators, usedCreators);
                }
            } else if (Tag.element(tag) == 0) {
                // Group lengths are retired (PS3.5 section 7.2) and the writer drops them.
                dataSet.remove(tag);
            } else if (isOverlayOrCurve(group)) {
                removeOverlayOrCurve(dataSet, element, where);
            } else if (tag == PATIENT_ID || tag == Tag.PATIENT_NAME) {
                pseudonymize(dataSet, element, where);
            } else {
                apply(dataSet, element, where, profile.actionFor(tag), uidItems);
            }
        }
        for (Map.Entry<Integer, String> creator : creators.entrySet()) {
            int tag = creator.getKey();
            if (usedCreators.contains(tag)) {
                keptValues.add(creator.getValue());
                record(path + Tag.toString(tag), "Private Creator " + creator.getValue(), "kept");
            } else {
                collect(dataSet, dataSet.get(tag), path + Tag.toString(tag));
                dataSet.remove(tag);
                // The value of a removed creator is an original value, so the report does not name it.
                record(path + Tag.toString(tag), "Private Creator", "removed");
            }
        }
    }

    /**
     * Removes one element of an overlay (60xx) or curve (50xx) group, with or without the Clean
     * Graphics option, and records it as removed.
     *
     * <p>Table E.1-1 removes Overlay Data (60xx,3000), Overlay Comments (60xx,4000) and Curve Data
     * (50xx,xxxx) in the basic profile, and lets Clean Graphics keep them after cleaning (C).
     * Cleaning would mean proving that the overlay bitmap or the curve's points draw no text,
     * which this code cannot do, so it never keeps them and never reports them as cleaned. The
     * other elements of an overlay group, which the table does not list, are removed too. Without
     * Overlay Data (Type 1 in the Overlay Plane Module) they describe a missing bitmap, and
     * Overlay Description and Overlay Label are free text.
     */
    private void removeOverlayOrCurve(MutableAttributes dataSet, MutableElement element, String where) {
        collect(dataSet, element, where);
        dataSet.remove(element.tag());
        record(where, element.tag(), "removed");
    }

    /** Overlay groups 6000-601E and curve groups 5000-501E (even groups only). */
    static boolean isOverlayOrCurve(int group) {
        int high = group & 0xFF00;
        return (high == 0x6000 || high == 0x5000) && (group & 1) == 0 && (group & 0xFF) <= 0x1E;
    }

    private void processPrivate(MutableAttributes dataSet, MutableElement element, String where, Map<Integer, String> creators,
            Set<Integer> usedCreators) {
        int tag = element.tag();
        int group = Tag.group(tag);
        int block = Tag.element(tag) >>> 8;
        int creatorTag = (group << 16) | block;
        String creator = Tag.element(tag) >= 0x1000 && group > 0x0008 ? creators.get(creatorTag) : null;
        boolean keep = creator != null && profile.has(ProfileOption.RETAIN_SAFE_PRIVATE)
                && config.safePrivate().contains(new PrivateAttributeKey(group, creator, Tag.element(tag) & 0xFF));
        if (!keep) {
            collect(dataSet, element, where);
            dataSet.remove(tag);
            record(where, "Private", "removed");
            return;
        }
        String keyword = "Private " + creator;
        usedCreators.add(creatorTag);
        if (element.isSequence()) {
            processItems(element, where, false);
        } else {
            keep(dataSet, element);
        }
        record(where, keyword, "kept");
    }

    private void apply(MutableAttributes dataSet, MutableElement element, String where, ProfileAction action, boolean uidItems) {
        int tag = element.tag();
        VR vr = element.vr();
        switch (action) {
            case REMOVE -> {
                collect(dataSet, element, where);
                dataSet.remove(tag);
                record(where, tag, "removed");
            }
            case EMPTY -> {
                collect(dataSet, element, where);
                dataSet.setEmpty(tag, vr);
                record(where, tag, "emptied");
            }
            case DUMMY -> {
                if (element.isSequence()) {
                    // A dummy sequence keeps its items, cleaned by their own rows, so that Type 1 sequences stay valid.
                    processItems(element, where, uidItems);
                    record(where, tag, "cleaned");
                } else if (vr == VR.UI) {
                    replaceUids(dataSet, element, where);
                } else {
                    dummy(dataSet, element, where);
                }
            }
            case CLEAN -> clean(dataSet, element, where, uidItems);
            case KEEP -> {
                if (element.isSequence()) {
                    processItems(element, where, uidItems);
                } else if (uidItems && vr == VR.UI && !profile.has(ProfileOption.RETAIN_UIDS) && !CLASS_UID_TAGS.contains(tag)) {
                    replaceUids(dataSet, element, where);
                    return;
                } else {
                    keep(dataSet, element);
                }
                if (profile.lists(tag)) {
                    record(where, tag, "kept");
                } else {
                    keptUnlisted++;
                }
            }
            case REPLACE_UID, REPLACE_UIDS_IN_ITEMS -> {
                if (element.isSequence()) {
                    processItems(element, where, true);
                    record(where, tag, "cleaned");
                } else if (vr == VR.UI) {
                    replaceUids(dataSet, element, where);
                } else {
                    dummy(dataSet, element, where);
                }
            }
        }
    }

    private void processItems(MutableElement sequence, String where, boolean uidItems) {
        List<MutableAttributes> items = sequence.items();
        for (int n = 0; n < items.size(); n++) {
            process(items.get(n), where + "[" + n + "]/", uidItems);
        }
    }

    /** C: dates shift under the Modified Dates option (times stay), other values become dummies. */
    private void clean(MutableAttributes dataSet, MutableElement element, String where, boolean uidItems) {
        int tag = element.tag();
        VR vr = element.vr();
        if (element.isSequence()) {
            processItems(element, where, uidItems);
            record(where, tag, "cleaned");
            return;
        }
        String text = dataSet.getStrings(tag).length == 0 ? "" : String.join("\\", dataSet.getStrings(tag));
        boolean modifiedDates = profile.has(ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES);
        if (modifiedDates && vr == VR.TM) {
            // Only calendar dates move, because a time of day without its date identifies no patient.
            keep(dataSet, element);
            record(where, tag, "kept");
            return;
        }
        if (modifiedDates && (vr == VR.DA || vr == VR.DT)) {
            collect(dataSet, element, where);
            if (text.isEmpty()) {
                record(where, tag, "emptied");
                return;
            }
            try {
                String shifted = vr == VR.DA ? DicomDates.shiftDate(text, dateOffsetDays) : DicomDates.shiftDateTime(text, dateOffsetDays);
                dataSet.setString(tag, vr, shifted);
                written.add(shifted);
                record(where, tag, "date-shifted");
            } catch (IllegalArgumentException invalidDate) {
                dataSet.setEmpty(tag, vr);
                record(where, tag, "emptied");
            }
            return;
        }
        if (vr == VR.UI) {
            replaceUids(dataSet, element, where);
            return;
        }
        dummy(dataSet, element, where);
    }

    private void dummy(MutableAttributes dataSet, MutableElement element, String where) {
        int tag = element.tag();
        VR vr = element.vr();
        collect(dataSet, element, where);
        if (isEmpty(element)) {
            record(where, tag, "emptied");
        } else if (vr.isText()) {
            dataSet.setString(tag, vr, DummyValues.text(vr));
            written.add(DummyValues.text(vr));
            record(where, tag, "dummy");
        } else {
            dataSet.setBytes(tag, vr, DummyValues.binary(vr));
            record(where, tag, "dummy");
        }
    }

    private void replaceUids(MutableAttributes dataSet, MutableElement element, String where) {
        String[] values = dataSet.getStrings(element.tag());
        if (values.length == 0) {
            record(where, element.tag(), "emptied");
            return;
        }
        String[] mapped = new String[values.length];
        for (int n = 0; n < values.length; n++) {
            mapped[n] = mapUid(values[n]);
            if (!mapped[n].equals(values[n])) {
                originals.putIfAbsent(values[n], where);
            }
        }
        dataSet.setString(element.tag(), VR.UI, mapped);
        written.addAll(List.of(mapped));
        record(where, element.tag(), "uid-replaced");
    }

    /** Maps an instance UID under the secret; standard-defined and empty UIDs stay. */
    private String mapUid(String uid) {
        if (uid.isEmpty() || uid.startsWith(STANDARD_UID_PREFIX)) {
            return uid;
        }
        String mapped = secret.uid(uid);
        config.recordMapping("UID", uid, mapped);
        return mapped;
    }

    /**
     * Replaces Patient ID or Patient's Name with the pseudonym of the original Patient ID. For
     * Patient's Name, Table E.1-1 has Z, which allows a dummy value consistent with the VR in
     * place of an empty one. The pseudonym is such a value: it is derived from the Patient ID
     * under the project secret, not from the name, and it keeps the files of one patient
     * together in viewers that group by name.
     */
    private void pseudonymize(MutableAttributes dataSet, MutableElement element, String where) {
        String original = dataSet.getStrings(element.tag()).length == 0 ? "" : String.join("\\", dataSet.getStrings(element.tag()));
        String pseudonym = element.tag() == PATIENT_ID ? secret.patientPseudonym(original) : patientPseudonym;
        collect(dataSet, element, where);
        strictOriginals.add(original.strip());
        for (String component : original.split("[\\^=\\\\]")) {
            if (component.strip().length() >= ResidualIdentifierScanner.MIN_LENGTH) {
                originals.putIfAbsent(component.strip(), where);
                strictOriginals.add(component.strip());
            }
        }
        config.recordMapping(element.tag() == PATIENT_ID ? "PatientID" : "PatientName", original, pseudonym);
        dataSet.setString(element.tag(), element.vr() == VR.UN ? (element.tag() == PATIENT_ID ? VR.LO : VR.PN) : element.vr(),
                pseudonym);
        written.add(pseudonym);
        record(where, element.tag(), "pseudonym");
    }

    /**
     * Prepares the source File Meta Information for {@link DicomWriter#fileMetaFor}: maps the
     * Media Storage SOP Instance UID and remembers the values that the new meta drops (such as
     * Source Application Entity Title) for the residual scan. The implementation class UID and
     * version name identify software, not a patient, so they are not searched.
     */
    private MutableAttributes processFileMeta() {
        MutableAttributes meta = MutableAttributes.copyOf(source.fileMeta());
        boolean retainUids = profile.has(ProfileOption.RETAIN_UIDS);
        for (MutableElement element : meta.elements()) {
            int tag = element.tag();
            boolean software = tag == 0x00020012 || tag == 0x00020013;
            boolean standard = tag == Tag.MEDIA_STORAGE_SOP_CLASS_UID || tag == Tag.TRANSFER_SYNTAX_UID
                    || tag == Tag.FILE_META_INFORMATION_GROUP_LENGTH || tag == 0x00020001;
            if (tag == Tag.MEDIA_STORAGE_SOP_INSTANCE_UID && retainUids) {
                keep(meta, element);
            } else if (!software && !standard && tag != Tag.MEDIA_STORAGE_SOP_INSTANCE_UID) {
                collect(meta, element, Tag.toString(tag));
            }
        }
        MutableElement instance = meta.get(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID);
        if (instance != null && !retainUids) {
            replaceUids(meta, instance, Tag.toString(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID));
        }
        return meta;
    }

    private void addDeidentificationAttributes(MutableAttributes dataSet, List<BlankRegion> blanked) {
        dataSet.setString(PATIENT_IDENTITY_REMOVED, VR.CS, "YES");
        written.add("YES");
        record(Tag.toString(PATIENT_IDENTITY_REMOVED), PATIENT_IDENTITY_REMOVED, "added");

        List<String> method = new ArrayList<>();
        method.add("DICOM PS3.15 E.1 " + ProfileOption.BASIC_PROFILE_MEANING);
        for (ProfileOption option : profile.options()) {
            method.add(option.meaning());
        }
        for (BlankRegion region : blanked) {
            method.add("Pixels blanked: x,y,w,h = " + region);
        }
        dataSet.setString(DEIDENTIFICATION_METHOD, VR.LO, method.toArray(String[]::new));
        written.addAll(method);
        record(Tag.toString(DEIDENTIFICATION_METHOD), DEIDENTIFICATION_METHOD, "added");

        List<MutableAttributes> codes = new ArrayList<>();
        codes.add(code(ProfileOption.BASIC_PROFILE_CODE, ProfileOption.BASIC_PROFILE_MEANING));
        for (ProfileOption option : profile.options()) {
            codes.add(code(option.code(), option.meaning()));
        }
        dataSet.setSequence(DEIDENTIFICATION_METHOD_CODE_SEQUENCE, codes);
        record(Tag.toString(DEIDENTIFICATION_METHOD_CODE_SEQUENCE), DEIDENTIFICATION_METHOD_CODE_SEQUENCE, "added");

        // Longitudinal Temporal Information Modified: UNMODIFIED when dates are kept, MODIFIED when shifted, REMOVED otherwise.
        String temporal = profile.has(ProfileOption.RETAIN_LONGITUDINAL_FULL_DATES) ? "UNMODIFIED"
                : profile.has(ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES) ? "MODIFIED" : "REMOVED";
        dataSet.setString(LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED, VR.CS, temporal);
        written.add(temporal);
        record(Tag.toString(LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED), LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED, "added");
    }

    private MutableAttributes code(String value, String meaning) {
        MutableAttributes item = new MutableAttributes();
        item.setString(CODE_VALUE, VR.SH, value);
        item.setString(CODING_SCHEME_DESIGNATOR, VR.SH, "DCM");
        item.setString(CODE_MEANING, VR.LO, meaning);
        written.addAll(List.of(value, "DCM", meaning));
        return item;
    }

    /**
     * Remembers the original text values of an element that is about to change, for the residual
     * scan. Decimal numbers (DS, IS, and UN values that read as numbers) and times (TM) are not
     * searched: they recur inside unrelated kept values and dummy values, and a number or a time
     * of day alone identifies no patient.
     */
    private void collect(MutableAttributes dataSet, MutableElement element, String where) {
        if (element.vr() == VR.DS || element.vr() == VR.IS || element.vr() == VR.TM) {
            return;
        }
        for (String value : textValues(dataSet, element)) {
            if (!(element.vr() == VR.UN && value.matches("[-+0-9.eE ]*"))) {
                originals.putIfAbsent(value, where);
            }
        }
    }

    private void keep(MutableAttributes dataSet, MutableElement element) {
        keptValues.addAll(textValues(dataSet, element));
    }

    /** Text values of an element; UN values count when their bytes are printable ASCII. */
    private static List<String> textValues(MutableAttributes dataSet, MutableElement element) {
        if (element == null || element.isSequence() || element.isBulkData() || element.isEncapsulated()) {
            return List.of();
        }
        if (element.vr().isText()) {
            List<String> values = new ArrayList<>();
            for (String value : dataSet.getStrings(element.tag())) {
                values.add(value.strip());
            }
            return values;
        }
        if (element.vr() == VR.UN) {
            byte[] bytes = element.bytes();
            for (byte b : bytes) {
                if ((b < 0x20 || b > 0x7E) && b != 0) {
                    return List.of();
                }
            }
            List<String> values = new ArrayList<>();
            for (String value : new String(bytes, StandardCharsets.US_ASCII).split("\\\\")) {
                values.add(value.replace("\0", "").strip());
            }
            return values;
        }
        return List.of();
    }

    private static boolean isEmpty(MutableElement element) {
        byte[] bytes = element.bytes();
        return bytes != null && bytes.length == 0;
    }

    private Map<String, String> searchedOriginals() {
        // One search in the kept values joined by NUL replaces one search per kept value; values that contain NUL use the loop.
        String allKeptValues = String.join("\0", keptValues);
        Map<String, String> searched = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : originals.entrySet()) {
            String value = entry.getKey();
            if (value.isEmpty() || (!strictOriginals.contains(value) && insideKeptValue(value, allKeptValues))) {
                continue;
            }
            if (value.equals(patientPseudonym) || DummyValues.contains(value)) {
                continue;
            }
            searched.put(value, entry.getValue());
        }
        return searched;
    }

    /** Returns whether a kept attribute's value contains {@code value}, which the profile then allowed to stay. */
    private boolean insideKeptValue(String value, String allKeptValues) {
        if (value.indexOf('\0') < 0) {
            return allKeptValues.contains(value);
        }
        for (String kept : keptValues) {
            if (kept.contains(value)) {
                return true;
            }
        }
        return false;
    }

    private void record(String where, int tag, String action) {
        String keyword = ElementDictionary.keywordOf(tag);
        record(where, keyword == null ? Tag.toString(tag) : keyword, action);
    }

    private void record(String where, String keyword, String action) {
        actions.add(new DeidentificationReport.Action(where, keyword, action));
    }
}
