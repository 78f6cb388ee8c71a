package org.medannot.examples;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.medannot.coco.convert.CocoAnnotationWriter;
import org.medannot.core.annotation.Annotation;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.mask.Mask;
import org.medannot.core.spi.Scan;
import org.medannot.core.spi.SegmentationBackend;
import org.medannot.core.spi.SegmentationException;
import org.medannot.core.spi.SegmentationRequest;
import org.medannot.core.spi.SegmentationResult;
import org.medannot.dicom.seg.ReferenceGrid;
import org.medannot.dicom.seg.SegWriter;
import org.medannot.dicom.seg.SegmentSpec;
import org.medannot.dicom.series.DicomVolume;
import org.medannot.inference.classical.ClassicalPreset;
import org.medannot.inference.classical.ClassicalSegmentationBackend;

/**
 * Segments a DICOM series with the classical default (no model file needed) and turns the
 * result into an annotation round. Then exports the round as a COCO dataset (one image per
 * slice, RLE masks) and as a BINARY DICOM Segmentation (PS3.3 section A.51) that references
 * the series' images.
 *
 * <pre>java -cp examples/target/annotate.jar org.medannot.examples.ExportCocoAndSegExample SERIES_DIR OUT_DIR</pre>
 */
public final class ExportCocoAndSegExample {

    private ExportCocoAndSegExample() {
    }

    /** The two files written: the COCO JSON and the SEG. */
    public record Exported(Path coco, Path seg) {
    }

    /** Segments the series in {@code seriesFolder} and writes the COCO file and {@code seg.dcm}. */
    public static Exported run(Path seriesFolder, Path outputFolder) throws IOException, SegmentationException {
        Scan scan = ExampleSeries.read(seriesFolder);
        SegmentationResult result;
        try (SegmentationBackend backend = ClassicalSegmentationBackend.of(ClassicalPreset.BODY)) {
            result = backend.segment(scan.volume(), SegmentationRequest.automatic());
        }

        // One mask annotation per non-empty label, all from this model run: round 1.
        AnnotationSet round = result.toFirstRound(scan.id(), Instant.now());
        List<Annotation> annotations = round.annotations();

        Files.createDirectories(outputFolder);
        Path coco = new CocoAnnotationWriter().write(round, scan, outputFolder).get(0);
        System.out.println("wrote " + coco + " with " + annotations.size() + " categories");

        DicomVolume series = (DicomVolume) scan.source();
        List<SegmentSpec> specs = new ArrayList<>();
        List<Mask> masks = new ArrayList<>();
        for (Annotation annotation : annotations) {
            specs.add(SegmentSpec.of(specs.size() + 1, annotation.category(), annotation.provenance()));
            masks.add((Mask) annotation.shape());
        }
        Path seg = outputFolder.resolve("seg.dcm");
        SegWriter.write(seg, new SegWriter().binary(referenceGrid(series), series.sourceAttributes(0), specs, masks));
        System.out.println("wrote " + seg + " with " + specs.size() + " segments");
        return new Exported(coco, seg);
    }

    /**
     * Returns the series' grid with the UIDs a SEG references. Some anonymized files (the bundled
     * sample among them) carry an empty Series Instance UID. Such a series gets a made-up UID here,
     * so the SEG can be written, but a PACS will not link it to the images by series.
     */
    private static ReferenceGrid referenceGrid(DicomVolume series) {
        if (!series.series().seriesInstanceUid().isEmpty()) {
            return ReferenceGrid.of(series);
        }
        UUID uuid = UUID.randomUUID();
        byte[] bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
        return ReferenceGrid.of(series.seriesGeometry(), "2.25." + new BigInteger(1, bytes));
    }

    /** Arguments: the series folder and the output folder. */
    public static void main(String[] args) throws IOException, SegmentationException {
        if (args.length != 2) {
            System.err.println("usage: ExportCocoAndSegExample SERIES_DIR OUT_DIR");
            System.exit(2);
        }
        run(Path.of(args[0]), Path.of(args[1]));
    }
}
