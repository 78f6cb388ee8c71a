package org.medannot.coco.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A segmentation given as polygons {@code [[x0, y0, x1, y1, ...], ...]} in COCO's pixel
 * coordinates (see {@code CocoPolygons} for how they are rasterized). The object is the union of
 * the polygons.
 *
 * @param polygons the parts; each has an even number (at least 6) of finite coordinates
 */
public record PolygonSegmentation(List<double[]> polygons) implements Segmentation {

    public PolygonSegmentation {
        List<double[]> copy = new ArrayList<>(polygons.size());
        for (int i = 0; i < polygons.size(); i++) {
            double[] polygon = polygons.get(i);
            if (polygon.length < 6 || polygon.length % 2 != 0) {
                throw new IllegalArgumentException("polygon " + i + " must have an even number >= 6 of coordinates, found "
                        + polygon.length);
            }
            for (double value : polygon) {
                if (!Double.isFinite(value)) {
                    throw new IllegalArgumentException("polygon " + i + " has a coordinate that is not finite: " + value);
                }
            }
            copy.add(polygon.clone());
        }
        polygons = List.copyOf(copy);
    }
}
