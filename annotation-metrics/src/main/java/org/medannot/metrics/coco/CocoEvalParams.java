package org.medannot.metrics.coco;

import java.util.List;

import org.medannot.metrics.MetricsException;

/**
 * Parameters of COCO evaluation, with pycocotools' defaults for instance detection and
 * segmentation.
 *
 * @param imageIds          images to evaluate, sorted ascending; an image without objects still
 *                          counts its detections as false positives
 * @param categoryIds       categories to evaluate, sorted ascending
 * @param iouThresholds     IoU thresholds, ascending (default .50:.05:.95 as numpy's linspace gives)
 * @param recallThresholds  recall points of the precision curve (default 0:.01:1 as numpy's linspace gives)
 * @param maxDetections     numbers of top-scoring detections per image, ascending (default 1, 10, 100)
 * @param areaRanges        [min, max] areas in pixels, both ends inclusive
 * @param areaRangeLabels   one label per area range (default all, small, medium, large)
 * @param useCategories     match only within a category (pycocotools' {@code useCats}); when false
 *                          every category is pooled
 */
public record CocoEvalParams(List<Long> imageIds, List<Integer> categoryIds, double[] iouThresholds,
        double[] recallThresholds, int[] maxDetections, double[][] areaRanges, List<String> areaRangeLabels,
        boolean useCategories) {

    /** Checks the sizes; copies every array. */
    public CocoEvalParams {
        imageIds = imageIds.stream().sorted().distinct().toList();
        categoryIds = categoryIds.stream().sorted().distinct().toList();
        iouThresholds = iouThresholds.clone();
        recallThresholds = recallThresholds.clone();
        maxDetections = maxDetections.clone();
        java.util.Arrays.sort(maxDetections);
        double[][] ranges = new double[areaRanges.length][];
        for (int a = 0; a < ranges.length; a++) {
            if (areaRanges[a].length != 2) {
                throw new MetricsException("areaRanges[" + a + "] must be [min, max], but has " + areaRanges[a].length
                        + " numbers");
            }
            ranges[a] = areaRanges[a].clone();
        }
        areaRanges = ranges;
        areaRangeLabels = List.copyOf(areaRangeLabels);
        if (areaRangeLabels.size() != areaRanges.length) {
            throw new MetricsException("areaRangeLabels has " + areaRangeLabels.size() + " labels, but there are "
                    + areaRanges.length + " area ranges");
        }
        if (maxDetections.length == 0 || iouThresholds.length == 0 || recallThresholds.length == 0) {
            throw new MetricsException("maxDetections, iouThresholds and recallThresholds must not be empty");
        }
    }

    /** Returns pycocotools' default parameters ({@code Params(iouType)}) for the given images and categories. */
    public static CocoEvalParams defaults(List<Long> imageIds, List<Integer> categoryIds) {
        return new CocoEvalParams(imageIds, categoryIds, linspace(0.5, 0.95, 10), linspace(0.0, 1.0, 101),
                new int[] {1, 10, 100},
                new double[][] {{0, 1e10}, {0, 32 * 32}, {32 * 32, 96 * 96}, {96 * 96, 1e10}},
                List.of("all", "small", "medium", "large"), true);
    }

    /** numpy's {@code linspace(start, stop, count)}: {@code start + i * step}, the last value exactly {@code stop}. */
    static double[] linspace(double start, double stop, int count) {
        double[] values = new double[count];
        double step = (stop - start) / (count - 1);
        for (int i = 0; i < count; i++) {
            values[i] = i * step + start;
        }
        values[count - 1] = stop;
        return values;
    }

    @Override
    public double[] iouThresholds() {
        return iouThresholds.clone();
    }

    @Override
    public double[] recallThresholds() {
        return recallThresholds.clone();
    }

    @Override
    public int[] maxDetections() {
        return maxDetections.clone();
    }

    @Override
    public double[][] areaRanges() {
        double[][] copy = new double[areaRanges.length][];
        for (int a = 0; a < copy.length; a++) {
            copy[a] = areaRanges[a].clone();
        }
        return copy;
    }
}
