package org.medannot.coco.model;

import java.util.Objects;

/**
 * One entry of a COCO dataset's {@code categories} list.
 *
 * @param id identifier referenced by {@link CocoAnnotation#categoryId()}
 * @param name category name, not {@code null}
 * @param supercategory parent category name, or {@code null}
 */
public record CocoCategory(long id, String name, String supercategory) {

    public CocoCategory {
        Objects.requireNonNull(name, "name");
    }
}
