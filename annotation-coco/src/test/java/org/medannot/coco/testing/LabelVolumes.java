package org.medannot.coco.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.core.testing.SharedData;

/**
 * Real label maps of the test data set (TotalSegmentator outputs as gzipped NIfTI-1) and
 * generated masks, as shapes for round-trip tests. The NIfTI reading here is the minimum those
 * files need (little-endian NIfTI-1, integer voxel types); it keeps the voxel grid and ignores the
 * affine, because the tests only compare masks with themselves.
 */
public final class LabelVolumes {

    private LabelVolumes() {
    }

    /** Returns the label files: TotalSegmentator pairs and the CT series' label map. */
    public static List<Path> labelFiles() {
        Path pairs = SharedData.require("nifti/pairs/totalseg-ct-small");
        List<Path> files = new ArrayList<>();
        files.add(pairs.resolve("example_seg.nii.gz"));
        files.add(pairs.resolve("example_seg_roi_subset.nii.gz"));
        Path series = SharedData.rootOrNull().resolve("dicom/series/ct-abdomen-siemens-20sl/labels/example_seg_dicom.nii.gz");
        if (Files.exists(series)) {
            files.add(series);
        }
        try (Stream<Path> fast = Files.list(pairs.resolve("example_seg_fast"))) {
            fast.filter(p -> p.toString().endsWith(".nii.gz")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Reads a gzipped little-endian NIfTI-1 label volume with unit spacing. */
    public static LabelMap read(Path file) {
        byte[] bytes;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (header.getInt(0) != 348) {
            throw new IllegalArgumentException(file + ": not a little-endian NIfTI-1 file");
        }
        int columns = header.getShort(42);
        int rows = header.getShort(44);
        int slices = Math.max(1, (int) header.getShort(46));
        int datatype = header.getShort(70);
        int offset = (int) header.getFloat(108);
        int count = columns * rows * slices;
        int[] values = new int[count];
        for (int n = 0; n < count; n++) {
            values[n] = switch (datatype) {
                case 2 -> bytes[offset + n] & 0xff;
                case 4 -> header.getShort(offset + 2 * n);
                case 512 -> header.getShort(offset + 2 * n) & 0xffff;
                case 8 -> header.getInt(offset + 4 * n);
                case 16 -> (int) header.getFloat(offset + 4 * n);
                default -> throw new IllegalArgumentException(file + ": datatype " + datatype + " not handled");
            };
        }
        Geometry geometry = Geometry.of(columns, rows, slices, new double[] {1, 1, 1}, new double[] {0, 0, 0},
                Geometry.identityDirection());
        return LabelMap.fromInts(geometry, values);
    }

    /**
     * Returns a random non-empty 2D slice of a random label of a random real label file, or
     * {@code null} when the chosen file has no labels.
     */
    public static Mask randomRealSlice(Random random, List<Path> files) {
        for (int attempt = 0; attempt < 20; attempt++) {
            LabelMap labels = read(files.get(random.nextInt(files.size())));
            int[] present = java.util.Arrays.stream(labels.labels()).filter(l -> l != 0).toArray();
            if (present.length == 0) {
                continue;
            }
            Mask mask = labels.mask(present[random.nextInt(present.length)]);
            int slices = mask.geometry().slices();
            int start = random.nextInt(slices);
            for (int d = 0; d < slices; d++) {
                Mask slice = mask.slice((start + d) % slices).copy();
                if (!slice.isEmpty()) {
                    return slice;
                }
            }
        }
        return null;
    }

    /**
     * Returns a generated one-slice mask of up to 64 x 64 pixels: noise of random density (with
     * one-pixel parts, holes and corner contacts), random ellipses, or both.
     */
    public static Mask generated(Random random) {
        int columns = 1 + random.nextInt(64);
        int rows = 1 + random.nextInt(64);
        Mask mask = new Mask(Geometry.of2D(columns, rows));
        int kind = random.nextInt(3);
        if (kind != 1) {
            double density = random.nextDouble();
            for (int n = 0; n < columns * rows; n++) {
                if (random.nextDouble() < density) {
                    mask.set(n, true);
                }
            }
        }
        if (kind != 0) {
            int ellipses = 1 + random.nextInt(4);
            for (int e = 0; e < ellipses; e++) {
                double cx = random.nextDouble() * columns;
                double cy = random.nextDouble() * rows;
                double rx = 0.5 + random.nextDouble() * columns / 2;
                double ry = 0.5 + random.nextDouble() * rows / 2;
                boolean value = random.nextInt(4) != 0;
                for (int y = 0; y < rows; y++) {
                    for (int x = 0; x < columns; x++) {
                        double dx = (x + 0.5 - cx) / rx;
                        double dy = (y + 0.5 - cy) / ry;
                        if (dx * dx + dy * dy <= 1) {
                            mask.set(x, y, 0, value);
                        }
                    }
                }
            }
        }
        return mask;
    }
}
