package org.medannot.dicom.series;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.volume.Volume;
import org.medannot.dicom.Attributes;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.pixel.ModalityLut;
import org.medannot.dicom.Tag;
import org.medannot.dicom.pixel.PixelData;

/**
 * Builds a {@link Volume} from a {@link DicomSeries}: decodes every frame, applies the Modality
 * LUT of each frame (per-frame values of enhanced objects included) and stacks the frames in
 * the order of {@link SeriesGeometry}.
 *
 * <p>Voxel type: int16 when every value is an integer in -32768..32767, uint16 for integers in
 * 0..65535, int32 for other integers, float32 otherwise. Colour series are rejected.
 *
 * <p>Float Pixel Data and Double Float Pixel Data (Parametric Maps, for example) give float32
 * volumes. Double Float values are narrowed to the nearest float32, since the core voxel types
 * have no float64, and {@link DicomVolume#notes()} records this.
 *
 * <p>An irregular series (see {@link GeometryIrregularity}) is rejected unless the caller allows
 * it; then the frames are stacked as sorted on the grid of the median slice distance, without
 * resampling, and {@link DicomVolume#notes()} records this.
 *
 * <p>Memory: the files are decoded in parallel, one file per task of the common fork-join pool,
 * into a single array of stored values (16-bit when Bits Allocated is at most 16). That array
 * becomes the volume's own array when the voxel type is 16-bit, so such a series needs about one
 * volume of heap plus one file's pixel data per thread. See {@link StoredValues}.
 */
public final class SeriesVolumeBuilder {

    private final boolean allowIrregular;

    /**
     * @param allowIrregular build volumes from irregular series instead of raising {@link DicomException}
     */
    public SeriesVolumeBuilder(boolean allowIrregular) {
        this.allowIrregular = allowIrregular;
    }

    /**
     * Builds the volume of a series.
     *
     * @throws DicomException when a file cannot be decoded, the frames are colour, or the series
     *     is irregular and irregular series are not allowed
     */
    public DicomVolume build(DicomSeries series) {
        SeriesGeometry seriesGeometry = SeriesGeometry.of(series);
        List<String> notes = new ArrayList<>();
        if (!seriesGeometry.regular()) {
            String found = seriesGeometry.irregularities().stream().map(GeometryIrregularity::toString).collect(Collectors.joining("; "));
            if (!allowIrregular) {
                throw new DicomException("series " + series.id() + ": expected a regular grid of slices, found " + found
                        + "; allow irregular series (annotate convert --allow-irregular, or new SeriesVolumeBuilder(true) in"
                        + " Java) to build the volume anyway (frames stacked as sorted, not resampled)");
            }
            notes.add("irregular series built without resampling: frames stacked in position order on a grid of the median slice"
                    + " distance along the slice normal (" + found + ")");
        }

        Geometry geometry = seriesGeometry.geometry();
        List<SliceSource> slices = seriesGeometry.slices();
        StoredValues stored = StoredValues.allocate(slices, geometry.columns() * geometry.rows());
        ModalityLut[] luts = new ModalityLut[slices.size()];
        // Runs of consecutive slices from one file are decoded in parallel, and each run opens its
        // file once. A PixelData caches its file's pixel bytes only while the run lasts, so the
        // series is never in memory twice.
        List<int[]> runs = fileRuns(slices);
        RuntimeException[] failures = new RuntimeException[runs.size()];
        IntStream.range(0, runs.size()).parallel().forEach(r -> {
            try {
                decodeRun(slices, runs.get(r)[0], runs.get(r)[1], geometry, stored, luts);
            } catch (RuntimeException e) {
                failures[r] = e;
            }
        });
        // The failure of the first file in slice order is raised, as a sequential read would.
        for (RuntimeException failure : failures) {
            if (failure != null) {
                throw failure;
            }
        }
        Volume volume = stored.toVolume(geometry, luts);
        if (stored.narrowedFrames() > 0) {
            notes.add(narrowingNote(stored, slices.size()));
        }
        int floatFrames = stored.floatFrames();
        if (floatFrames > 0 && floatFrames < slices.size()) {
            notes.add((slices.size() - floatFrames) + " of " + slices.size() + " frames hold integer Pixel Data and " + floatFrames
                    + " Float or Double Float Pixel Data; all became float32 voxels, the integer ones after their Modality LUT");
        }
        return new DicomVolume(volume, series, seriesGeometry, notes);
    }

    private static String narrowingNote(StoredValues stored, int frames) {
        String note = "Double Float Pixel Data (7FE0,0009) of " + stored.narrowedFrames() + " of " + frames
                + " frames narrowed from float64 to the nearest float32, because volumes have no float64 voxel type";
        long outOfRange = stored.valuesOutOfFloatRange();
        return outOfRange == 0 ? note : note + "; " + outOfRange + " values beyond the float32 range became infinite";
    }

    /** Returns the runs [first, end) of consecutive slices that come from the same file. */
    private static List<int[]> fileRuns(List<SliceSource> slices) {
        List<int[]> runs = new ArrayList<>();
        int first = 0;
        for (int k = 1; k <= slices.size(); k++) {
            if (k == slices.size() || !slices.get(k).file().equals(slices.get(first).file())) {
                runs.add(new int[] {first, k});
                first = k;
            }
        }
        return runs;
    }

    /** Decodes slices [first, end), which all come from one file, into {@code stored}. */
    private static void decodeRun(List<SliceSource> slices, int first, int end, Geometry geometry, StoredValues stored,
            ModalityLut[] luts) {
        Path file = slices.get(first).file();
        PixelData pixels = PixelData.of(DicomFile.open(file));
        if (pixels.module().samplesPerPixel() != 1) {
            throw new DicomException(file + ": expected 1 sample per pixel to build a volume, found "
                    + pixels.module().samplesPerPixel() + " (" + pixels.module().photometricInterpretation() + ")");
        }
        int[] mosaicImage = null;
        for (int k = first; k < end; k++) {
            SliceSource slice = slices.get(k);
            SliceSource.Mosaic mosaic = slice.mosaic();
            int expectedRows = mosaic == null ? geometry.rows() : mosaic.rows() * mosaic.tilesPerRow();
            int expectedColumns = mosaic == null ? geometry.columns() : mosaic.columns() * mosaic.tilesPerRow();
            if (pixels.module().rows() != expectedRows || pixels.module().columns() != expectedColumns) {
                throw DicomException.at(file.toString(), -1, expectedColumns + " x " + expectedRows + " pixels",
                        pixels.module().columns() + " x " + pixels.module().rows());
            }
            luts[k] = ModalityLut.forFrame(slice.dataSet(), mosaic == null ? slice.frame() : 0);
            if (pixels.module().floatingPoint()) {
                if (mosaic != null) {
                    throw new DicomException(file + ": expected Pixel Data (7FE0,0010) in a Siemens mosaic (Image Type MOSAIC), found "
                            + pixels.module().pixelDataElement());
                }
                stored.putFloat(k, pixels.decodeFrame(slice.frame()).floatValues(), luts[k], pixels.module(), file);
                continue;
            }
            int[] values;
            if (mosaic == null) {
                values = pixels.decodeFrame(slice.frame()).values();
            } else {
                // The tiles of one mosaic are one run, so the mosaic is decoded once per run.
                if (mosaicImage == null) {
                    mosaicImage = pixels.decodeFrame(0).values();
                }
                values = mosaic.tile(mosaicImage, slice.frame());
            }
            stored.put(k, values, pixels.module(), file);
        }
    }

    /**
     * Builds one volume per time point (or other repeated acquisition) of a series whose frames
     * repeat each position the same number of times, such as fMRI and diffusion series; other
     * series give a list of one volume from {@link #build}. At each position, frames are put in
     * time order by Temporal Position Index (0020,9128) of the Frame Content Sequence, then
     * Temporal Position Identifier (0020,0100), Acquisition Number (0020,0012), Instance Number,
     * and file and frame order.
     *
     * @throws DicomException when positions repeat unequally, or as {@link #build} raises
     */
    public List<DicomVolume> buildTimeSeries(DicomSeries series) {
        List<SliceSource> sorted = new ArrayList<>(SeriesGeometry.of(series).slices());
        boolean positioned = sorted.stream().allMatch(s -> s.position() != null && s.orientation() != null);
        if (!positioned || sorted.size() < 2) {
            return List.of(build(series));
        }
        double[] normal = Orientation.normal(sorted.get(0).orientation());
        List<List<SliceSource>> positions = new ArrayList<>();
        double previous = Double.NaN;
        for (SliceSource slice : sorted) {
            double along = Orientation.dot(slice.position(), normal);
            if (positions.isEmpty() || Math.abs(along - previous) >= 0.01) {
                positions.add(new ArrayList<>());
                previous = along;
            }
            positions.get(positions.size() - 1).add(slice);
        }
        int timePoints = positions.get(0).size();
        for (List<SliceSource> atPosition : positions) {
            if (atPosition.size() != timePoints) {
                throw new DicomException("series " + series.id() + ": expected every position to repeat " + timePoints
                        + " times, found " + atPosition.size() + " frames at one position");
            }
        }
        if (timePoints == 1) {
            return List.of(build(series));
        }
        List<List<SliceSource>> volumes = new ArrayList<>();
        for (int t = 0; t < timePoints; t++) {
            volumes.add(new ArrayList<>());
        }
        for (List<SliceSource> atPosition : positions) {
            atPosition.sort(Comparator.comparingLong(SeriesVolumeBuilder::temporalPositionIndex)
                    .thenComparingLong(s -> s.dataSet().getInt(0x00200100, Integer.MAX_VALUE))
                    .thenComparingLong(s -> s.dataSet().getInt(Tag.ACQUISITION_NUMBER, Integer.MAX_VALUE))
                    .thenComparingInt(SliceSource::instanceNumber)
                    .thenComparing(SliceSource::file)
                    .thenComparingInt(SliceSource::frame));
            for (int t = 0; t < timePoints; t++) {
                volumes.get(t).add(atPosition.get(t));
            }
        }
        List<DicomVolume> built = new ArrayList<>(timePoints);
        for (int t = 0; t < timePoints; t++) {
            List<String> warnings = new ArrayList<>(series.warnings());
            warnings.add("time point " + (t + 1) + " of " + timePoints + " (positions repeat " + timePoints + " times)");
            built.add(build(new DicomSeries(series.id() + "@" + (t + 1), series.seriesInstanceUid(), series.modality(),
                    series.transferSyntaxUids(), volumes.get(t), warnings)));
        }
        return built;
    }

    private static long temporalPositionIndex(SliceSource slice) {
        Attributes frameGroups = slice.frameAttributes();
        Attributes content = frameGroups == null ? null : frameGroups.getItem(Tag.FRAME_CONTENT_SEQUENCE);
        return content == null ? Long.MAX_VALUE : content.getInt(0x00209128, Integer.MAX_VALUE);
    }
}
