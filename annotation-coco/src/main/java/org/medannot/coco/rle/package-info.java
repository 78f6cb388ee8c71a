/** COCO run-length encoding (RLE) of binary masks, byte-identical to pycocotools: compressed strings, decode, area, bounding box, merge and IoU. */
package org.medannot.coco.rle;
