package org.medannot.metrics.coco;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The accumulated result of COCO evaluation: the precision and recall arrays of pycocotools'
 * {@code COCOeval.eval} and the 12 summary statistics of {@code COCOeval.stats}. A value of -1
 * means that no ground truth counted for that entry.
 *
 * <p>Index order: precision {@code [t][r][k][a][m]} and recall {@code [t][k][a][m]} with t the IoU
 * threshold, r the recall threshold, k the category (in ascending id order), a the area range and
 * m the detection limit, all in the order of {@link CocoEvalParams}.
 */
public final class CocoEvalResult {

    /** Labels of the 12 statistics, in pycocotools' order. */
    public static final List<String> STAT_LABELS = List.of(
            "AP", "AP50", "AP75", "AP_small", "AP_medium", "AP_large",
            "AR1", "AR10", "AR100", "AR_small", "AR_medium", "AR_large");

    private final CocoIouType iouType;
    private final CocoEvalParams params;
    private final double[][][][][] precision;
    private final double[][][][] recall;
    private final List<Integer> categoryIds;
    private final double[] stats;

    CocoEvalResult(CocoIouType iouType, CocoEvalParams params, double[][][][][] precision, double[][][][] recall,
            List<Integer> categoryIds) {
        this.iouType = iouType;
        this.params = params;
        this.precision = precision;
        this.recall = recall;
        this.categoryIds = List.copyOf(categoryIds);
        this.stats = computeStats();
    }

    /** Returns the IoU type that was evaluated. */
    public CocoIouType iouType() {
        return iouType;
    }

    /** Returns the parameters that were used. */
    public CocoEvalParams params() {
        return params;
    }

    /** Returns the 12 summary statistics in pycocotools' order (see {@link #STAT_LABELS}). */
    public double[] stats() {
        return stats.clone();
    }

    /** Precision at IoU threshold t, recall threshold r, category k, area range a and detection limit m. */
    public double precision(int t, int r, int k, int a, int m) {
        return precision[t][r][k][a][m];
    }

    /** Recall at IoU threshold t, category k, area range a and detection limit m. */
    public double recall(int t, int k, int a, int m) {
        return recall[t][k][a][m];
    }

    /**
     * Returns the mean of the precision entries above -1 over every IoU threshold (or only the one
     * equal to {@code iouThreshold} when it is not NaN), every recall threshold and the given
     * categories, for one area range label and detection limit; -1 when there is none.
     */
    public double averagePrecision(double iouThreshold, String areaLabel, int maxDetections, int... categoryIndices) {
        int a = params.areaRangeLabels().indexOf(areaLabel);
        int m = indexOf(params.maxDetections(), maxDetections);
        double sum = 0;
        long count = 0;
        double[] thresholds = params.iouThresholds();
        for (int t = 0; t < thresholds.length; t++) {
            if (!Double.isNaN(iouThreshold) && thresholds[t] != iouThreshold) {
                continue;
            }
            for (int r = 0; r < params.recallThresholds().length; r++) {
                for (int k : categoryIndices(categoryIndices)) {
                    if (a < 0 || m < 0) {
                        continue;
                    }
                    double value = precision[t][r][k][a][m];
                    if (value > -1) {
                        sum += value;
                        count++;
                    }
                }
            }
        }
        return count == 0 ? -1 : sum / count;
    }

    /** Returns the mean recall like {@link #averagePrecision}. */
    public double averageRecall(double iouThreshold, String areaLabel, int maxDetections, int... categoryIndices) {
        int a = params.areaRangeLabels().indexOf(areaLabel);
        int m = indexOf(params.maxDetections(), maxDetections);
        double sum = 0;
        long count = 0;
        double[] thresholds = params.iouThresholds();
        for (int t = 0; t < thresholds.length; t++) {
            if (!Double.isNaN(iouThreshold) && thresholds[t] != iouThreshold) {
                continue;
            }
            for (int k : categoryIndices(categoryIndices)) {
                if (a < 0 || m < 0) {
                    continue;
                }
                double value = recall[t][k][a][m];
                if (value > -1) {
                    sum += value;
                    count++;
                }
            }
        }
        return count == 0 ? -1 : sum / count;
    }

    /** Per-category AP and AR at the largest detection limit (AR also at each limit), in ascending category order. */
    public List<CategoryScores> perCategory() {
        List<CategoryScores> result = new ArrayList<>();
        int[] limits = params.maxDetections();
        int largest = limits[limits.length - 1];
        for (int k = 0; k < categoryIds.size(); k++) {
            double[] recallAtLimits = new double[limits.length];
            for (int m = 0; m < limits.length; m++) {
                recallAtLimits[m] = averageRecall(Double.NaN, "all", limits[m], k);
            }
            result.add(new CategoryScores(categoryIds.get(k),
                    averagePrecision(Double.NaN, "all", largest, k),
                    averagePrecision(0.5, "all", largest, k),
                    averagePrecision(0.75, "all", largest, k),
                    averagePrecision(Double.NaN, "small", largest, k),
                    averagePrecision(Double.NaN, "medium", largest, k),
                    averagePrecision(Double.NaN, "large", largest, k),
                    recallAtLimits));
        }
        return result;
    }

    /**
     * Returns the 12 lines that pycocotools' {@code summarize()} prints, for example
     * {@code " Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.397"}.
     */
    public List<String> summaryLines() {
        double[] thresholds = params.iouThresholds();
        String allIou = format2(thresholds[0]) + ":" + format2(thresholds[thresholds.length - 1]);
        int[] limits = params.maxDetections();
        int largest = limits[limits.length - 1];
        List<String> lines = new ArrayList<>();
        lines.add(line(true, allIou, "all", largest, stats[0]));
        lines.add(line(true, "0.50", "all", largest, stats[1]));
        lines.add(line(true, "0.75", "all", largest, stats[2]));
        lines.add(line(true, allIou, "small", largest, stats[3]));
        lines.add(line(true, allIou, "medium", largest, stats[4]));
        lines.add(line(true, allIou, "large", largest, stats[5]));
        lines.add(line(false, allIou, "all", limits[0], stats[6]));
        lines.add(line(false, allIou, "all", limits[Math.min(1, limits.length - 1)], stats[7]));
        lines.add(line(false, allIou, "all", largest, stats[8]));
        lines.add(line(false, allIou, "small", largest, stats[9]));
        lines.add(line(false, allIou, "medium", largest, stats[10]));
        lines.add(line(false, allIou, "large", largest, stats[11]));
        return lines;
    }

    private double[] computeStats() {
        int[] limits = params.maxDetections();
        int largest = limits[limits.length - 1];
        int[] all = allCategories();
        return new double[] {
            averagePrecision(Double.NaN, "all", largest, all),
            averagePrecision(0.5, "all", largest, all),
            averagePrecision(0.75, "all", largest, all),
            averagePrecision(Double.NaN, "small", largest, all),
            averagePrecision(Double.NaN, "medium", largest, all),
            averagePrecision(Double.NaN, "large", largest, all),
            averageRecall(Double.NaN, "all", limits[0], all),
            averageRecall(Double.NaN, "all", limits[Math.min(1, limits.length - 1)], all),
            averageRecall(Double.NaN, "all", largest, all),
            averageRecall(Double.NaN, "small", largest, all),
            averageRecall(Double.NaN, "medium", largest, all),
            averageRecall(Double.NaN, "large", largest, all),
        };
    }

    private int[] allCategories() {
        int[] indices = new int[categoryIds.size()];
        for (int k = 0; k < indices.length; k++) {
            indices[k] = k;
        }
        return indices;
    }

    private int[] categoryIndices(int[] requested) {
        return requested.length == 0 ? allCategories() : requested;
    }

    private static int indexOf(int[] values, int value) {
        for (int n = 0; n < values.length; n++) {
            if (values[n] == value) {
                return n;
            }
        }
        return -1;
    }

    private static String line(boolean precision, String iou, String area, int maxDetections, double value) {
        String title = precision ? "Average Precision" : "Average Recall";
        String type = precision ? "(AP)" : "(AR)";
        return String.format(" %-18s %s @[ IoU=%-9s | area=%6s | maxDets=%3d ] = %s", title, type, iou, area,
                maxDetections, format3(value));
    }

    /** Formats like Python's {@code '{:0.2f}'}: the exact binary value rounded half to even. */
    private static String format2(double value) {
        return new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String format3(double value) {
        return new BigDecimal(value).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
    }

    /**
     * AP and AR of one category, computed like the summary statistics but over that category only.
     *
     * @param categoryId       the category id
     * @param ap               AP at IoU .50:.95, all areas
     * @param ap50             AP at IoU .50
     * @param ap75             AP at IoU .75
     * @param apSmall          AP for small objects
     * @param apMedium         AP for medium objects
     * @param apLarge          AP for large objects
     * @param recallAtLimits   AR at each detection limit of the parameters (default 1, 10, 100)
     */
    public record CategoryScores(int categoryId, double ap, double ap50, double ap75, double apSmall,
            double apMedium, double apLarge, double[] recallAtLimits) {

        /** Copies the array. */
        public CategoryScores {
            recallAtLimits = recallAtLimits.clone();
        }

        @Override
        public double[] recallAtLimits() {
            return recallAtLimits.clone();
        }
    }
}
