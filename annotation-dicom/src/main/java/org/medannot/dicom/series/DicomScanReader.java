package org.medannot.dicom.series;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.medannot.core.spi.PendingScan;
import org.medannot.core.spi.Scan;
import org.medannot.core.spi.ScanReader;
import org.medannot.dicom.Attributes;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.Tag;

/**
 * {@link ScanReader} for DICOM files and folders: one scan per series found by
 * {@link SeriesScanner}, built by {@link SeriesVolumeBuilder}, or one scan per time point when
 * the frames repeat each position equally often (ids {@code <series id>@1}, {@code @2}, ...). The
 * scan's id is {@link DicomSeries#id()}, its {@code source} the {@link DicomVolume} (frames,
 * data sets and irregularities), its warnings the grouping warnings, irregularities and notes.
 *
 * <p>Properties: {@code Modality}, {@code Manufacturer}, {@code BodyPartExamined},
 * {@code TransferSyntaxUID} (of the first file), when present.
 *
 * <p>Thread-safe.
 */
public final class DicomScanReader implements ScanReader {

    private final SeriesScanner scanner = new SeriesScanner();
    private final SeriesVolumeBuilder builder;

    /** Creates a reader that rejects irregular series; used by {@link java.util.ServiceLoader}. */
    public DicomScanReader() {
        this(false);
    }

    /**
     * @param allowIrregular build irregular series (tilt, uneven spacing, duplicates) without
     *     resampling instead of rejecting them
     */
    public DicomScanReader(boolean allowIrregular) {
        this.builder = new SeriesVolumeBuilder(allowIrregular);
    }

    @Override
    public String name() {
        return "dicom";
    }

    @Override
    public boolean canRead(Path file) {
        return SeriesScanner.looksLikeDicom(file);
    }

    /**
     * Reads every series at {@code path}.
     *
     * @throws IOException when a series cannot be built (the message names the series and the reason)
     */
    @Override
    public List<Scan> read(Path path) throws IOException {
        return read(path, null);
    }

    /**
     * Reads every series at {@code path}; files that are not DICOM images, and the files of series
     * that cannot be built, are reported to {@code skipped} instead of raising an exception.
     */
    @Override
    public List<Scan> read(Path path, SkipListener skipped) throws IOException {
        return PendingScan.loadAll(find(path, skipped), skipped);
    }

    /**
     * Groups the files at {@code path} into series from their headers; the pixel data is read
     * when a series is loaded. Loading raises {@link IOException} when the series cannot be
     * built (the message names the series and the reason).
     */
    @Override
    public List<PendingScan> find(Path path, SkipListener skipped) throws IOException {
        SeriesScanner.Result result = scanner.scan(path);
        if (skipped != null) {
            for (SeriesScanner.Skipped file : result.skipped()) {
                skipped.skipped(file.file(), file.reason());
            }
        }
        List<PendingScan> pending = new ArrayList<>();
        for (DicomSeries series : result.series()) {
            pending.add(new PendingSeries(series));
        }
        return pending;
    }

    /** A series grouped from headers, built into volumes on {@link #load()}. */
    private final class PendingSeries implements PendingScan {

        private final DicomSeries series;

        PendingSeries(DicomSeries series) {
            this.series = series;
        }

        @Override
        public String id() {
            return series.id();
        }

        @Override
        public List<Path> sourceFiles() {
            return series.files();
        }

        @Override
        public long estimatedVoxelBytes() {
            long bytes = 0;
            for (SliceSource slice : series.slices()) {
                Attributes dataSet = slice.dataSet();
                int bytesPerVoxel = dataSet.getInt(Tag.BITS_ALLOCATED, 16) > 16 ? 4 : 2;
                bytes += (long) dataSet.getInt(Tag.ROWS, 0) * dataSet.getInt(Tag.COLUMNS, 0) * bytesPerVoxel;
            }
            return bytes;
        }

        @Override
        public List<Scan> load() throws IOException {
            List<DicomVolume> volumes;
            try {
                volumes = builder.buildTimeSeries(series);
            } catch (DicomException e) {
                throw new IOException(e.getMessage(), e);
            }
            List<Scan> scans = new ArrayList<>();
            for (DicomVolume volume : volumes) {
                scans.add(toScan(volume));
            }
            return scans;
        }
    }

    private static Scan toScan(DicomVolume volume) {
        DicomSeries series = volume.series();
        Map<String, String> properties = new LinkedHashMap<>();
        putIfPresent(properties, "Modality", volume.sourceAttributes(0).getString(Tag.MODALITY));
        putIfPresent(properties, "Manufacturer", volume.sourceAttributes(0).getString(0x00080070));
        putIfPresent(properties, "BodyPartExamined", volume.sourceAttributes(0).getString(0x00180015));
        putIfPresent(properties, "TransferSyntaxUID", series.transferSyntaxUids().isEmpty() ? null : series.transferSyntaxUids().get(0));
        List<String> warnings = new ArrayList<>(series.warnings());
        volume.seriesGeometry().irregularities().forEach(irregularity -> warnings.add(irregularity.toString()));
        warnings.addAll(volume.notes());
        LinkedHashSet<Path> files = new LinkedHashSet<>();
        volume.seriesGeometry().slices().forEach(slice -> files.add(slice.file()));
        return new Scan(series.id(), volume.volume(), properties, new ArrayList<>(files), warnings, volume);
    }

    private static void putIfPresent(Map<String, String> properties, String name, String value) {
        if (value != null && !value.isEmpty()) {
            properties.put(name, value);
        }
    }
}
