package org.medannot.coco.model;

/**
 * The {@code info} object of a COCO dataset. Every field may be {@code null} when the file omits it.
 *
 * @param year year of the dataset
 * @param version dataset version
 * @param description free text
 * @param contributor who made the dataset
 * @param url where the dataset is published
 * @param dateCreated creation date as written in the file (COCO uses {@code "2017/09/01"} or ISO 8601)
 */
public record CocoInfo(Integer year, String version, String description, String contributor, String url,
                       String dateCreated) {

    /** Returns an {@code info} object with only a description. */
    public static CocoInfo describedAs(String description) {
        return new CocoInfo(null, null, description, null, null, null);
    }
}
