package org.medannot.metrics.coco;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.medannot.core.mask.Mask;
import org.medannot.metrics.MetricsException;

/**
 * COCO detection and instance segmentation evaluation with the semantics of pycocotools'
 * {@code COCOeval} (evaluate, accumulate, summarize), so that its AP and AR values are the ones
 * the field reports:
 * <ul>
 *   <li>Detections of each image and category are ranked by score (ties keep input order) and
 *       cut to the largest {@code maxDetections}.</li>
 *   <li>Each ground truth is ignored when it is a crowd region ({@code iscrowd} overrides any
 *       {@code ignore} flag) or its {@code area} lies outside the area range; both range ends are
 *       inclusive, so an area of exactly 1024 is small and medium.</li>
 *   <li>At each IoU threshold a detection takes the unmatched ground truth of highest IoU at least
 *       {@code min(threshold, 1 - 1e-10)}, preferring objects that are not ignored; a crowd
 *       region can absorb any number of detections. A detection matched to an ignored object,
 *       or unmatched with an area outside the range, is ignored.</li>
 *   <li>Box IoU uses the boxes' own areas; against a crowd region the union is the detection's
 *       area. Mask IoU counts pixels the same way; masks of different sizes give -1.</li>
 *   <li>Precision is made monotone from the end and read at each recall threshold as pycocotools
 *       does ({@code searchsorted}, left side); recall is the last value of the curve.</li>
 * </ul>
 *
 * <p>One deliberate difference: a ground truth whose id is 0 is matched like any other, whereas
 * pycocotools records such a match as "matched to 0" and counts the detection as a false
 * positive.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CocoEvaluator {

    private static final double EPSILON = Math.ulp(1.0);

    private final CocoEvalParams params;
    private final CocoIouType iouType;

    /** Creates an evaluator for one IoU type. */
    public CocoEvaluator(CocoEvalParams params, CocoIouType iouType) {
        this.params = Objects.requireNonNull(params, "params");
        this.iouType = Objects.requireNonNull(iouType, "iouType");
    }

    /**
     * Evaluates {@code detections} against {@code groundTruths}; objects on images or categories
     * that the parameters do not list are left out.
     *
     * @throws MetricsException when {@link CocoIouType#SEGM} is requested and an object has no mask
     */
    public CocoEvalResult evaluate(Collection<CocoGroundTruth> groundTruths, Collection<CocoDetection> detections) {
        Map<Key, List<CocoGroundTruth>> gtByKey = new HashMap<>();
        Map<Key, List<CocoDetection>> dtByKey = new HashMap<>();
        java.util.Set<Long> images = new java.util.HashSet<>(params.imageIds());
        java.util.Set<Integer> categories = new java.util.HashSet<>(params.categoryIds());
        for (CocoGroundTruth gt : groundTruths) {
            if (images.contains(gt.imageId()) && (!params.useCategories() || categories.contains(gt.categoryId()))) {
                requireMask(gt.mask(), "ground truth " + gt.id());
                gtByKey.computeIfAbsent(key(gt.imageId(), gt.categoryId()), k -> new ArrayList<>()).add(gt);
            }
        }
        for (CocoDetection dt : detections) {
            if (images.contains(dt.imageId()) && (!params.useCategories() || categories.contains(dt.categoryId()))) {
                requireMask(dt.mask(), "detection " + dt.id());
                dtByKey.computeIfAbsent(key(dt.imageId(), dt.categoryId()), k -> new ArrayList<>()).add(dt);
            }
        }

        List<Integer> categoryList = params.useCategories() ? params.categoryIds() : List.of(-1);
        int maxDet = params.maxDetections()[params.maxDetections().length - 1];
        double[][] areaRanges = params.areaRanges();
        ImageEvaluation[][][] evaluations =
                new ImageEvaluation[categoryList.size()][areaRanges.length][params.imageIds().size()];
        for (int k = 0; k < categoryList.size(); k++) {
            for (int i = 0; i < params.imageIds().size(); i++) {
                Key key = key(params.imageIds().get(i), categoryList.get(k));
                List<CocoGroundTruth> gts = gtByKey.getOrDefault(key, List.of());
                List<CocoDetection> dts = sortedByScore(dtByKey.getOrDefault(key, List.of()), maxDet);
                if (gts.isEmpty() && dts.isEmpty()) {
                    continue;
                }
                double[][] ious = ious(dts, gts);
                for (int a = 0; a < areaRanges.length; a++) {
                    evaluations[k][a][i] = evaluateImage(gts, dts, ious, areaRanges[a]);
                }
            }
        }
        return accumulate(evaluations, categoryList);
    }

    private Key key(long imageId, int categoryId) {
        return new Key(imageId, params.useCategories() ? categoryId : -1);
    }

    private void requireMask(Mask mask, String owner) {
        if (iouType == CocoIouType.SEGM && mask == null) {
            throw new MetricsException(owner + " has no mask, but segm evaluation needs one for every object");
        }
    }

    private static List<CocoDetection> sortedByScore(List<CocoDetection> detections, int maxDet) {
        List<CocoDetection> sorted = new ArrayList<>(detections);
        // List.sort is stable, like numpy's mergesort on -score.
        sorted.sort(Comparator.comparingDouble((CocoDetection d) -> -d.score()));
        return sorted.size() > maxDet ? sorted.subList(0, maxDet) : sorted;
    }

    /** IoU of every detection (rows) with every ground truth (columns), in input order. */
    private double[][] ious(List<CocoDetection> dts, List<CocoGroundTruth> gts) {
        double[][] ious = new double[dts.size()][gts.size()];
        for (int d = 0; d < dts.size(); d++) {
            for (int g = 0; g < gts.size(); g++) {
                ious[d][g] = iouType == CocoIouType.BBOX
                        ? boxIou(dts.get(d), gts.get(g))
                        : maskIou(dts.get(d).mask(), gts.get(g).mask(), gts.get(g).iscrowd());
            }
        }
        return ious;
    }

    /** Box IoU as pycocotools' {@code bbIou} computes it, operation for operation. */
    static double boxIou(CocoDetection dt, CocoGroundTruth gt) {
        double dx = dt.boxValue(0);
        double dy = dt.boxValue(1);
        double dw = dt.boxValue(2);
        double dh = dt.boxValue(3);
        double gx = gt.boxValue(0);
        double gy = gt.boxValue(1);
        double gw = gt.boxValue(2);
        double gh = gt.boxValue(3);
        double w = Math.min(dw + dx, gw + gx) - Math.max(dx, gx);
        if (w <= 0) {
            return 0;
        }
        double h = Math.min(dh + dy, gh + gy) - Math.max(dy, gy);
        if (h <= 0) {
            return 0;
        }
        double intersection = w * h;
        double detectionArea = dw * dh;
        double union = gt.iscrowd() ? detectionArea : detectionArea + gw * gh - intersection;
        return intersection / union;
    }

    /** Mask IoU in pixels; against a crowd region the union is the detection's pixel count. */
    static double maskIou(Mask dt, Mask gt, boolean crowd) {
        if (dt.geometry().columns() != gt.geometry().columns() || dt.geometry().rows() != gt.geometry().rows()
                || dt.size() != gt.size()) {
            return -1;
        }
        Mask aligned = gt.sameGrid(dt) ? gt : gt.withGeometry(dt.geometry());
        long intersection = dt.intersectionCount(aligned);
        if (intersection == 0) {
            return 0;
        }
        long union = crowd ? dt.count() : dt.unionCount(aligned);
        return (double) intersection / union;
    }

    private ImageEvaluation evaluateImage(List<CocoGroundTruth> gts, List<CocoDetection> dts, double[][] ious,
            double[] areaRange) {
        int gtCount = gts.size();
        boolean[] ignore = new boolean[gtCount];
        for (int g = 0; g < gtCount; g++) {
            double area = gts.get(g).area();
            ignore[g] = gts.get(g).iscrowd() || area < areaRange[0] || area > areaRange[1];
        }
        // Objects that count come first, ignored ones last, each group in input order.
        Integer[] order = new Integer[gtCount];
        for (int g = 0; g < gtCount; g++) {
            order[g] = g;
        }
        Arrays.sort(order, Comparator.comparingInt(g -> ignore[g] ? 1 : 0));

        double[] thresholds = params.iouThresholds();
        int t = thresholds.length;
        int dtCount = dts.size();
        boolean[][] gtMatched = new boolean[t][gtCount];
        boolean[][] dtMatched = new boolean[t][dtCount];
        boolean[][] dtIgnore = new boolean[t][dtCount];
        boolean[] gtIgnore = new boolean[gtCount];
        for (int g = 0; g < gtCount; g++) {
            gtIgnore[g] = ignore[order[g]];
        }
        if (dtCount > 0 && gtCount > 0) {
            for (int ti = 0; ti < t; ti++) {
                for (int d = 0; d < dtCount; d++) {
                    double best = Math.min(thresholds[ti], 1 - 1e-10);
                    int match = -1;
                    for (int g = 0; g < gtCount; g++) {
                        CocoGroundTruth gt = gts.get(order[g]);
                        if (gtMatched[ti][g] && !gt.iscrowd()) {
                            continue;
                        }
                        if (match > -1 && !gtIgnore[match] && gtIgnore[g]) {
                            break;
                        }
                        double iou = ious[d][order[g]];
                        if (iou < best) {
                            continue;
                        }
                        best = iou;
                        match = g;
                    }
                    if (match == -1) {
                        continue;
                    }
                    dtIgnore[ti][d] = gtIgnore[match];
                    dtMatched[ti][d] = true;
                    gtMatched[ti][match] = true;
                }
            }
        }
        double[] scores = new double[dtCount];
        for (int d = 0; d < dtCount; d++) {
            CocoDetection dt = dts.get(d);
            scores[d] = dt.score();
            boolean outside = dt.area() < areaRange[0] || dt.area() > areaRange[1];
            for (int ti = 0; ti < t; ti++) {
                dtIgnore[ti][d] = dtIgnore[ti][d] || (!dtMatched[ti][d] && outside);
            }
        }
        return new ImageEvaluation(scores, dtMatched, dtIgnore, gtIgnore);
    }

    private CocoEvalResult accumulate(ImageEvaluation[][][] evaluations, List<Integer> categoryList) {
        double[] thresholds = params.iouThresholds();
        double[] recallThresholds = params.recallThresholds();
        int[] maxDetections = params.maxDetections();
        int t = thresholds.length;
        int r = recallThresholds.length;
        int kCount = categoryList.size();
        int aCount = params.areaRanges().length;
        int mCount = maxDetections.length;
        double[][][][][] precision = new double[t][r][kCount][aCount][mCount];
        double[][][][] recall = new double[t][kCount][aCount][mCount];
        for (double[][][][] byRecall : precision) {
            for (double[][][] byCategory : byRecall) {
                for (double[][] byArea : byCategory) {
                    for (double[] values : byArea) {
                        Arrays.fill(values, -1);
                    }
                }
            }
        }
        for (double[][][] byCategory : recall) {
            for (double[][] byArea : byCategory) {
                for (double[] values : byArea) {
                    Arrays.fill(values, -1);
                }
            }
        }

        for (int k = 0; k < kCount; k++) {
            for (int a = 0; a < aCount; a++) {
                for (int m = 0; m < mCount; m++) {
                    accumulateOne(evaluations[k][a], maxDetections[m], k, a, m, precision, recall);
                }
            }
        }
        return new CocoEvalResult(iouType, params, precision, recall, categoryList);
    }

    private void accumulateOne(ImageEvaluation[] images, int maxDet, int k, int a, int m,
            double[][][][][] precision, double[][][][] recall) {
        List<ImageEvaluation> present = new ArrayList<>();
        int dtTotal = 0;
        for (ImageEvaluation image : images) {
            if (image != null) {
                present.add(image);
                dtTotal += Math.min(maxDet, image.scores.length);
            }
        }
        if (present.isEmpty()) {
            return;
        }
        int t = params.iouThresholds().length;
        double[] scores = new double[dtTotal];
        boolean[][] matched = new boolean[t][dtTotal];
        boolean[][] ignored = new boolean[t][dtTotal];
        long countedGt = 0;
        int offset = 0;
        for (ImageEvaluation image : present) {
            int take = Math.min(maxDet, image.scores.length);
            System.arraycopy(image.scores, 0, scores, offset, take);
            for (int ti = 0; ti < t; ti++) {
                System.arraycopy(image.dtMatched[ti], 0, matched[ti], offset, take);
                System.arraycopy(image.dtIgnore[ti], 0, ignored[ti], offset, take);
            }
            for (boolean gtIgnored : image.gtIgnore) {
                if (!gtIgnored) {
                    countedGt++;
                }
            }
            offset += take;
        }
        if (countedGt == 0) {
            return;
        }
        Integer[] order = new Integer[dtTotal];
        for (int d = 0; d < dtTotal; d++) {
            order[d] = d;
        }
        // Stable, like numpy's mergesort on -score over the concatenated images.
        Arrays.sort(order, Comparator.comparingDouble(d -> -scores[d]));

        double[] recallThresholds = params.recallThresholds();
        for (int ti = 0; ti < t; ti++) {
            double[] rc = new double[dtTotal];
            double[] pr = new double[dtTotal];
            long tp = 0;
            long fp = 0;
            for (int n = 0; n < dtTotal; n++) {
                int d = order[n];
                if (!ignored[ti][d]) {
                    if (matched[ti][d]) {
                        tp++;
                    } else {
                        fp++;
                    }
                }
                rc[n] = tp / (double) countedGt;
                pr[n] = tp / ((double) fp + tp + EPSILON);
            }
            recall[ti][k][a][m] = dtTotal > 0 ? rc[dtTotal - 1] : 0;
            for (int n = dtTotal - 1; n > 0; n--) {
                if (pr[n] > pr[n - 1]) {
                    pr[n - 1] = pr[n];
                }
            }
            for (int ri = 0; ri < recallThresholds.length; ri++) {
                int index = searchLeft(rc, recallThresholds[ri]);
                if (index >= dtTotal) {
                    // pycocotools stops at the first recall threshold beyond the curve and leaves 0 from there on.
                    for (int rest = ri; rest < recallThresholds.length; rest++) {
                        precision[ti][rest][k][a][m] = 0;
                    }
                    break;
                }
                precision[ti][ri][k][a][m] = pr[index];
            }
        }
    }

    /** First index whose value is at least {@code value} in ascending {@code sorted}, or its length. */
    private static int searchLeft(double[] sorted, double value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private record Key(long imageId, int categoryId) {
    }

    /** Matches of one image, category and area range at the largest detection count. */
    private record ImageEvaluation(double[] scores, boolean[][] dtMatched, boolean[][] dtIgnore, boolean[] gtIgnore) {
    }
}
