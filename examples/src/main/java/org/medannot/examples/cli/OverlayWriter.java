package org.medannot.examples.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.output.OutputSink;
import org.medannot.core.spi.AnnotationWriter;
import org.medannot.core.spi.Scan;
import org.medannot.core.volume.Volume;

/**
 * Writes {@code overlays/slice-KKK.png}: for each label of the round, the slice (index K from 0)
 * where the label covers the most pixels, in grey levels with the outline of every label drawn
 * in its colour.
 *
 * <p>Grey levels: CT scans (Modality CT) use the abdomen window, centre 40 HU and width 400 HU;
 * other scans stretch the slice's 1st to 99th percentile to black and white. A pixel is on an
 * outline when it carries the label and one of its four neighbours does not (or lies outside
 * the image). Image column x and row y are the scan's column and row, so the image is shown
 * as the scan's rows are stored (for DICOM, as a viewer shows the slice).
 */
final class OverlayWriter implements AnnotationWriter {

    /** Outline colours as 0xRRGGBB, taken in turn by ascending label value. */
    private static final int[] COLOURS = {0xFF3030, 0x30D030, 0x3080FF, 0xFFD020, 0xE040E0, 0x20E0E0, 0xFF8020};

    @Override
    public String format() {
        return "overlays";
    }

    @Override
    public List<Path> write(AnnotationSet annotations, Scan scan, Path outputDirectory) throws IOException {
        return write(annotations, scan, OutputSink.plain(outputDirectory));
    }

    @Override
    public List<Path> write(AnnotationSet annotations, Scan scan, OutputSink output) throws IOException {
        Volume volume = scan.volume();
        Geometry geometry = volume.geometry();
        LabelMap labels = PipelineLabels.toLabelMap(annotations, geometry);
        int[] present = labels.labels();
        TreeSet<Integer> slices = new TreeSet<>();
        for (int label : present) {
            slices.add(largestSlice(labels, label));
        }
        boolean ct = "CT".equalsIgnoreCase(scan.property("Modality", ""));
        List<Path> written = new ArrayList<>();
        for (int k : slices) {
            BufferedImage image = render(volume, labels, present, k, ct);
            String name = String.format(Locale.ROOT, "overlays/slice-%03d.png", k);
            written.add(output.write(name, out -> writePng(image, out)));
        }
        return written;
    }

    /**
     * Encodes {@code image} as PNG into {@code out}. The encoder buffers in memory, never in a
     * cache file, because ImageIO's default file cache would put the plaintext image in the
     * temporary folder.
     */
    private static void writePng(BufferedImage image, OutputStream out) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IOException("this Java runtime has no PNG writer");
        }
        ImageWriter writer = writers.next();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(image);
        } finally {
            writer.dispose();
        }
    }

    /** Returns the slice index (from 0) with the most pixels of {@code label}; the lowest on ties. */
    static int largestSlice(LabelMap labels, int label) {
        Geometry g = labels.geometry();
        int sliceSize = g.columns() * g.rows();
        int best = 0;
        long bestCount = -1;
        for (int k = 0; k < g.slices(); k++) {
            long count = 0;
            for (int n = k * sliceSize, end = n + sliceSize; n < end; n++) {
                if (labels.get(n) == label) {
                    count++;
                }
            }
            if (count > bestCount) {
                bestCount = count;
                best = k;
            }
        }
        return best;
    }

    private static BufferedImage render(Volume volume, LabelMap labels, int[] present, int k, boolean ct) {
        Geometry g = volume.geometry();
        int columns = g.columns();
        int rows = g.rows();
        double[] window = ct ? new double[] {40 - 200, 40 + 200} : percentileWindow(volume, k);
        BufferedImage image = new BufferedImage(columns, rows, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                double value = volume.getDouble(x, y, k);
                double scaled = (value - window[0]) / Math.max(window[1] - window[0], 1e-9);
                int grey = (int) Math.round(255 * Math.min(1, Math.max(0, scaled)));
                int rgb = (grey << 16) | (grey << 8) | grey;
                int label = labels.get(x, y, k);
                if (label != 0 && onOutline(labels, x, y, k, label)) {
                    rgb = COLOURS[Arrays.binarySearch(present, label) % COLOURS.length];
                }
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    private static boolean onOutline(LabelMap labels, int x, int y, int k, int label) {
        Geometry g = labels.geometry();
        return x == 0 || y == 0 || x == g.columns() - 1 || y == g.rows() - 1
                || labels.get(x - 1, y, k) != label || labels.get(x + 1, y, k) != label
                || labels.get(x, y - 1, k) != label || labels.get(x, y + 1, k) != label;
    }

    /** Returns the 1st and 99th percentile of slice {@code k} (nearest rank). */
    private static double[] percentileWindow(Volume volume, int k) {
        Geometry g = volume.geometry();
        double[] values = new double[g.columns() * g.rows()];
        int n = 0;
        for (int y = 0; y < g.rows(); y++) {
            for (int x = 0; x < g.columns(); x++) {
                values[n++] = volume.getDouble(x, y, k);
            }
        }
        Arrays.sort(values);
        return new double[] {values[(int) (0.01 * (values.length - 1))], values[(int) (0.99 * (values.length - 1))]};
    }
}
