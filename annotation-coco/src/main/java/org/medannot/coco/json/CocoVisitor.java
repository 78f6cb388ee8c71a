package org.medannot.coco.json;

import org.medannot.coco.model.CocoAnnotation;
import org.medannot.coco.model.CocoCategory;
import org.medannot.coco.model.CocoImage;
import org.medannot.coco.model.CocoInfo;
import org.medannot.coco.model.CocoLicense;

/**
 * Receives the elements of a COCO dataset in file order while it is streamed. Elements with an
 * error are reported as problems and not delivered. Every method does nothing by default.
 */
public interface CocoVisitor {

    default void info(CocoInfo info) {
    }

    default void license(CocoLicense license) {
    }

    default void category(CocoCategory category) {
    }

    default void image(CocoImage image) {
    }

    default void annotation(CocoAnnotation annotation) {
    }
}
