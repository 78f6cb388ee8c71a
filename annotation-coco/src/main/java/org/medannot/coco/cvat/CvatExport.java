package org.medannot.coco.cvat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.medannot.core.annotation.Annotation;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.annotation.Category;
import org.medannot.core.annotation.ProducerKind;
import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.geometry.Polygon;
import org.medannot.core.geometry.Shape;
import org.medannot.core.mask.Mask;

/**
 * Writes a round of annotations as a "CVAT for images 1.1" XML file.
 *
 * <p>One {@code <image>} per slice k ({@code id} = k). Each annotation gives, per slice it covers:
 * <ul>
 *   <li>a {@link Mask}: a {@code <mask>} with CVAT's mask RLE: {@code left}, {@code top},
 *       {@code width} and {@code height} give the tight box of the slice's foreground in pixels,
 *       and {@code rle} lists run lengths over that box in row-major order, alternating background
 *       and foreground and starting with background (so the first run may be 0);
 *   <li>a {@link BoundingBox}: a {@code <box>} with {@code xtl}, {@code ytl}, {@code xbr},
 *       {@code ybr} the pixel edges (a box over columns 3..8 has xtl 3 and xbr 9);
 *   <li>a {@link Polygon} without holes: a {@code <polygon>} with the same vertices; one with holes
 *       becomes a {@code <mask>} of the pixels whose centres it contains.
 * </ul>
 * Each shape carries its annotation id in the text attribute {@code medannot_id}, declared for
 * every label in {@code <meta>}, and {@code source} "auto" for a model's annotations and "manual"
 * for a person's.
 */
public final class CvatExport {

    /** Name of the text attribute that carries the SDK's annotation id. */
    public static final String ID_ATTRIBUTE = "medannot_id";

    private CvatExport() {
    }

    /**
     * Writes {@code set} to {@code file} through a temporary file.
     *
     * @throws IllegalArgumentException when a shape is not on {@code geometry}'s grid
     */
    public static void write(AnnotationSet set, Geometry geometry, IntFunction<String> fileNameOfSlice, Path file)
            throws IOException {
        Path target = file.toAbsolutePath();
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                write(set, geometry, fileNameOfSlice, out, file.toString());
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Writes {@code set} to {@code out}, which stays open.
     *
     * @param target name of the output for error messages
     * @throws IllegalArgumentException when a shape is not on {@code geometry}'s grid
     */
    public static void write(AnnotationSet set, Geometry geometry, IntFunction<String> fileNameOfSlice, OutputStream out,
            String target) throws IOException {
        try {
            // XMLStreamWriter.close() does not close the underlying stream.
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            writeDocument(xml, set, geometry, fileNameOfSlice);
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException(target + ": writing XML failed: " + e.getMessage(), e);
        }
        out.flush();
    }

    private static void writeDocument(XMLStreamWriter xml, AnnotationSet set, Geometry geometry,
                                      IntFunction<String> fileNameOfSlice) throws XMLStreamException {
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeCharacters("\n");
        xml.writeStartElement("annotations");
        element(xml, "version", "1.1");
        writeMeta(xml, set, geometry);
        for (int k = 0; k < geometry.slices(); k++) {
            xml.writeCharacters("\n  ");
            xml.writeStartElement("image");
            xml.writeAttribute("id", Integer.toString(k));
            xml.writeAttribute("name", fileNameOfSlice.apply(k));
            xml.writeAttribute("width", Integer.toString(geometry.columns()));
            xml.writeAttribute("height", Integer.toString(geometry.rows()));
            for (Annotation annotation : set.annotations()) {
                writeShape(xml, annotation, geometry, k);
            }
            xml.writeCharacters("\n  ");
            xml.writeEndElement();
        }
        xml.writeCharacters("\n");
        xml.writeEndElement();
        xml.writeCharacters("\n");
        xml.writeEndDocument();
    }

    private static void writeMeta(XMLStreamWriter xml, AnnotationSet set, Geometry geometry) throws XMLStreamException {
        Map<Integer, Category> categories = new LinkedHashMap<>();
        for (Annotation annotation : set.annotations()) {
            categories.putIfAbsent(annotation.category().id(), annotation.category());
        }
        xml.writeCharacters("\n  ");
        xml.writeStartElement("meta");
        xml.writeStartElement("task");
        element(xml, "name", set.scanId());
        element(xml, "size", Integer.toString(geometry.slices()));
        element(xml, "mode", "annotation");
        xml.writeStartElement("labels");
        for (Category category : categories.values()) {
            xml.writeStartElement("label");
            element(xml, "name", category.name());
            element(xml, "type", "any");
            xml.writeStartElement("attributes");
            xml.writeStartElement("attribute");
            element(xml, "name", ID_ATTRIBUTE);
            element(xml, "mutable", "False");
            element(xml, "input_type", "text");
            element(xml, "default_value", "");
            element(xml, "values", "");
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndElement();
        }
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeEndElement();
    }

    private static void writeShape(XMLStreamWriter xml, Annotation annotation, Geometry geometry, int k)
            throws XMLStreamException {
        Shape shape = annotation.shape();
        if (shape instanceof BoundingBox box) {
            if (k < box.minZ() || k >= box.maxZ() || box.isEmpty()) {
                return;
            }
            startShape(xml, "box", annotation);
            xml.writeAttribute("xtl", number(box.minX()));
            xml.writeAttribute("ytl", number(box.minY()));
            xml.writeAttribute("xbr", number(box.maxX()));
            xml.writeAttribute("ybr", number(box.maxY()));
            endShape(xml, annotation);
            return;
        }
        if (shape instanceof Polygon polygon && polygon.holes().isEmpty()) {
            if (polygon.slice() != k) {
                return;
            }
            startShape(xml, "polygon", annotation);
            double[] points = polygon.exterior();
            StringBuilder text = new StringBuilder();
            for (int n = 0; n < points.length; n += 2) {
                if (n > 0) {
                    text.append(';');
                }
                text.append(number(points[n])).append(',').append(number(points[n + 1]));
            }
            xml.writeAttribute("points", text.toString());
            endShape(xml, annotation);
            return;
        }
        boolean[] pixels = slicePixels(shape, geometry, k, annotation.id());
        if (pixels == null) {
            return;
        }
        CvatMaskRle rle = CvatMaskRle.encode(pixels, geometry.columns(), geometry.rows());
        startShape(xml, "mask", annotation);
        xml.writeAttribute("rle", rle.runsText());
        xml.writeAttribute("left", Integer.toString(rle.left()));
        xml.writeAttribute("top", Integer.toString(rle.top()));
        xml.writeAttribute("width", Integer.toString(rle.width()));
        xml.writeAttribute("height", Integer.toString(rle.height()));
        endShape(xml, annotation);
    }

    private static void startShape(XMLStreamWriter xml, String name, Annotation annotation) throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeStartElement(name);
        xml.writeAttribute("label", annotation.category().name());
        xml.writeAttribute("source", annotation.provenance().kind() == ProducerKind.MODEL ? "auto" : "manual");
        xml.writeAttribute("occluded", "0");
        xml.writeAttribute("z_order", "0");
    }

    private static void endShape(XMLStreamWriter xml, Annotation annotation) throws XMLStreamException {
        xml.writeStartElement("attribute");
        xml.writeAttribute("name", ID_ATTRIBUTE);
        xml.writeCharacters(annotation.id());
        xml.writeEndElement();
        xml.writeEndElement();
    }

    /** Returns row-major pixels of a mask or polygon on slice k, or {@code null} when there are none. */
    private static boolean[] slicePixels(Shape shape, Geometry geometry, int k, String id) {
        int width = geometry.columns();
        int height = geometry.rows();
        boolean[] pixels = new boolean[width * height];
        boolean any = false;
        if (shape instanceof Mask mask) {
            if (!mask.geometry().sameGrid(geometry, Mask.GRID_TOLERANCE_MM)) {
                throw new IllegalArgumentException("annotation " + id + ": mask grid differs from the scan's: "
                        + mask.geometry().describeDifference(geometry, Mask.GRID_TOLERANCE_MM));
            }
            int start = k * geometry.sliceSize();
            for (int n = 0; n < pixels.length; n++) {
                pixels[n] = mask.get(start + n);
                any |= pixels[n];
            }
        } else if (shape instanceof Polygon polygon) {
            if (polygon.slice() != k) {
                return null;
            }
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    pixels[y * width + x] = polygon.contains(x + 0.5, y + 0.5);
                    any |= pixels[y * width + x];
                }
            }
        } else {
            throw new IllegalArgumentException("annotation " + id + ": shape type " + shape.getClass().getName()
                    + " has no CVAT form");
        }
        return any ? pixels : null;
    }

    /** Writes integral values without a fraction and others in Java's shortest round-trip form. */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }
}
