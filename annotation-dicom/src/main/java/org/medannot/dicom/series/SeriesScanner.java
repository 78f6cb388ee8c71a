package org.medannot.dicom.series;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.medannot.dicom.Attributes;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.ReadOptions;
import org.medannot.dicom.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the image series in files and folders. Each file is read up to its Pixel Data only.
 *
 * <p>Files are grouped by Series Instance UID, then split by Frame of Reference UID, Image
 * Orientation (Patient) (rounded to 1e-4) and Rows x Columns, so that each resulting
 * {@link DicomSeries} can form one grid. Files whose Series Instance UID is empty (some
 * anonymizers blank it) are grouped by Frame of Reference UID, orientation and size instead,
 * with a warning. Frames of multi-frame files take their position, orientation and spacing from
 * the Per-frame and Shared Functional Groups (PS3.3 section C.7.6.16) or, for RT Dose, from Grid
 * Frame Offset Vector (3004,000C).
 *
 * <p>Thread-safe: instances have no state.
 */
public final class SeriesScanner {

    private static final Logger LOG = LoggerFactory.getLogger(SeriesScanner.class);

    private static final int GRID_FRAME_OFFSET_VECTOR = 0x3004000C;

    /**
     * A file that was not used, with the reason.
     *
     * @param invalid true when the file is DICOM but failed to parse, false when it is readable
     *     but not a DICOM image that a volume can be built from (another format, no pixel data,
     *     a mosaic that cannot be unpacked)
     */
    public record Skipped(Path file, String reason, boolean invalid) {
    }

    /** The series found and the files skipped. */
    public record Result(List<DicomSeries> series, List<Skipped> skipped) {
        public Result {
            series = List.copyOf(series);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Scans a file or a folder (recursively, in name order).
     *
     * @throws IOException when the folder cannot be listed
     */
    public Result scan(Path path) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                walk.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        } else {
            files.add(path);
        }
        return scan(files);
    }

    /** Scans the given files. */
    public Result scan(List<Path> files) {
        List<Skipped> skipped = new ArrayList<>();
        List<SliceSource> slices = new ArrayList<>();
        Map<Path, String> syntaxes = new LinkedHashMap<>();
        for (Path file : files) {
            byte[] head;
            try {
                head = head(file);
            } catch (java.nio.file.AccessDeniedException e) {
                skipped.add(new Skipped(file, file + ": cannot be read: permission denied", true));
                continue;
            } catch (java.nio.file.NoSuchFileException e) {
                skipped.add(new Skipped(file, file + ": cannot be read: not found", true));
                continue;
            } catch (IOException e) {
                skipped.add(new Skipped(file, file + ": cannot be read: " + e.getMessage(), true));
                continue;
            }
            if (!DicomFile.looksLikeDicom(head)) {
                skipped.add(new Skipped(file, "not a DICOM file (no DICM prefix and no data set start)", false));
                continue;
            }
            try {
                DicomFile dicom = DicomFile.open(file, ReadOptions.HEADER_ONLY);
                if (!dicom.stoppedAtPixelData()) {
                    String sopClass = dicom.dataSet().getString(Tag.SOP_CLASS_UID, dicom.fileMeta().getString(Tag.MEDIA_STORAGE_SOP_CLASS_UID, "unknown"));
                    skipped.add(new Skipped(file, "no Pixel Data (SOP Class UID " + sopClass + ")", false));
                    continue;
                }
                if (List.of(dicom.dataSet().getStrings(Tag.IMAGE_TYPE)).contains("MOSAIC")) {
                    List<SliceSource> tiles = MosaicSlices.of(dicom);
                    if (tiles.isEmpty()) {
                        skipped.add(new Skipped(file, "Siemens mosaic image (Image Type MOSAIC) without NumberOfImagesInMosaic "
                                + "in a CSA Image Header: the slices cannot be unpacked", false));
                        continue;
                    }
                    slices.addAll(tiles);
                    syntaxes.put(file, dicom.transferSyntaxUid());
                    continue;
                }
                slices.addAll(slicesOf(dicom));
                syntaxes.put(file, dicom.transferSyntaxUid());
            } catch (DicomException e) {
                LOG.debug("skipped {}: {}", file, e.getMessage());
                skipped.add(new Skipped(file, e.getMessage(), true));
            }
        }
        return new Result(group(slices, syntaxes), skipped);
    }

    /** Checks the DICM prefix, or a raw data set that starts with group 0002 or 0008 in little or big endian. */
    static boolean looksLikeDicom(Path file) {
        try {
            return DicomFile.looksLikeDicom(head(file));
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads the first 132 bytes of {@code file}, or all of a shorter file. */
    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(132);
        }
    }

    static List<SliceSource> slicesOf(DicomFile dicom) {
        Attributes dataSet = dicom.dataSet();
        String uid = dicom.sopInstanceUid();
        int rows = dataSet.getInt(Tag.ROWS, 0);
        int columns = dataSet.getInt(Tag.COLUMNS, 0);
        int frames = Math.max(1, dataSet.getInt(Tag.NUMBER_OF_FRAMES, 1));
        int instanceNumber = dataSet.getInt(Tag.INSTANCE_NUMBER, Integer.MIN_VALUE);
        List<SliceSource> slices = new ArrayList<>(frames);
        List<Attributes> perFrame = dataSet.getSequence(Tag.PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE);
        Attributes shared = dataSet.getItem(Tag.SHARED_FUNCTIONAL_GROUPS_SEQUENCE);
        if (!perFrame.isEmpty() || shared != null) {
            for (int f = 0; f < frames; f++) {
                Attributes frameGroups = f < perFrame.size() ? perFrame.get(f) : null;
                double[] position = functional(frameGroups, shared, Tag.PLANE_POSITION_SEQUENCE, Tag.IMAGE_POSITION_PATIENT);
                double[] orientation = functional(frameGroups, shared, Tag.PLANE_ORIENTATION_SEQUENCE, Tag.IMAGE_ORIENTATION_PATIENT);
                double[] spacing = functional(frameGroups, shared, Tag.PIXEL_MEASURES_SEQUENCE, Tag.PIXEL_SPACING);
                slices.add(new SliceSource(dicom.path(), f, uid, dataSet, frameGroups, position, orientation, spacing, rows, columns,
                        instanceNumber, null));
            }
            return slices;
        }
        double[] position = orNull(dataSet.getDoubles(Tag.IMAGE_POSITION_PATIENT), 3);
        double[] orientation = orNull(dataSet.getDoubles(Tag.IMAGE_ORIENTATION_PATIENT), 6);
        double[] spacing = orNull(dataSet.getDoubles(Tag.PIXEL_SPACING), 2);
        double[] offsets = dataSet.getDoubles(GRID_FRAME_OFFSET_VECTOR);
        for (int f = 0; f < frames; f++) {
            double[] framePosition = position;
            if (frames > 1 && position != null && orientation != null && offsets.length == frames) {
                // RT Dose: offsets along the normal of the image plane (PS3.3 section C.8.8.3.2).
                double[] normal = Orientation.normal(orientation);
                framePosition = new double[3];
                for (int axis = 0; axis < 3; axis++) {
                    framePosition[axis] = position[axis] + offsets[f] * normal[axis];
                }
            } else if (frames > 1) {
                framePosition = null;
            }
            slices.add(new SliceSource(dicom.path(), f, uid, dataSet, null, framePosition, orientation, spacing, rows, columns,
                    instanceNumber, null));
        }
        return slices;
    }

    private static double[] functional(Attributes frameGroups, Attributes shared, int sequence, int tag) {
        for (Attributes groups : new Attributes[] {frameGroups, shared}) {
            if (groups == null) {
                continue;
            }
            Attributes item = groups.getItem(sequence);
            if (item != null && item.contains(tag)) {
                double[] values = item.getDoubles(tag);
                return values.length == 0 ? null : values;
            }
        }
        return null;
    }

    private static double[] orNull(double[] values, int expected) {
        return values.length >= expected ? values : null;
    }

    private static List<DicomSeries> group(List<SliceSource> slices, Map<Path, String> syntaxes) {
        Map<String, List<SliceSource>> bySeries = new LinkedHashMap<>();
        for (SliceSource slice : slices) {
            String uid = slice.dataSet().getString(Tag.SERIES_INSTANCE_UID, "");
            bySeries.computeIfAbsent(uid, key -> new ArrayList<>()).add(slice);
        }
        List<DicomSeries> result = new ArrayList<>();
        for (Map.Entry<String, List<SliceSource>> series : bySeries.entrySet()) {
            String uid = series.getKey();
            Map<String, List<SliceSource>> parts = new LinkedHashMap<>();
            for (SliceSource slice : series.getValue()) {
                parts.computeIfAbsent(gridKey(slice), key -> new ArrayList<>()).add(slice);
            }
            int part = 0;
            for (Map.Entry<String, List<SliceSource>> entry : parts.entrySet()) {
                part++;
                List<String> warnings = new ArrayList<>();
                String id;
                if (uid.isEmpty()) {
                    String frameOfReference = entry.getValue().get(0).dataSet().getString(Tag.FRAME_OF_REFERENCE_UID, "unknown");
                    id = "FoR:" + frameOfReference + (parts.size() > 1 ? "#" + part : "");
                    warnings.add("Series Instance UID is empty; " + entry.getValue().size()
                            + " frames grouped by Frame of Reference UID, orientation and size instead");
                    LOG.warn("Series Instance UID is empty in {} files; grouped by Frame of Reference UID, orientation and size",
                            entry.getValue().size());
                } else if (parts.size() > 1) {
                    id = uid + "#" + part;
                    warnings.add("series " + uid + " split into " + parts.size()
                            + " parts by Frame of Reference UID, orientation or size; this is part " + part);
                } else {
                    id = uid;
                }
                List<SliceSource> members = entry.getValue();
                LinkedHashSet<String> transferSyntaxes = new LinkedHashSet<>();
                for (SliceSource slice : members) {
                    transferSyntaxes.add(syntaxes.get(slice.file()));
                }
                String modality = members.get(0).dataSet().getString(Tag.MODALITY, "");
                result.add(new DicomSeries(id, uid, modality, new ArrayList<>(transferSyntaxes), members, warnings));
            }
        }
        return result;
    }

    private static String gridKey(SliceSource slice) {
        StringBuilder key = new StringBuilder();
        key.append(slice.dataSet().getString(Tag.FRAME_OF_REFERENCE_UID, "unknown"));
        key.append('/');
        if (slice.orientation() == null) {
            key.append("no-orientation");
        } else {
            for (double value : slice.orientation()) {
                key.append(String.format(Locale.ROOT, "%.4f,", value + 0.0));
            }
        }
        key.append('/').append(slice.columns()).append('x').append(slice.rows());
        return key.toString();
    }
}
