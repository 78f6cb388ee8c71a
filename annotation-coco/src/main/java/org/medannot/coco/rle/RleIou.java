package org.medannot.coco.rle;

import java.util.List;

/**
 * IoU between RLEs by walking their runs in step, with pycocotools' conventions (rows are
 * detections, crowd ground truths divide by the detection's area, a size mismatch gives -1 where
 * the boxes overlap).
 */
final class RleIou {

    private RleIou() {
    }

    static double[][] iou(List<Rle> dt, List<Rle> gt, boolean[] iscrowd) {
        if (iscrowd != null && iscrowd.length != gt.size()) {
            throw new IllegalArgumentException("iscrowd has " + iscrowd.length + " flags for "
                    + gt.size() + " ground truths");
        }
        double[][] dtBoxes = new double[dt.size()][];
        for (int d = 0; d < dt.size(); d++) {
            dtBoxes[d] = dt.get(d).toBbox();
        }
        double[][] gtBoxes = new double[gt.size()][];
        for (int g = 0; g < gt.size(); g++) {
            gtBoxes[g] = gt.get(g).toBbox();
        }
        // The box IoU is a cheap filter: masks whose boxes do not overlap cannot overlap.
        double[][] result = BoxIou.iou(dtBoxes, gtBoxes, iscrowd);
        for (int d = 0; d < dt.size(); d++) {
            Rle detection = dt.get(d);
            for (int g = 0; g < gt.size(); g++) {
                if (result[d][g] <= 0) {
                    continue;
                }
                Rle truth = gt.get(g);
                if (detection.height() != truth.height() || detection.width() != truth.width()) {
                    result[d][g] = -1;
                    continue;
                }
                boolean crowd = iscrowd != null && iscrowd[g];
                result[d][g] = maskIou(detection, truth, crowd);
            }
        }
        return result;
    }

    /** Returns |a ∩ b| / |a ∪ b|, or |a ∩ b| / |a| for a crowd {@code b}; 0 when they do not meet. */
    static double maskIou(Rle a, Rle b, boolean crowd) {
        RleMerge.RunCursor cursorA = new RleMerge.RunCursor(a.runs());
        RleMerge.RunCursor cursorB = new RleMerge.RunCursor(b.runs());
        long intersection = 0;
        long union = 0;
        while (cursorA.hasPixels() && cursorB.hasPixels()) {
            int step = Math.min(cursorA.remaining, cursorB.remaining);
            if (cursorA.foreground || cursorB.foreground) {
                union += step;
                if (cursorA.foreground && cursorB.foreground) {
                    intersection += step;
                }
            }
            cursorA.advance(step);
            cursorB.advance(step);
        }
        if (intersection == 0) {
            return 0;
        }
        double denominator = crowd ? a.area() : union;
        return intersection / denominator;
    }
}
