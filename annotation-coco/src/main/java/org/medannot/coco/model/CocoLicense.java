package org.medannot.coco.model;

/**
 * One entry of a COCO dataset's {@code licenses} list.
 *
 * @param id identifier referenced by {@link CocoImage#license()}
 * @param name license name, or {@code null}
 * @param url license URL, or {@code null}
 */
public record CocoLicense(long id, String name, String url) {
}
