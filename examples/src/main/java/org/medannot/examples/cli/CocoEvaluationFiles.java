package org.medannot.examples.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.medannot.coco.CocoFormatException;
import org.medannot.coco.convert.CocoShapes;
import org.medannot.coco.json.CocoReader;
import org.medannot.coco.model.CocoAnnotation;
import org.medannot.coco.model.CocoCategory;
import org.medannot.coco.model.CocoDataset;
import org.medannot.coco.model.CocoImage;
import org.medannot.coco.model.CocoResult;
import org.medannot.coco.model.PolygonSegmentation;
import org.medannot.coco.model.RleSegmentation;
import org.medannot.coco.model.Segmentation;
import org.medannot.coco.polygon.CocoPolygons;
import org.medannot.coco.rle.Rle;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.Mask;
import org.medannot.metrics.MetricsException;
import org.medannot.metrics.coco.CocoDetection;
import org.medannot.metrics.coco.CocoGroundTruth;
import org.medannot.metrics.coco.CocoIouType;

/**
 * Reads a COCO instances file and a COCO results file (with annotation-coco) into the evaluation
 * inputs of annotation-metrics, the way pycocotools' {@code COCO} and {@code loadRes} prepare them:
 * <ul>
 *   <li>Ground-truth masks come from {@code annToRLE}: polygons rasterized on the image size and
 *       merged, RLEs taken as they are; areas are the files' {@code area} fields.</li>
 *   <li>Results are numbered {@code 1 + index} in file order. When the first result has a
 *       {@code bbox}, every result's area is {@code width * height} of its box, and a result
 *       without segmentation gets its box as a four-corner polygon. Otherwise each result's area
 *       is its mask's pixel count and its box the mask's tight box.</li>
 * </ul>
 */
final class CocoEvaluationFiles {

    final List<Long> imageIds = new ArrayList<>();
    final List<Integer> categoryIds = new ArrayList<>();
    final List<CocoGroundTruth> groundTruths = new ArrayList<>();
    final List<CocoDetection> detections = new ArrayList<>();

    /**
     * Reads both files; masks are decoded only for {@link CocoIouType#SEGM}.
     *
     * @throws CocoFormatException when a file is not valid COCO (the message names the file and field)
     * @throws MetricsException    when an object lacks what the IoU type needs or names an unknown image
     */
    static CocoEvaluationFiles read(Path groundTruthFile, Path resultsFile, CocoIouType iouType)
            throws IOException, CocoFormatException {
        boolean masks = iouType == CocoIouType.SEGM;
        CocoEvaluationFiles files = new CocoEvaluationFiles();
        CocoDataset dataset = CocoReader.read(groundTruthFile);
        Map<Long, CocoImage> images = new HashMap<>();
        for (CocoImage image : dataset.images()) {
            images.put(image.id(), image);
            files.imageIds.add(image.id());
        }
        for (CocoCategory category : dataset.categories()) {
            files.categoryIds.add(Math.toIntExact(category.id()));
        }
        for (CocoAnnotation annotation : dataset.annotations()) {
            String owner = groundTruthFile + " annotation " + annotation.id();
            double[] bbox = annotation.bbox();
            if (!masks && bbox == null) {
                throw new MetricsException(owner + ": has no bbox, which box evaluation needs");
            }
            Mask mask = masks ? decode(annotation.segmentation(), image(images, annotation.imageId(), owner), owner) : null;
            files.groundTruths.add(new CocoGroundTruth(annotation.id(), annotation.imageId(),
                    Math.toIntExact(annotation.categoryId()), annotation.area(), annotation.iscrowd(), bbox, mask));
        }

        List<CocoResult> results = CocoReader.readResults(resultsFile);
        boolean boxBranch = !results.isEmpty() && results.get(0).bbox() != null;
        for (int n = 0; n < results.size(); n++) {
            CocoResult result = results.get(n);
            long id = n + 1L;
            String owner = resultsFile + " result " + n;
            CocoImage image = image(images, result.imageId(), owner);
            double[] bbox = result.bbox();
            Mask mask = null;
            double area;
            if (boxBranch) {
                if (bbox == null) {
                    throw new MetricsException(owner + ": has no bbox, but the first result has one, so every result needs one");
                }
                area = bbox[2] * bbox[3];
                if (masks) {
                    mask = result.segmentation() == null
                            ? toMask(CocoPolygons.rasterizeBox(bbox, image.height(), image.width()))
                            : decode(result.segmentation(), image, owner);
                }
            } else {
                if (result.segmentation() == null) {
                    throw new MetricsException(owner + ": has neither bbox nor segmentation");
                }
                Rle rle = toRle(result.segmentation(), image);
                area = rle.area();
                bbox = rle.toBbox();
                mask = masks ? toMask(rle) : null;
            }
            files.detections.add(new CocoDetection(id, result.imageId(), Math.toIntExact(result.categoryId()),
                    result.score(), area, bbox, mask));
        }
        return files;
    }

    private static CocoImage image(Map<Long, CocoImage> images, long imageId, String owner) {
        CocoImage image = images.get(imageId);
        if (image == null) {
            throw new MetricsException(owner + ": image_id " + imageId + " is not in the ground truth's images");
        }
        return image;
    }

    private static Mask decode(Segmentation segmentation, CocoImage image, String owner) {
        if (segmentation == null) {
            throw new MetricsException(owner + ": has no segmentation, which segm evaluation needs");
        }
        return toMask(toRle(segmentation, image));
    }

    private static Rle toRle(Segmentation segmentation, CocoImage image) {
        if (segmentation instanceof RleSegmentation rle) {
            return rle.rle();
        }
        return CocoPolygons.rasterizeAll(((PolygonSegmentation) segmentation).polygons(), image.height(), image.width());
    }

    private static Mask toMask(Rle rle) {
        return CocoShapes.decode(rle, Geometry.of2D(rle.width(), rle.height()));
    }
}
