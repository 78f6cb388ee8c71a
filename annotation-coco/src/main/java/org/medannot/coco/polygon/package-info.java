/** Rasterization of COCO polygons and boxes with pycocotools' rule. */
package org.medannot.coco.polygon;
