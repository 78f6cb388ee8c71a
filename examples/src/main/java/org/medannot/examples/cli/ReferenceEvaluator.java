package org.medannot.examples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.core.output.OutputSink;
import org.medannot.core.spi.Evaluator;
import org.medannot.core.spi.Scan;
import org.medannot.metrics.EmptyMaskPolicy;
import org.medannot.metrics.GridPolicy;
import org.medannot.metrics.MaskResampling;
import org.medannot.metrics.MetricsException;
import org.medannot.metrics.SegmentationMetrics;
import org.medannot.metrics.SegmentationScores;
import org.medannot.metrics.report.CaseEvaluation;
import org.medannot.metrics.report.Overlay;
import org.medannot.metrics.report.ValidationReport;

/**
 * Compares a round with a reference label map on the same grid and writes {@code report.json}
 * and {@code report.html} into the series folder.
 *
 * <p>The labels evaluated are those that both the reference and the segmentation backend have:
 * the reference's labels that are among the backend's categories (given by
 * {@code modelLabels}, which holds every category the backend reported, including empty ones).
 * A label the backend reports but found nowhere scores Dice 0 against a non-empty reference.
 * A reference whose voxel centres equal the scan's in another index order (a NIfTI file in RAS
 * order against a DICOM series) is reordered onto the scan's grid by nearest neighbour, which
 * moves each voxel to its own centre and so changes no value.
 * Surface metrics use a 2 mm tolerance for the normalized surface Dice; distances to an empty
 * mask are NaN. A scan on any other grid than the reference fails with a {@link MetricsException}.
 */
final class ReferenceEvaluator implements Evaluator {

    private static final double TOLERANCE_MM = 2.0;

    private final Path referenceFile;
    private final LabelMap reference;
    private final Set<Integer> modelLabels;

    /**
     * @param referenceFile the reference label map (NIfTI) or a folder holding one
     * @param modelLabels the categories the backend reported; read when a scan is evaluated, so a
     *     set that the backend fills while the pipeline runs works
     */
    ReferenceEvaluator(Path referenceFile, Set<Integer> modelLabels) throws IOException {
        this.referenceFile = referenceFile;
        this.reference = LabelMapFiles.read(referenceFile);
        this.modelLabels = modelLabels;
    }

    @Override
    public List<Path> evaluate(AnnotationSet annotations, Scan scan, Path outputDirectory) throws IOException {
        return evaluate(annotations, scan, OutputSink.plain(outputDirectory));
    }

    /** Writes {@code report.json} and {@code report.html} through {@code output}. */
    @Override
    public List<Path> evaluate(AnnotationSet annotations, Scan scan, OutputSink output) throws IOException {
        Geometry grid = scan.volume().geometry();
        boolean resampled = !reference.geometry().sameGrid(grid, Mask.GRID_TOLERANCE_MM);
        if (resampled && !sameVoxelCentres(reference.geometry(), grid)) {
            throw new MetricsException("reference " + referenceFile + " lies on another grid than the scan ("
                    + reference.geometry().describeDifference(grid, Mask.GRID_TOLERANCE_MM) + ")");
        }
        LabelMap prediction = PipelineLabels.toLabelMap(annotations, grid);

        TreeSet<Integer> selected = new TreeSet<>();
        for (int label : reference.labels()) {
            if (modelLabels.contains(label)) {
                selected.add(label);
            }
        }
        if (selected.isEmpty()) {
            throw new MetricsException("reference " + referenceFile + " shares no label with the segmentation backend "
                    + "(reference labels " + java.util.Arrays.toString(reference.labels()) + ", backend labels "
                    + new TreeSet<>(modelLabels) + ")");
        }

        SegmentationMetrics metrics = new SegmentationMetrics(TOLERANCE_MM, EmptyMaskPolicy.NAN, GridPolicy.REQUIRE_SAME_GRID);
        Map<Integer, SegmentationScores> scores = new TreeMap<>();
        LabelMap referenceOnGrid = resampled ? LabelMap.of(grid) : reference;
        if (resampled) {
            for (int label : selected) {
                referenceOnGrid.paint(MaskResampling.nearest(reference.mask(label), grid), label);
            }
        }
        for (int label : selected) {
            scores.put(label, metrics.compare(referenceOnGrid.mask(label), prediction.mask(label)));
        }

        String caseId = annotations.scanId();
        List<Overlay> overlays = Overlay.worstSlices(caseId, referenceOnGrid, prediction, selected, 3);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("reference", referenceFile.getFileName().toString());
        parameters.put("prediction", "labels of round " + annotations.round());
        parameters.put("labels", new ArrayList<>(selected));
        parameters.put("tolerance_mm", TOLERANCE_MM);
        parameters.put("empty_mask_policy", EmptyMaskPolicy.NAN.name());
        parameters.put("grid_policy", GridPolicy.REQUIRE_SAME_GRID.name());
        parameters.put("reference_grid", resampled
                ? "same voxel centres in another index order; reference reordered onto the scan grid" : "scan grid");
        ValidationReport report = ValidationReport.forLabels(parameters, List.of(new CaseEvaluation(caseId, scores)), overlays);
        Path json = output.write("report.json", report.toJsonText().getBytes(StandardCharsets.UTF_8));
        Path html = output.write("report.html", report.toHtml().getBytes(StandardCharsets.UTF_8));
        return List.of(json, html);
    }

    /**
     * Tells whether two grids have the same voxel centres in patient space, possibly in another
     * index order (axes flipped or swapped, as a NIfTI file written in RAS order has against a
     * DICOM series): equal voxel counts, and every corner voxel centre of {@code grid} lies within
     * 0.05 voxel of a voxel centre of {@code other}.
     */
    static boolean sameVoxelCentres(Geometry other, Geometry grid) {
        if (other.voxelCount() != grid.voxelCount()) {
            return false;
        }
        int[] xs = {0, grid.columns() - 1};
        int[] ys = {0, grid.rows() - 1};
        int[] zs = {0, grid.slices() - 1};
        int[] size = {other.columns(), other.rows(), other.slices()};
        for (int x : xs) {
            for (int y : ys) {
                for (int z : zs) {
                    double[] p = grid.indexToPatient(x, y, z);
                    double[] index = other.patientToIndex(p[0], p[1], p[2]);
                    for (int axis = 0; axis < 3; axis++) {
                        double rounded = Math.rint(index[axis]);
                        if (Math.abs(index[axis] - rounded) > 0.05 || rounded < 0 || rounded >= size[axis]) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }
}
