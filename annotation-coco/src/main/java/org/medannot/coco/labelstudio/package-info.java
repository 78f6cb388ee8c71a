/** Label Studio task export (brush masks, rectangles) and import of its exported annotations. */
package org.medannot.coco.labelstudio;
