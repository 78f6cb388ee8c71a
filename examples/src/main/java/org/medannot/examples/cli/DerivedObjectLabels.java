package org.medannot.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.ReadOptions;
import org.medannot.dicom.Tag;
import org.medannot.dicom.rtstruct.ContourRasterizer;
import org.medannot.dicom.rtstruct.RtStructReader;
import org.medannot.dicom.rtstruct.RtStructureSet;
import org.medannot.dicom.seg.ReferenceGrid;
import org.medannot.dicom.seg.SegReader;
import org.medannot.dicom.series.DicomSeries;
import org.medannot.dicom.series.SeriesGeometry;
import org.medannot.dicom.series.SeriesScanner;
import org.medannot.metrics.MetricsException;

/**
 * Reads a DICOM SEG or RTSTRUCT as a label map on the grid of the image series it references,
 * for {@code annotate evaluate}.
 *
 * <p>Label values: a SEG's Segment Number, or an RTSTRUCT's ROI Number. Where SEG segments
 * overlap, the highest Segment Number wins. RTSTRUCT contours are rasterized with the pixel
 * centre inside by the even-odd rule over all contours of one ROI on one slice. Where ROIs
 * overlap, the highest ROI Number wins.
 */
final class DerivedObjectLabels {

    private DerivedObjectLabels() {
    }

    /** Returns "SEG" or "RTSTRUCT" when {@code path} is such a DICOM file, or null otherwise. */
    static String kindOf(Path path) {
        if (!Files.isRegularFile(path) || LabelMapFiles.looksLikeNifti(path)) {
            return null;
        }
        try {
            String modality = DicomFile.open(path, ReadOptions.HEADER_ONLY).dataSet().getString(Tag.MODALITY, "");
            return modality.equals("SEG") || modality.equals("RTSTRUCT") ? modality : null;
        } catch (DicomException e) {
            return null;
        }
    }

    /**
     * Reads the SEG or RTSTRUCT at {@code file} onto the grid of the images under
     * {@code imagesFolder}.
     *
     * @throws MetricsException when no image folder is given or the images do not hold the
     *                          referenced series
     */
    static LabelMap read(Path file, String kind, Path imagesFolder, String optionName) throws IOException {
        if (imagesFolder == null) {
            throw new MetricsException(file + " is a DICOM " + kind + "; pass the folder of the image series it references"
                    + " with " + optionName);
        }
        List<Path> images = listFiles(imagesFolder);
        ReferenceGrid singleSeries = singleSeriesGrid(images);
        try {
            if (kind.equals("SEG")) {
                SegReader reader = new SegReader();
                return (singleSeries != null ? reader.read(file, singleSeries) : reader.read(file, images)).labelMap();
            }
            RtStructureSet structureSet = new RtStructReader().read(file);
            ReferenceGrid grid = singleSeries != null ? singleSeries : ContourRasterizer.gridFromFiles(structureSet, images);
            ContourRasterizer.RoiMasks rois = new ContourRasterizer().rasterize(structureSet, grid);
            LabelMap labels = LabelMap.of(grid.geometry());
            for (Map.Entry<Integer, Mask> roi : new java.util.TreeMap<>(rois.masks()).entrySet()) {
                if (roi.getKey() >= 1 && roi.getKey() <= LabelMap.MAX_LABEL && !roi.getValue().isEmpty()) {
                    labels.paint(roi.getValue(), roi.getKey());
                }
            }
            return labels;
        } catch (DicomException e) {
            throw new MetricsException(file + ": cannot read the " + kind + " onto the images in " + imagesFolder + ": "
                    + e.getMessage());
        }
    }

    /**
     * Returns the grid of the images' series when they form exactly one DICOM series, or null.
     * Frames and contours are then placed by position and Frame of Reference alone, which also
     * works for series whose images carry no Series Instance UID.
     */
    private static ReferenceGrid singleSeriesGrid(List<Path> images) {
        // Headers only: the grid needs positions and UIDs, not pixels.
        List<DicomSeries> series = new SeriesScanner().scan(images).series();
        if (series.size() != 1) {
            return null;
        }
        String seriesUid = series.get(0).seriesInstanceUid();
        return ReferenceGrid.of(SeriesGeometry.of(series.get(0)), seriesUid == null ? "" : seriesUid);
    }

    private static List<Path> listFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new MetricsException(folder + ": image series folder not found");
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
