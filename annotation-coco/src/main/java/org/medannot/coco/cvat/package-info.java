/** CVAT for images 1.1 XML export and import (boxes, polygons, masks). */
package org.medannot.coco.cvat;
