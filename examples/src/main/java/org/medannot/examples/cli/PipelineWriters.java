package org.medannot.examples.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
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
import org.medannot.core.output.OutputSink;
import org.medannot.core.spi.AnnotationWriter;
import org.medannot.core.spi.Scan;
import org.medannot.dicom.io.MutableAttributes;
import org.medannot.dicom.nifti.NiftiWriter;
import org.medannot.dicom.seg.ReferenceGrid;
import org.medannot.dicom.seg.SegWriter;
import org.medannot.dicom.seg.SegmentSpec;
import org.medannot.dicom.series.DicomVolume;

/**
 * The annotation writers of {@code annotate pipeline} that give each output its fixed name in
 * the series folder: {@code labels.nii.gz}, {@code seg.dcm}, {@code audit.jsonl}, and the
 * COCO, Label Studio and CVAT files under their fixed names. Each writer stores its files
 * through the pipeline's output sink, so they are encrypted when the sink encrypts.
 */
final class PipelineWriters {

    /** Name of the DICOM SEG file that {@link #seg} writes into a scan's folder. */
    static final String SEG_FILE = "seg.dcm";

    private PipelineWriters() {
    }

    /** Writes the content of one round to a stream that stays open. */
    @FunctionalInterface
    interface RoundContent {
        void write(AnnotationSet annotations, Scan scan, OutputStream out) throws IOException;
    }

    /**
     * A pipeline writer that stores its files through an output sink. The folder method stores
     * them through a plain sink of that folder, so both methods write the same bytes.
     */
    abstract static class SinkWriter implements AnnotationWriter {

        private final String format;

        SinkWriter(String format) {
            this.format = format;
        }

        @Override
        public String format() {
            return format;
        }

        @Override
        public List<Path> write(AnnotationSet annotations, Scan scan, Path outputDirectory) throws IOException {
            return write(annotations, scan, OutputSink.plain(outputDirectory));
        }

        @Override
        public abstract List<Path> write(AnnotationSet annotations, Scan scan, OutputSink output) throws IOException;
    }

    /** Returns a writer that stores the one file {@code content} writes under {@code fileName}. */
    static AnnotationWriter named(String format, String fileName, RoundContent content) {
        return new SinkWriter(format) {
            @Override
            public List<Path> write(AnnotationSet annotations, Scan scan, OutputSink output) throws IOException {
                return List.of(output.write(fileName, out -> content.write(annotations, scan, out)));
            }
        };
    }

    /** Writes {@code labels.nii.gz}: the round's masks as one NIfTI-1 label map on the scan's grid. */
    static AnnotationWriter labelMap() {
        return named("nifti", "labels.nii.gz", (annotations, scan, out) -> new NiftiWriter().write(
                PipelineLabels.toLabelMap(annotations, scan.volume().geometry()), out, true));
    }

    /**
     * Writes {@code seg.dcm}: a BINARY DICOM Segmentation referencing the images of the series
     * (the de-identified copies in {@code deidentified/} when the pipeline
     * de-identified the series, whose data sets {@link DeidentifiedCopy} passes on as the scan's
     * source). A scan that did not come from DICOM gets no SEG; the reason is added to
     * {@code notes} under the scan id.
     */
    static AnnotationWriter seg(Map<String, List<String>> notes) {
        return new SinkWriter("seg") {
            @Override
            public List<Path> write(AnnotationSet annotations, Scan scan, OutputSink output) throws IOException {
                if (!(scan.source() instanceof DicomVolume source)) {
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
                MutableAttributes seg;
                try {
                    seg = new SegWriter().binary(referenceGrid(source, scan, notes), source.sourceAttributes(0), specs, masks);
                } catch (IllegalArgumentException e) {
                    throw new IOException("cannot build the DICOM SEG: " + e.getMessage(), e);
                }
                if (source.sourceAttributes(0).getString(org.medannot.dicom.Tag.STUDY_INSTANCE_UID, "").isEmpty()) {
                    note(notes, scan.id(), "the images carry no Study Instance UID; seg.dcm is placed in the derived study "
                            + seg.getString(org.medannot.dicom.Tag.STUDY_INSTANCE_UID));
                }
                return List.of(output.write(SEG_FILE, out -> SegWriter.write(out, seg)));
            }
        };
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
        return new SinkWriter("audit") {
            @Override
            public List<Path> write(AnnotationSet annotations, Scan scan, OutputSink output) throws IOException {
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
                AuditEvent event = new AuditEvent("model:" + (model.isEmpty() ? "unknown" : model), "model-round",
                        annotations.scanId() + "/round-" + annotations.round(), attributes);
                return List.of(output.write("audit.jsonl", out -> AuditLog.write(out, List.of(event), null, Clock.systemUTC())));
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
}
