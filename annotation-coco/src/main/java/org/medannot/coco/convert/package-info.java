/** Conversions between annotation-core's masks, boxes, polygons and annotation sets and COCO. */
package org.medannot.coco.convert;
