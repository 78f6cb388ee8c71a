package org.medannot.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.medannot.core.annotation.Annotation;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.audit.AuditEvent;
import org.medannot.core.audit.AuditLog;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.core.spi.AnnotationWriter;
import org.medannot.core.spi.Scan;
import org.medannot.dicom.nifti.NiftiWriter;
import org.medannot.dicom.seg.ReferenceGrid;
import org.medannot.dicom.seg.SegWriter;
import org.medannot.dicom.seg.SegmentSpec;
import org.medannot.dicom.series.DicomVolume;

/**
 * The annotation writers of {@code annotate pipeline} that give each output its fixed name in
 * the series folder: {@code labels.nii.gz}, {@code seg.dcm}, {@code audit.jsonl}, and the
 * COCO, Label Studio and CVAT files under their fixed names.
 */
final class PipelineWriters {

    private PipelineWriters() {
    }

    /**
     * Runs another writer in a private folder and moves the one file it writes to a fixed name
     * in the series folder.
     */
    static AnnotationWriter renamed(AnnotationWriter writer, String fileName) {
        return new AnnotationWriter() {
            @Override
            public String format() {
                return writer.format();
            }

            @Override
            public List<Path> write(AnnotationSet annotations, Scan scan, Path outputDirectory) throws IOException {
                Path staging = Files.createTempDirectory(outputDirectory, "." + writer.format() + "-");
                try {
                    List<Path> written = writer.write(annotations, scan, staging);
                    if (written.size() != 1) {
                        throw new IOException("the " + writer.format() + " writer wrote " + written.size()
                                + " files; expected one");
                    }
                    Path target = outputDirectory.resolve(fileName);
                    Files.move(written.get(0), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    return List.of(target);
                } finally {
                    deleteTree(staging);
                }
            }
        };
    }

    /** Writes {@code labels.nii.gz}: the round's masks as one NIfTI-1 label map on the scan's grid. */
    static AnnotationWriter labelMap() {
        return new AnnotationWriter() {
            @Override
            public String format() {
                return "nifti";
            }

            @Override
            public List<Path> write(AnnotationSet annotations, Scan scan, Path outputDirectory) throws IOException {
                Path file = outputDirectory.resolve("labels.nii.gz");
                new NiftiWriter().write(PipelineLabels.toLabelMap(annotations, scan.volume().geometry()), file);
                return List.of(file);
            }
        };
    }

    /**
     * Writes {@code seg.dcm}: a BINARY DICOM Segmentation referencing the images of the series
     * (the de-identified copies in {@code deidentified/} when the pipeline
     * de-identified the series). A scan that did not
     * come from DICOM gets no SEG; the reason is added to {@code notes} under the scan id.
     */
    static AnnotationWriter seg(Map<String, List<String>> notes) {
        return new AnnotationWriter() {
            @Override
            public String format() {
                return "seg";
            }

            @Override
            public List<Path> write(AnnotationSet annotations, Scan scan, Path outputDirectory) throws IOException {
                DicomVolume source = dicomSource(scan, outputDirectory);
                if (source == null) {
                    note(notes, scan.id(), "seg.dcm not written: the scan was not read from DICOM, so there are no images "
                            + "for a SEG to reference");
                    return List.of();
                }
                LabelMap labels = PipelineLabels.toLabelMap(annotations, scan.volume().geometry());
                List<SegmentSpec> specs = new ArrayList<>();
                List<Mask> masks = new ArrayList<>();
                for (Annotation annotation : annotations.annotations()) {
                    if (annotation.shape() instanceof Mask) {
                        int label = annotation.category().id();
                        specs.add(SegmentSpec.of(specs.size() + 1, annotation.category(), annotation.provenance()));
                        masks.add(labels.mask(label));
                    }
                }
                if (specs.isEmpty()) {
                    note(notes, scan.id(), "seg.dcm not written: the round has no segments (a SEG needs at least one)");
                    return List.of();
                }
                Path file = outputDirectory.resolve("seg.dcm");
                try {
                    SegWriter.write(file, new SegWriter().binary(referenceGrid(source, scan, notes),
                            source.sourceAttributes(0), specs, masks));
                } catch (IllegalArgumentException e) {
                    throw new IOException("cannot build the DICOM SEG: " + e.getMessage(), e);
                }
                return List.of(file);
            }
        };
    }

    /**
     * Returns the DICOM series of a scan: its source, or, for a scan that the pipeline
     * de-identified, the series read back from {@code deidentified/}; null when neither exists.
     */
    private static DicomVolume dicomSource(Scan scan, Path outputDirectory) throws IOException {
        if (scan.source() instanceof DicomVolume volume) {
            return volume;
        }
        Path copies = outputDirectory.resolve("deidentified");
        if (!Files.isDirectory(copies)) {
            return null;
        }
        List<Scan> reread = new org.medannot.dicom.series.DicomScanReader().read(copies);
        if (reread.size() != 1 || !(reread.get(0).source() instanceof DicomVolume volume)) {
            throw new IOException("expected one series among the de-identified files, but found " + reread.size());
        }
        return volume;
    }

    /**
     * Returns the grid of the series with its UIDs. A series whose images carry an empty Series
     * Instance UID gets a UID derived from the scan id (2.25 form, the same on every run), and
     * a note says so, since the SEG's Referenced Series Sequence then names a UID that the
     * images do not carry.
     */
    private static ReferenceGrid referenceGrid(DicomVolume source, Scan scan, Map<String, List<String>> notes) {
        String seriesUid = source.series().seriesInstanceUid();
        if (seriesUid != null && !seriesUid.isEmpty()) {
            return ReferenceGrid.of(source);
        }
        java.util.UUID uuid = java.util.UUID.nameUUIDFromBytes(("series " + scan.id()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        String derived = "2.25." + new java.math.BigInteger(1, bytes.array());
        note(notes, scan.id(), "the images carry no Series Instance UID; seg.dcm references the series as " + derived);
        return ReferenceGrid.of(source.seriesGeometry(), derived);
    }

    /**
     * Writes {@code audit.jsonl}: a hash-chained audit log with one entry for the model round
     * (model name, version and SHA-256 of the model file when there is one, the round's content
     * hash and its annotation count).
     */
    static AnnotationWriter audit(String modelSha256) {
        return new AnnotationWriter() {
            @Override
            public String format() {
                return "audit";
            }

            @Override
            public List<Path> write(AnnotationSet annotations, Scan scan, Path outputDirectory) throws IOException {
                Map<String, String> attributes = new java.util.LinkedHashMap<>();
                String model = "";
                String version = "";
                if (!annotations.annotations().isEmpty()) {
                    model = annotations.annotations().get(0).provenance().producerId();
                    version = Objects.toString(annotations.annotations().get(0).provenance().producerVersion(), "");
                }
                attributes.put("model", model);
                attributes.put("modelVersion", version);
                attributes.put("modelSha256", modelSha256 == null ? "" : modelSha256);
                attributes.put("round", Integer.toString(annotations.round()));
                attributes.put("contentHash", annotations.contentHash());
                attributes.put("annotations", Integer.toString(annotations.annotations().size()));
                Path file = outputDirectory.resolve("audit.jsonl");
                Path temporary = outputDirectory.resolve(".audit.jsonl." + System.nanoTime() + ".tmp");
                try {
                    try (AuditLog log = AuditLog.open(temporary)) {
                        log.append(new AuditEvent("model:" + (model.isEmpty() ? "unknown" : model), "model-round",
                                annotations.scanId() + "/round-" + annotations.round(), attributes));
                    }
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(temporary);
                }
                return List.of(file);
            }
        };
    }

    /** Adds a note for a scan once; a note that several writers report appears a single time. */
    static void note(Map<String, List<String>> notes, String scanId, String note) {
        List<String> list = notes.computeIfAbsent(scanId, id -> java.util.Collections.synchronizedList(new ArrayList<>()));
        synchronized (list) {
            if (!list.contains(note)) {
                list.add(note);
            }
        }
    }

    static Map<String, List<String>> newNotes() {
        return new ConcurrentHashMap<>();
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
