package org.medannot.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.dicom.nifti.NiftiReader;
import org.medannot.metrics.EmptyMaskPolicy;
import org.medannot.metrics.GridPolicy;
import org.medannot.metrics.MaskResampling;
import org.medannot.metrics.SegmentationMetrics;
import org.medannot.metrics.SegmentationScores;
import org.medannot.metrics.report.CaseEvaluation;
import org.medannot.metrics.report.Overlay;
import org.medannot.metrics.report.ValidationReport;

/**
 * Compares a predicted label map with a reference label map (both NIfTI) and writes a
 * validation report: Dice, IoU, Hausdorff distances, average surface distance and normalized
 * surface Dice (2 mm tolerance) per label, in {@code report.json} and {@code report.html}.
 *
 * <p>The reference is moved onto the prediction's grid by nearest neighbour first. For a
 * reference that covers the same voxels in another index order (a NIfTI file stored in RAS
 * order against labels on a DICOM series' grid) this only reorders the voxels.
 *
 * <pre>java -cp examples/target/annotate.jar org.medannot.examples.EvaluateExample PRED.nii.gz REF.nii.gz OUT_DIR 5 1</pre>
 */
public final class EvaluateExample {

    private EvaluateExample() {
    }

    /**
     * Evaluates {@code labels} of {@code prediction} against {@code reference} and writes the
     * report into {@code outputFolder}.
     *
     * @return the scores per label value
     */
    public static Map<Integer, SegmentationScores> run(Path prediction, Path reference, Path outputFolder, List<Integer> labels)
            throws IOException {
        NiftiReader reader = new NiftiReader();
        LabelMap predicted = reader.readLabelMap(prediction);
        LabelMap expected = reader.readLabelMap(reference);
        Geometry grid = predicted.geometry();

        LabelMap expectedOnGrid = LabelMap.of(grid);
        for (int label : labels) {
            expectedOnGrid.paint(MaskResampling.nearest(expected.mask(label), grid), label);
        }

        SegmentationMetrics metrics = new SegmentationMetrics(2.0, EmptyMaskPolicy.NAN, GridPolicy.REQUIRE_SAME_GRID);
        Map<Integer, SegmentationScores> scores = new TreeMap<>();
        for (int label : labels) {
            Mask truth = expectedOnGrid.mask(label);
            SegmentationScores s = metrics.compare(truth, predicted.mask(label));
            scores.put(label, s);
            System.out.printf("label %d: Dice %.4f, HD95 %.1f mm, NSD %.3f%n", label, s.dice(), s.hausdorff95Mm(),
                    s.normalizedSurfaceDice());
        }

        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("prediction", prediction.getFileName().toString());
        parameters.put("reference", reference.getFileName().toString());
        parameters.put("labels", labels);
        parameters.put("tolerance_mm", 2.0);
        String caseId = prediction.getFileName().toString();
        List<Overlay> overlays = Overlay.worstSlices(caseId, expectedOnGrid, predicted, new java.util.TreeSet<>(labels), 3);
        ValidationReport.forLabels(parameters, List.of(new CaseEvaluation(caseId, scores)), overlays).write(outputFolder);
        System.out.println("wrote " + outputFolder.resolve("report.json") + " and report.html");
        return scores;
    }

    /** Arguments: the predicted label map, the reference label map, the output folder, then label values. */
    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: EvaluateExample PRED.nii.gz REF.nii.gz OUT_DIR LABEL...");
            System.exit(2);
        }
        List<Integer> labels = new java.util.ArrayList<>();
        for (int n = 3; n < args.length; n++) {
            labels.add(Integer.parseInt(args[n]));
        }
        run(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), labels);
    }
}
