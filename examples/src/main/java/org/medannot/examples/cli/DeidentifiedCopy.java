package org.medannot.examples.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.medannot.core.output.OutputSink;
import org.medannot.core.spi.Deidentifier;
import org.medannot.core.spi.Scan;
import org.medannot.dicom.Attributes;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.ReadOptions;
import org.medannot.dicom.Tag;
import org.medannot.dicom.TransferSyntax;
import org.medannot.dicom.VR;
import org.medannot.dicom.deid.DeidentificationReport;
import org.medannot.dicom.deid.DicomDeidentifier;
import org.medannot.dicom.deid.ProjectSecret;
import org.medannot.dicom.io.DicomWriter;
import org.medannot.dicom.io.MutableAttributes;
import org.medannot.dicom.series.DicomSeries;
import org.medannot.dicom.series.DicomVolume;
import org.medannot.dicom.series.SeriesGeometry;
import org.medannot.dicom.series.SliceSource;

/**
 * The de-identification step of {@code annotate pipeline}: writes de-identified copies of a
 * DICOM series into {@code deidentified/} and continues under the de-identified scan id with
 * the copies' file names, so that later outputs (COCO file names, the SEG's references) name only
 * de-identified instances. A scan that was not read from DICOM passes through unchanged, with a note.
 *
 * <p>Each copy is encoded in memory and stored through the output sink, so with an encrypting
 * sink no plaintext copy reaches the disk. The returned scan's source is a {@link DicomVolume}
 * whose data sets are those of the copies (read without Pixel Data), which the SEG writer
 * references; its voxels are the original scan's.
 */
final class DeidentifiedCopy implements Deidentifier {

    private final DicomDeidentifier dicom;
    private final ProjectSecret secret;
    private final Map<String, List<String>> notes;

    /** @param secret the secret {@code dicom} was built with, which maps the scan id to its pseudonym */
    DeidentifiedCopy(DicomDeidentifier dicom, ProjectSecret secret, Map<String, List<String>> notes) {
        this.dicom = dicom;
        this.secret = secret;
        this.notes = notes;
    }

    /** A de-identified copy: its file name and its content read back without Pixel Data. */
    private record Copy(String name, DicomFile file) {
    }

    @Override
    public Scan deidentify(Scan scan, Path outputDirectory) throws IOException {
        return deidentify(scan, OutputSink.plain(outputDirectory));
    }

    @Override
    public Scan deidentify(Scan scan, OutputSink output) throws IOException {
        if (!(scan.source() instanceof DicomVolume original)) {
            PipelineWriters.note(notes, scan.id(), "deidentified/ not written: the scan was not read from DICOM");
            return scan;
        }
        OutputSink folder = output.resolve("deidentified");
        Map<Path, Copy> copies = new HashMap<>();
        List<Path> names = new ArrayList<>();
        for (Path input : new LinkedHashSet<>(scan.sourceFiles())) {
            String name;
            try {
                name = dicom.outputName(input);
            } catch (DicomException invalid) {
                throw new IOException(invalid.getMessage(), invalid);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DeidentificationReport report = dicom.deidentifyFile(input, bytes, name);
            if (report.rejected()) {
                throw new IOException(input + ": de-identification rejected the file: " + report.reason());
            }
            byte[] copy = bytes.toByteArray();
            folder.write(name, copy);
            copies.put(input, new Copy(name, withSopClass(DicomFile.read(Path.of(name), copy, ReadOptions.HEADER_ONLY))));
            // The pipeline moves the copies into the series folder after this returns, so the scan
            // keeps only the file name, which COCO uses to name the images.
            names.add(Path.of(name));
        }
        DicomVolume deidentified = deidentifiedVolume(original, copies);
        return new Scan(secret.uid(scan.id()), scan.volume(), scan.properties(), names, scan.warnings(), deidentified);
    }

    /**
     * Returns {@code copy}, with the File Meta's Media Storage SOP Class UID added to the data set
     * when the data set has no SOP Class UID. The SEG writer otherwise reads the class from the
     * source file, which does not exist in plain text here.
     */
    private static DicomFile withSopClass(DicomFile copy) {
        String sopClass = copy.fileMeta().getString(Tag.MEDIA_STORAGE_SOP_CLASS_UID, "");
        if (!copy.dataSet().getString(Tag.SOP_CLASS_UID, "").isEmpty() || sopClass.isEmpty()) {
            return copy;
        }
        MutableAttributes dataSet = MutableAttributes.copyOf(copy.dataSet());
        dataSet.setString(Tag.SOP_CLASS_UID, VR.UI, sopClass);
        byte[] bytes = DicomWriter.toBytes(MutableAttributes.copyOf(copy.fileMeta()), dataSet,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
        return DicomFile.read(copy.path(), bytes, ReadOptions.HEADER_ONLY);
    }

    /** Returns {@code original} with every slice's UIDs and data set taken from the copy of its file. */
    private static DicomVolume deidentifiedVolume(DicomVolume original, Map<Path, Copy> copies) throws IOException {
        List<SliceSource> slices = new ArrayList<>();
        for (SliceSource slice : original.seriesGeometry().slices()) {
            Copy entry = copies.get(slice.file());
            if (entry == null) {
                throw new IOException("slice " + slices.size() + " comes from a file that is not among the scan's source files");
            }
            DicomFile copy = entry.file();
            Attributes frameGroups = null;
            if (slice.frameAttributes() != null) {
                List<Attributes> perFrame = copy.dataSet().getSequence(Tag.PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE);
                frameGroups = slice.frame() < perFrame.size() ? perFrame.get(slice.frame()) : null;
            }
            slices.add(new SliceSource(Path.of(entry.name()), slice.frame(), copy.sopInstanceUid(), copy.dataSet(),
                    frameGroups, slice.position(), slice.orientation(), slice.pixelSpacing(), slice.rows(), slice.columns(),
                    slice.instanceNumber(), slice.mosaic()));
        }
        SeriesGeometry geometry = new SeriesGeometry(slices, original.seriesGeometry().geometry(),
                original.seriesGeometry().irregularities());
        DicomSeries series = original.series();
        String seriesUid = slices.get(0).dataSet().getString(Tag.SERIES_INSTANCE_UID, "");
        DicomSeries copySeries = new DicomSeries(seriesUid.isEmpty() ? "de-identified series" : seriesUid, seriesUid,
                series.modality(), series.transferSyntaxUids(), slices, series.warnings());
        return new DicomVolume(original.volume(), copySeries, geometry, original.notes());
    }
}
