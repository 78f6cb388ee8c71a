/** The COCO dataset model: immutable records for info, licenses, images, categories, annotations and detection results. */
package org.medannot.coco.model;
