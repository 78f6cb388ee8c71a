package org.medannot.coco.model;

/**
 * The {@code segmentation} of a COCO annotation: a list of polygons or one RLE.
 */
public sealed interface Segmentation permits PolygonSegmentation, RleSegmentation {
}
