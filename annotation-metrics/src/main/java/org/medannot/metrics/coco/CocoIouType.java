package org.medannot.metrics.coco;

/** How COCO evaluation measures the overlap of a detection and a ground-truth object. */
public enum CocoIouType {
    /** IoU of the {@code [x, y, width, height]} boxes in pixels. */
    BBOX,
    /** IoU of the pixel masks. */
    SEGM
}
