package org.medannot.coco.rle;

/**
 * IoU of COCO boxes {@code [x, y, width, height]} (pixels), computed in the same floating-point
 * order as pycocotools' {@code bbIou} so that the results are bit-identical.
 */
public final class BoxIou {

    private BoxIou() {
    }

    /**
     * Returns the IoU of every detection box with every ground-truth box; rows are detections. For
     * a crowd ground truth the union is the detection's area. Boxes that only touch, or have zero
     * width or height, give 0.
     *
     * @param iscrowd one flag per ground truth, or {@code null} for none
     */
    public static double[][] iou(double[][] dt, double[][] gt, boolean[] iscrowd) {
        if (iscrowd != null && iscrowd.length != gt.length) {
            throw new IllegalArgumentException("iscrowd has " + iscrowd.length + " flags for "
                    + gt.length + " ground truths");
        }
        double[][] result = new double[dt.length][gt.length];
        for (int g = 0; g < gt.length; g++) {
            double[] truth = checkBox(gt[g], "gt", g);
            double truthArea = truth[2] * truth[3];
            boolean crowd = iscrowd != null && iscrowd[g];
            for (int d = 0; d < dt.length; d++) {
                double[] detection = checkBox(dt[d], "dt", d);
                double detectionArea = detection[2] * detection[3];
                double overlapWidth = Math.min(detection[2] + detection[0], truth[2] + truth[0])
                        - Math.max(detection[0], truth[0]);
                if (overlapWidth <= 0) {
                    continue;
                }
                double overlapHeight = Math.min(detection[3] + detection[1], truth[3] + truth[1])
                        - Math.max(detection[1], truth[1]);
                if (overlapHeight <= 0) {
                    continue;
                }
                double intersection = overlapWidth * overlapHeight;
                double union = crowd ? detectionArea : detectionArea + truthArea - intersection;
                result[d][g] = intersection / union;
            }
        }
        return result;
    }

    private static double[] checkBox(double[] box, String list, int index) {
        if (box == null || box.length != 4) {
            throw new IllegalArgumentException(list + " box " + index + " must have 4 numbers [x, y, width, height]");
        }
        return box;
    }
}
