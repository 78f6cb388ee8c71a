package org.medannot.coco.model;

import java.util.List;

/**
 * A COCO instances dataset held in memory. For datasets too large for that, read with
 * {@code CocoReader.stream} and write with {@code CocoWriter}.
 *
 * @param info the {@code info} object, or {@code null}
 * @param licenses the {@code licenses} list
 * @param images the {@code images} list
 * @param annotations the {@code annotations} list
 * @param categories the {@code categories} list
 */
public record CocoDataset(CocoInfo info, List<CocoLicense> licenses, List<CocoImage> images,
                          List<CocoAnnotation> annotations, List<CocoCategory> categories) {

    public CocoDataset {
        licenses = List.copyOf(licenses);
        images = List.copyOf(images);
        annotations = List.copyOf(annotations);
        categories = List.copyOf(categories);
    }
}
