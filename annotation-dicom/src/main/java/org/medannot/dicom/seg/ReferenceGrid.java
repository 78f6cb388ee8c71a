package org.medannot.dicom.seg;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.medannot.core.geometry.Geometry;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.ReadOptions;
import org.medannot.dicom.Tag;
import org.medannot.dicom.series.DicomSeries;
import org.medannot.dicom.series.DicomVolume;
import org.medannot.dicom.series.SeriesGeometry;
import org.medannot.dicom.series.SeriesScanner;
import org.medannot.dicom.series.SliceSource;

/**
 * The image grid that a DICOM SEG or RTSTRUCT refers to: a {@link Geometry} plus the LPS
 * position of each slice, so that frames and contours are placed by position, never by order.
 *
 * <p>Slice k lies in the plane through {@link #slicePosition(int)} (LPS mm, centre of its first
 * pixel) with the normal {@code direction[6..8]} of the geometry. For a grid made from a
 * {@link Geometry} alone the positions are {@code indexToPatient(0, 0, k)}; for a grid made from
 * a DICOM series they are the Image Position (Patient) of each sorted frame, so a series with a
 * missing slice or uneven spacing still places every frame on its own slice.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ReferenceGrid {

    private final Geometry geometry;
    private final double[][] slicePositions;
    private final List<String> sopInstanceUids;
    private final List<String> sopClassUids;
    private final String frameOfReferenceUid;
    private final String seriesInstanceUid;
    private final String studyInstanceUid;

    private ReferenceGrid(Geometry geometry, double[][] slicePositions, List<String> sopInstanceUids, List<String> sopClassUids,
            String frameOfReferenceUid, String seriesInstanceUid, String studyInstanceUid) {
        this.geometry = geometry;
        this.slicePositions = slicePositions;
        this.sopInstanceUids = sopInstanceUids;
        this.sopClassUids = sopClassUids;
        this.frameOfReferenceUid = frameOfReferenceUid;
        this.seriesInstanceUid = seriesInstanceUid;
        this.studyInstanceUid = studyInstanceUid;
    }

    /**
     * Creates a grid whose slices lie at {@code geometry.indexToPatient(0, 0, k)}, without UIDs,
     * so the Frame of Reference is not checked.
     */
    public static ReferenceGrid of(Geometry geometry) {
        return of(geometry, "");
    }

    /**
     * Creates a grid whose slices lie at {@code geometry.indexToPatient(0, 0, k)}, in the given
     * Frame of Reference; source images are not checked.
     *
     * @param frameOfReferenceUid the Frame of Reference UID of the images (empty when unknown)
     */
    public static ReferenceGrid of(Geometry geometry, String frameOfReferenceUid) {
        Objects.requireNonNull(geometry, "geometry");
        Objects.requireNonNull(frameOfReferenceUid, "frameOfReferenceUid");
        double[][] positions = new double[geometry.slices()][];
        List<String> empty = new ArrayList<>();
        for (int k = 0; k < positions.length; k++) {
            positions[k] = geometry.indexToPatient(0, 0, k);
            empty.add("");
        }
        return new ReferenceGrid(geometry, positions, List.copyOf(empty), List.copyOf(empty), frameOfReferenceUid, "", "");
    }

    /** Creates the grid of a volume built from a DICOM series, with the UIDs of its frames. */
    public static ReferenceGrid of(DicomVolume volume) {
        Objects.requireNonNull(volume, "volume");
        return of(volume.seriesGeometry(), volume.series().seriesInstanceUid());
    }

    /**
     * Creates the grid of a sorted series; the pixels need not be decoded.
     *
     * @param seriesInstanceUid the Series Instance UID of the series (empty when unknown)
     */
    public static ReferenceGrid of(SeriesGeometry seriesGeometry, String seriesInstanceUid) {
        Objects.requireNonNull(seriesGeometry, "seriesGeometry");
        List<SliceSource> slices = seriesGeometry.slices();
        Geometry geometry = seriesGeometry.geometry();
        double[][] positions = new double[slices.size()][];
        List<String> instanceUids = new ArrayList<>();
        List<String> classUids = new ArrayList<>();
        for (int k = 0; k < slices.size(); k++) {
            SliceSource slice = slices.get(k);
            positions[k] = slice.position() != null ? slice.position().clone() : geometry.indexToPatient(0, 0, k);
            instanceUids.add(nonNull(slice.instanceUid()));
            classUids.add(sopClassUid(slice));
        }
        SliceSource first = slices.get(0);
        return new ReferenceGrid(geometry, positions, List.copyOf(instanceUids), List.copyOf(classUids),
                first.dataSet().getString(Tag.FRAME_OF_REFERENCE_UID, ""), nonNull(seriesInstanceUid),
                first.dataSet().getString(Tag.STUDY_INSTANCE_UID, ""));
    }

    /**
     * Builds the grid of the series with the given Series Instance UID from image files, reading
     * headers only.
     *
     * @param files DICOM image files (other files are skipped)
     * @param seriesInstanceUid the series to use
     * @throws DicomException when no file, or more than one grid, belongs to that series
     */
    public static ReferenceGrid fromFiles(List<Path> files, String seriesInstanceUid) {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
        SeriesScanner.Result scanned = new SeriesScanner().scan(files);
        List<DicomSeries> matching = new ArrayList<>();
        List<String> found = new ArrayList<>();
        for (DicomSeries series : scanned.series()) {
            found.add(series.id());
            if (series.seriesInstanceUid().equals(seriesInstanceUid)) {
                matching.add(series);
            }
        }
        if (matching.isEmpty()) {
            throw new DicomException("referenced series " + seriesInstanceUid + " not found among " + files.size()
                    + " image files (series found: " + (found.isEmpty() ? "none" : String.join(", ", found))
                    + "); supply the images of that series");
        }
        if (matching.size() > 1) {
            throw new DicomException("referenced series " + seriesInstanceUid + " has " + matching.size()
                    + " parts with different Frame of Reference, orientation or size; supply the files of one part");
        }
        return of(SeriesGeometry.of(matching.get(0)), seriesInstanceUid);
    }

    /** Returns the grid of the masks read onto it. */
    public Geometry geometry() {
        return geometry;
    }

    /** Number of slices. */
    public int slices() {
        return slicePositions.length;
    }

    /** LPS position in mm of the centre of the first pixel of slice k (0-based); a copy. */
    public double[] slicePosition(int k) {
        return slicePositions[k].clone();
    }

    /** SOP Instance UID of the image of slice k, or empty when unknown. */
    public String sopInstanceUid(int k) {
        return sopInstanceUids.get(k);
    }

    /** SOP Class UID of the image of slice k, or empty when unknown. */
    public String sopClassUid(int k) {
        return sopClassUids.get(k);
    }

    /** Frame of Reference UID of the images, or empty when unknown. */
    public String frameOfReferenceUid() {
        return frameOfReferenceUid;
    }

    /** Series Instance UID of the images, or empty when unknown. */
    public String seriesInstanceUid() {
        return seriesInstanceUid;
    }

    /** Study Instance UID of the images, or empty when unknown. */
    public String studyInstanceUid() {
        return studyInstanceUid;
    }

    /**
     * The slice whose plane is nearest to a point, and how far the point lies from that plane
     * and from the slice's first pixel within the plane.
     *
     * @param slice 0-based slice index
     * @param normalDistanceMm signed distance in mm from the slice plane along the slice normal
     * @param rowOffsetMm offset in mm along the row direction (increasing column index) from the
     *     centre of the slice's first pixel
     * @param columnOffsetMm offset in mm along the column direction (increasing row index)
     */
    public record SliceMatch(int slice, double normalDistanceMm, double rowOffsetMm, double columnOffsetMm) {
    }

    /** Finds the slice plane nearest to an LPS point (mm). */
    public SliceMatch nearestSlice(double[] point) {
        double[] direction = geometry.direction();
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int k = 0; k < slicePositions.length; k++) {
            double distance = project(point, slicePositions[k], direction, 6);
            if (Math.abs(distance) < Math.abs(bestDistance)) {
                best = k;
                bestDistance = distance;
            }
        }
        return new SliceMatch(best, bestDistance, project(point, slicePositions[best], direction, 0),
                project(point, slicePositions[best], direction, 3));
    }

    private static double project(double[] point, double[] origin, double[] direction, int axisStart) {
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            sum += (point[c] - origin[c]) * direction[axisStart + c];
        }
        return sum;
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ReferenceGrid[%s, series %s, frame of reference %s]", geometry,
                seriesInstanceUid.isEmpty() ? "unknown" : seriesInstanceUid,
                frameOfReferenceUid.isEmpty() ? "unknown" : frameOfReferenceUid);
    }

    /**
     * Returns the SOP Class UID of a slice's data set, or, when the data set's is empty, the
     * Media Storage SOP Class UID of the file's File Meta Information (PS3.10 section 7.1), the
     * same fallback the series reader applies to the SOP Instance UID.
     */
    private static String sopClassUid(SliceSource slice) {
        String uid = slice.dataSet().getString(Tag.SOP_CLASS_UID, "");
        if (!uid.isEmpty() || slice.file() == null) {
            return uid;
        }
        try {
            DicomFile file = DicomFile.open(slice.file(), ReadOptions.HEADER_ONLY);
            return file.fileMeta().getString(Tag.MEDIA_STORAGE_SOP_CLASS_UID, "");
        } catch (DicomException e) {
            return "";
        }
    }
}
