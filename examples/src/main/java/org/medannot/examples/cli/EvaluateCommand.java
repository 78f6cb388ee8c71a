package org.medannot.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.metrics.EmptyMaskPolicy;
import org.medannot.metrics.GridPolicy;
import org.medannot.metrics.MaskResampling;
import org.medannot.metrics.SegmentationMetrics;
import org.medannot.metrics.SegmentationScores;
import org.medannot.metrics.coco.CocoEvalParams;
import org.medannot.metrics.coco.CocoEvalResult;
import org.medannot.metrics.coco.CocoEvaluator;
import org.medannot.metrics.coco.CocoIouType;
import org.medannot.metrics.report.CaseEvaluation;
import org.medannot.metrics.report.Overlay;
import org.medannot.metrics.report.ValidationReport;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code annotate evaluate}: compares a predicted label map with a reference label map (overlap
 * and surface-distance metrics per label), or COCO detections with COCO ground truth (the 12
 * COCOeval statistics), and writes {@code report.json} and {@code report.html} into the output
 * folder.
 */
@Command(name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "Compare a prediction with a reference and write report.json and report.html.",
            "Label maps: --reference REF --prediction PRED (NIfTI files or folders holding one, or DICOM SEG or",
            "RTSTRUCT files with --reference-images / --prediction-images naming the image series; label values are",
            "then Segment Numbers or ROI Numbers).",
            "COCO: --coco-gt GT.json --coco-dt DT.json; prints the 12 COCOeval statistics."
        })
final class EvaluateCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--reference", paramLabel = "REF",
            description = "Reference label map (NIfTI), a folder with one, or a DICOM SEG or RTSTRUCT file.")
    private Path reference;

    @Option(names = "--prediction", paramLabel = "PRED",
            description = "Predicted label map (NIfTI), a folder with one, or a DICOM SEG or RTSTRUCT file.")
    private Path prediction;

    @Option(names = "--reference-images", paramLabel = "DIR",
            description = "Image series that a DICOM SEG or RTSTRUCT reference refers to.")
    private Path referenceImages;

    @Option(names = "--prediction-images", paramLabel = "DIR",
            description = "Image series that a DICOM SEG or RTSTRUCT prediction refers to.")
    private Path predictionImages;

    @Option(names = "--labels", split = ",", paramLabel = "ID",
            description = "Label ids to evaluate (default: every label in either map).")
    private List<Integer> labels;

    @Option(names = "--tolerance-mm", paramLabel = "MM", defaultValue = "2",
            description = "Tolerance of the normalized surface Dice in mm (default: ${DEFAULT-VALUE}).")
    private double toleranceMm;

    @Option(names = "--empty-policy", paramLabel = "POLICY", defaultValue = "nan",
            description = "Value of distances when a mask is empty: nan, inf or diagonal (default: ${DEFAULT-VALUE}).")
    private String emptyPolicy;

    @Option(names = "--resample", description = "Resample the prediction onto the reference grid (nearest neighbour) "
            + "when the grids differ, instead of stopping with an error.")
    private boolean resample;

    @Option(names = "--overlays", paramLabel = "N", defaultValue = "3",
            description = "Number of slices with the largest disagreement to show in report.html (default: ${DEFAULT-VALUE}).")
    private int overlayCount;

    @Option(names = "--coco-gt", paramLabel = "GT.json", description = "COCO instances file with the ground truth.")
    private Path cocoGroundTruth;

    @Option(names = "--coco-dt", paramLabel = "DT.json", description = "COCO results file with the detections.")
    private Path cocoDetections;

    @Option(names = "--iou-type", paramLabel = "TYPE", defaultValue = "bbox",
            description = "COCO IoU type: bbox or segm (default: ${DEFAULT-VALUE}).")
    private String iouType;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder for report.json and report.html.")
    private Path out;

    @Override
    public Integer call() throws Exception {
        boolean labelMode = reference != null || prediction != null;
        boolean cocoMode = cocoGroundTruth != null || cocoDetections != null;
        if (labelMode == cocoMode) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Give either --reference and --prediction, or --coco-gt and --coco-dt");
        }
        if (labelMode && (reference == null || prediction == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--reference and --prediction go together");
        }
        if (cocoMode && (cocoGroundTruth == null || cocoDetections == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--coco-gt and --coco-dt go together");
        }
        if (overlayCount < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--overlays must be >= 0, but was " + overlayCount);
        }
        List<Path> inputFiles = new ArrayList<>();
        for (Path input : new Path[] {reference, prediction, cocoGroundTruth, cocoDetections}) {
            if (input != null) {
                inputFiles.add(input);
            }
        }
        for (String report : List.of("report.json", "report.html")) {
            OutputGuard.requireNotInputFile(spec, "--out " + out + " (its " + report + ")", out.resolve(report), inputFiles);
        }
        return labelMode ? evaluateLabels() : evaluateCoco();
    }

    /** Reads a NIfTI label map, or a DICOM SEG or RTSTRUCT onto the grid of its image series. */
    private static LabelMap readLabels(Path path, Path images, String imagesOption) throws java.io.IOException {
        String kind = DerivedObjectLabels.kindOf(path);
        return kind == null ? LabelMapFiles.read(path) : DerivedObjectLabels.read(path, kind, images, imagesOption);
    }

    private int evaluateLabels() throws Exception {
        EmptyMaskPolicy policy = parsePolicy(emptyPolicy);
        if (!(toleranceMm >= 0) || Double.isInfinite(toleranceMm)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--tolerance-mm must be a finite number >= 0, but was " + toleranceMm);
        }
        LabelMap referenceMap = readLabels(reference, referenceImages, "--reference-images");
        LabelMap predictionMap = readLabels(prediction, predictionImages, "--prediction-images");
        boolean sameGrid = referenceMap.geometry().sameGrid(predictionMap.geometry(), Mask.GRID_TOLERANCE_MM);
        boolean reordered = false;
        if (!sameGrid && ReferenceEvaluator.sameVoxelCentres(predictionMap.geometry(), referenceMap.geometry())) {
            // The same voxels stored in another index order (a NIfTI in RAS order against a DICOM
            // series, say): nearest-neighbour mapping moves every label without changing it.
            List<Integer> all = new ArrayList<>();
            for (int label : predictionMap.labels()) {
                all.add(label);
            }
            predictionMap = resampleLabels(predictionMap, referenceMap, all);
            sameGrid = true;
            reordered = true;
        }
        if (!sameGrid && !resample) {
            throw new org.medannot.metrics.MetricsException(prediction + " lies on another grid than " + reference
                    + " (reference vs prediction: "
                    + referenceMap.geometry().describeDifference(predictionMap.geometry(), Mask.GRID_TOLERANCE_MM)
                    + "); pass --resample to resample the prediction onto the reference grid");
        }
        SegmentationMetrics metrics = new SegmentationMetrics(toleranceMm, policy,
                resample ? GridPolicy.RESAMPLE_PREDICTION_NEAREST : GridPolicy.REQUIRE_SAME_GRID);

        TreeSet<Integer> selected = new TreeSet<>();
        if (labels == null || labels.isEmpty()) {
            for (int label : referenceMap.labels()) {
                selected.add(label);
            }
            for (int label : predictionMap.labels()) {
                selected.add(label);
            }
        } else {
            for (int label : labels) {
                if (label < 1 || label > LabelMap.MAX_LABEL) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "--labels must be ids in [1, " + LabelMap.MAX_LABEL + "], but contains " + label);
                }
                selected.add(label);
            }
        }

        Map<Integer, SegmentationScores> scores = new TreeMap<>();
        for (int label : selected) {
            scores.put(label, metrics.compare(referenceMap.mask(label), predictionMap.mask(label)));
        }
        LabelMap overlayPrediction = sameGrid ? predictionMap : resampleLabels(predictionMap, referenceMap, selected);
        String caseId = reference.getFileName().toString();
        List<Overlay> overlays = Overlay.worstSlices(caseId, referenceMap, overlayPrediction, selected, overlayCount);

        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("reference", reference.toString());
        parameters.put("prediction", prediction.toString());
        parameters.put("labels", new ArrayList<>(selected));
        parameters.put("tolerance_mm", toleranceMm);
        if (reordered) {
            parameters.put("prediction_grid", "same voxel centres in another index order; reordered onto the reference grid");
        }
        parameters.put("empty_mask_policy", policy.name());
        parameters.put("grid_policy", metrics.gridPolicy().name());
        parameters.put("surface", "mask minus erosion by the 6-connected cross (4-connected on one slice)");
        parameters.put("hd95", "max of both directed 95th percentiles, linear interpolation");
        ValidationReport report = ValidationReport.forLabels(parameters, List.of(new CaseEvaluation(caseId, scores)),
                overlays);
        report.write(out);

        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("label  dice    iou     hd_mm     hd95_mm   assd_mm   nsd");
        scores.forEach((label, s) -> stdout.println(String.format(Locale.ROOT, "%-6d %-7.4f %-7.4f %-9.3f %-9.3f %-9.3f %.4f",
                label, s.dice(), s.iou(), s.hausdorffMm(), s.hausdorff95Mm(), s.averageSurfaceDistanceMm(),
                s.normalizedSurfaceDice())));
        stdout.println("Wrote " + out.resolve("report.json") + " and " + out.resolve("report.html"));
        return AnnotateCommand.EXIT_OK;
    }

    private int evaluateCoco() throws Exception {
        CocoIouType type = switch (iouType.toLowerCase(Locale.ROOT)) {
            case "bbox" -> CocoIouType.BBOX;
            case "segm" -> CocoIouType.SEGM;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--iou-type must be bbox or segm, but was " + iouType);
        };
        CocoEvaluationFiles files = CocoEvaluationFiles.read(cocoGroundTruth, cocoDetections, type);
        CocoEvalResult result = new CocoEvaluator(CocoEvalParams.defaults(files.imageIds, files.categoryIds), type)
                .evaluate(files.groundTruths, files.detections);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("coco_gt", cocoGroundTruth.toString());
        parameters.put("coco_dt", cocoDetections.toString());
        ValidationReport.forCoco(parameters, result).write(out);

        PrintWriter stdout = spec.commandLine().getOut();
        result.summaryLines().forEach(stdout::println);
        return AnnotateCommand.EXIT_OK;
    }

    private EmptyMaskPolicy parsePolicy(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "nan" -> EmptyMaskPolicy.NAN;
            case "inf", "infinity" -> EmptyMaskPolicy.INFINITY;
            case "diagonal" -> EmptyMaskPolicy.DIAGONAL;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--empty-policy must be nan, inf or diagonal, but was " + text);
        };
    }

    /** Resamples the selected labels of {@code labels} onto the grid of {@code target}, for the overlays. */
    private static LabelMap resampleLabels(LabelMap labels, LabelMap target, Iterable<Integer> selected) {
        LabelMap result = LabelMap.of(target.geometry());
        for (int label : selected) {
            result.paint(MaskResampling.nearest(labels.mask(label), target.geometry()), label);
        }
        return result;
    }
}
