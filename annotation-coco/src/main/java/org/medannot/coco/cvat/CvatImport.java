package org.medannot.coco.cvat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.medannot.coco.CocoFormatException;
import org.medannot.core.annotation.Annotation;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.annotation.Category;
import org.medannot.core.annotation.Provenance;
import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.geometry.Polygon;
import org.medannot.core.geometry.Shape;
import org.medannot.core.mask.Mask;

/**
 * Reads a "CVAT for images 1.1" XML file back as the next review round of a scan, the inverse of
 * {@link CvatExport}.
 *
 * <p>{@code <image id>} is the slice index. {@code <box>} becomes a {@link BoundingBox} covering
 * every pixel the box touches (edges within 1e-6 pixel of a whole pixel are taken as that edge);
 * {@code <polygon>} becomes a {@link Polygon}; {@code <mask>} becomes a {@link Mask}. Shapes whose
 * {@code medannot_id} attribute is equal form one annotation across slices; a shape without it is
 * its own annotation, with id {@code cvat-<image id>-<n>}. Other elements inside an image
 * (points, polylines, ellipses, tags) are rejected. DTDs and external entities are not read.
 * Every annotation gets score 1 and the given provenance.
 */
public final class CvatImport {

    private static final Set<String> SHAPES = Set.of("box", "polygon", "mask");
    private static final double EDGE_TOLERANCE = 1e-6;

    private CvatImport() {
    }

    /**
     * Reads {@code file}.
     *
     * @param categories the project's categories; labels are matched by name
     * @throws CocoFormatException when the XML is malformed, an attribute is missing or invalid, an
     *     image does not match the scan's slices, or a label is not a known category; the message
     *     names the line and column
     */
    public static AnnotationSet read(Path file, Geometry geometry, String scanId, int round, OptionalInt parentRound,
                                     Provenance provenance, Collection<Category> categories)
            throws IOException, CocoFormatException {
        Map<String, Category> byName = new HashMap<>();
        for (Category category : categories) {
            byName.put(category.name(), category);
        }
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);

        Map<String, Region> regions = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader xml = factory.createXMLStreamReader(in);
            try {
                new Parser(xml, file, geometry, byName, regions).parse();
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw new CocoFormatException("", file + ": malformed XML: " + e.getMessage(), e);
        }
        List<Annotation> annotations = new ArrayList<>(regions.size());
        for (Map.Entry<String, Region> entry : regions.entrySet()) {
            annotations.add(new Annotation(entry.getKey(), entry.getValue().category, entry.getValue().shape, 1.0,
                    provenance));
        }
        return new AnnotationSet(scanId, round, parentRound, annotations);
    }

    /** The streaming parse of one file. */
    private static final class Parser {
        private final XMLStreamReader xml;
        private final Path file;
        private final Geometry geometry;
        private final Map<String, Category> categories;
        private final Map<String, Region> regions;
        private int slice = -1;
        private int imageId;
        private int shapeCount;

        Parser(XMLStreamReader xml, Path file, Geometry geometry, Map<String, Category> categories,
               Map<String, Region> regions) {
            this.xml = xml;
            this.file = file;
            this.geometry = geometry;
            this.categories = categories;
            this.regions = regions;
        }

        void parse() throws XMLStreamException, CocoFormatException {
            int depth = 0;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    String name = xml.getLocalName();
                    if (depth == 1 && !name.equals("annotations")) {
                        throw error("expected root element <annotations>, found <" + name + ">");
                    }
                    if (depth == 2 && name.equals("image")) {
                        startImage();
                    } else if (depth == 2 && name.equals("track")) {
                        throw error("<track> elements (CVAT for video) are not supported");
                    } else if (depth == 3 && slice >= 0) {
                        if (!SHAPES.contains(name)) {
                            throw error("<" + name + "> is not supported, expected <box>, <polygon> or <mask>");
                        }
                        readShape(name);
                        depth--;
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    if (depth == 2 && xml.getLocalName().equals("image")) {
                        slice = -1;
                    }
                    depth--;
                }
            }
        }

        private void startImage() throws CocoFormatException {
            imageId = intAttribute("id");
            if (imageId < 0 || imageId >= geometry.slices()) {
                throw error("image id " + imageId + " is not a slice index in 0.." + (geometry.slices() - 1));
            }
            int width = intAttribute("width");
            int height = intAttribute("height");
            if (width != geometry.columns() || height != geometry.rows()) {
                throw error("image " + imageId + " is " + width + " x " + height + ", expected the scan's "
                        + geometry.columns() + " x " + geometry.rows());
            }
            slice = imageId;
            shapeCount = 0;
        }

        /** Reads one shape element and its attribute children, leaving the reader at its end tag. */
        private void readShape(String name) throws XMLStreamException, CocoFormatException {
            String label = attribute("label");
            Category category = categories.get(label);
            if (category == null) {
                throw error("label \"" + label + "\" is not one of the categories " + categories.keySet());
            }
            Shape shape = switch (name) {
                case "box" -> box();
                case "polygon" -> polygon();
                default -> mask();
            };
            String id = null;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("attribute")
                        && CvatExport.ID_ATTRIBUTE.equals(xml.getAttributeValue(null, "name"))) {
                    id = xml.getElementText().trim();
                } else if (event == XMLStreamConstants.START_ELEMENT) {
                    skipElement();
                } else if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals(name)) {
                    break;
                }
            }
            if (id == null || id.isEmpty()) {
                id = "cvat-" + imageId + "-" + shapeCount;
            }
            shapeCount++;
            Region region = regions.computeIfAbsent(id, key -> new Region(category));
            if (!region.category.equals(category)) {
                throw error("shape " + id + " has labels " + region.category.name() + " and " + label);
            }
            region.add(shape, geometry, this);
        }

        private void skipElement() throws XMLStreamException {
            int depth = 1;
            while (depth > 0 && xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
        }

        private BoundingBox box() throws CocoFormatException {
            double xtl = doubleAttribute("xtl");
            double ytl = doubleAttribute("ytl");
            double xbr = doubleAttribute("xbr");
            double ybr = doubleAttribute("ybr");
            if (parseNumber(attribute("rotation", "0"), "rotation") != 0) {
                throw error("rotated boxes are not supported");
            }
            int minX = (int) Math.floor(snap(xtl));
            int minY = (int) Math.floor(snap(ytl));
            int maxX = (int) Math.ceil(snap(xbr));
            int maxY = (int) Math.ceil(snap(ybr));
            if (minX < 0 || minY < 0 || maxX > geometry.columns() || maxY > geometry.rows() || maxX < minX
                    || maxY < minY) {
                throw error("box " + xtl + ", " + ytl + ", " + xbr + ", " + ybr + " lies outside the "
                        + geometry.columns() + " x " + geometry.rows() + " image");
            }
            return new BoundingBox(minX, minY, slice, maxX, maxY, slice + 1);
        }

        private Polygon polygon() throws CocoFormatException {
            String[] points = attribute("points").split(";");
            double[] ring = new double[points.length * 2];
            for (int n = 0; n < points.length; n++) {
                String[] xy = points[n].split(",");
                if (xy.length != 2) {
                    throw error("polygon point " + n + " is \"" + points[n] + "\", expected \"x,y\"");
                }
                ring[2 * n] = parseNumber(xy[0], "points");
                ring[2 * n + 1] = parseNumber(xy[1], "points");
            }
            if (points.length < 3) {
                throw error("a polygon needs at least 3 points, found " + points.length);
            }
            return new Polygon(ring, List.of(), slice);
        }

        private Mask mask() throws CocoFormatException {
            CvatMaskRle rle = CvatMaskRle.parse(attribute("rle"), intAttribute("left"), intAttribute("top"),
                    intAttribute("width"), intAttribute("height"), geometry.columns(), geometry.rows(), where());
            boolean[] pixels = new boolean[geometry.sliceSize()];
            rle.paint(pixels, geometry.columns());
            Mask mask = new Mask(geometry);
            int start = slice * geometry.sliceSize();
            for (int n = 0; n < pixels.length; n++) {
                if (pixels[n]) {
                    mask.set(start + n, true);
                }
            }
            return mask;
        }

        private String attribute(String name) throws CocoFormatException {
            String value = xml.getAttributeValue(null, name);
            if (value == null) {
                throw error("<" + xml.getLocalName() + "> is missing the attribute " + name);
            }
            return value;
        }

        private String attribute(String name, String fallback) {
            String value = xml.getAttributeValue(null, name);
            return value == null ? fallback : value.trim();
        }

        private int intAttribute(String name) throws CocoFormatException {
            String value = attribute(name).trim();
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw error("attribute " + name + " is \"" + value + "\", expected an integer");
            }
        }

        private double doubleAttribute(String name) throws CocoFormatException {
            return parseNumber(attribute(name), name);
        }

        private double parseNumber(String text, String name) throws CocoFormatException {
            try {
                double value = Double.parseDouble(text.trim());
                if (Double.isFinite(value)) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // Reported below with the attribute name.
            }
            throw error("attribute " + name + " has \"" + text.trim() + "\", expected a finite number");
        }

        String where() {
            return file + " line " + xml.getLocation().getLineNumber() + ", column "
                    + xml.getLocation().getColumnNumber();
        }

        CocoFormatException error(String message) {
            return new CocoFormatException("", where() + ": " + message);
        }
    }

    private static double snap(double value) {
        double nearest = Math.rint(value);
        return Math.abs(value - nearest) < EDGE_TOLERANCE ? nearest : value;
    }

    /** The shapes of one id across slices. */
    private static final class Region {
        final Category category;
        Shape shape;

        Region(Category category) {
            this.category = category;
        }

        void add(Shape next, Geometry geometry, Parser parser) throws CocoFormatException {
            if (shape == null) {
                shape = next;
            } else if (shape instanceof Mask mask && next instanceof Mask other) {
                mask.orInPlace(other);
            } else if (shape instanceof BoundingBox box && next instanceof BoundingBox other) {
                shape = box.union(other);
            } else {
                throw parser.error("one annotation id has shapes of different kinds, or several polygons");
            }
        }
    }
}
