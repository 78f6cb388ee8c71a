package org.medannot.dicom.series;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.volume.FloatVolume;
import org.medannot.core.volume.IntVolume;
import org.medannot.core.volume.ShortVolume;
import org.medannot.core.volume.Volume;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.pixel.ModalityLut;
import org.medannot.dicom.pixel.PixelData;

/**
 * Builds a {@link Volume} from a {@link DicomSeries}: decodes every frame, applies the Modality
 * LUT of each frame (per-frame values of enhanced objects included) and stacks the frames in
 * the order of {@link SeriesGeometry}.
 *
 * <p>Voxel type: int16 when every value is an integer in -32768..32767, uint16 for integers in
 * 0..65535, int32 for other integers, float32 otherwise. Colour series are rejected.
 *
 * <p>An irregular series (see {@link GeometryIrregularity}) is rejected unless the caller allows
 * it; then the frames are stacked as sorted on the grid of the median slice distance, without
 * resampling, and {@link DicomVolume#notes()} says so.
 *
 * <p>Memory: all decoded frames are held as int arrays until the voxel type is known, so a
 * series needs about 4 bytes per voxel beyond the volume itself.
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
                        + "; allow irregular series to build the volume anyway (frames stacked as sorted, not resampled)");
            }
            notes.add("irregular series built without resampling: frames stacked in position order on a grid of the median slice"
                    + " distance along the slice normal (" + found + ")");
        }

        Geometry geometry = seriesGeometry.geometry();
        List<SliceSource> slices = seriesGeometry.slices();
        int sliceSize = geometry.columns() * geometry.rows();
        int[][] stored = new int[slices.size()][];
        ModalityLut[] luts = new ModalityLut[slices.size()];
        Map<Path, PixelData> opened = new HashMap<>();
        for (int k = 0; k < slices.size(); k++) {
            SliceSource slice = slices.get(k);
            PixelData pixels = opened.computeIfAbsent(slice.file(), file -> PixelData.of(DicomFile.open(file)));
            if (pixels.module().samplesPerPixel() != 1) {
                throw new DicomException(slice.file() + ": expected 1 sample per pixel to build a volume, found "
                        + pixels.module().samplesPerPixel() + " (" + pixels.module().photometricInterpretation() + ")");
            }
            if (pixels.module().rows() != geometry.rows() || pixels.module().columns() != geometry.columns()) {
                throw DicomException.at(slice.file().toString(), -1, geometry.columns() + " x " + geometry.rows() + " pixels",
                        pixels.module().columns() + " x " + pixels.module().rows());
            }
            stored[k] = pixels.decodeFrame(slice.frame()).values();
            luts[k] = ModalityLut.forFrame(slice.dataSet(), slice.frame());
        }
        Volume volume = toVolume(geometry, stored, luts, sliceSize, unsigned32(opened));
        return new DicomVolume(volume, series, seriesGeometry, notes);
    }

    private static boolean unsigned32(Map<Path, PixelData> opened) {
        return opened.values().stream().anyMatch(p -> p.module().bitsStored() == 32 && !p.module().signed());
    }

    private static Volume toVolume(Geometry geometry, int[][] stored, ModalityLut[] luts, int sliceSize, boolean unsigned32) {
        boolean integral = true;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < stored.length; k++) {
            ModalityLut lut = luts[k];
            if (lut.slope() != Math.rint(lut.slope()) || lut.intercept() != Math.rint(lut.intercept())) {
                integral = false;
            }
            for (int value : stored[k]) {
                double modality = lut.apply(unsigned32 ? Integer.toUnsignedLong(value) : value);
                min = Math.min(min, modality);
                max = Math.max(max, modality);
            }
        }
        int count = stored.length * sliceSize;
        // Unsigned 32-bit stored values (RT Dose) are widened without sign before the LUT.
        if (integral && min >= Short.MIN_VALUE && max <= Short.MAX_VALUE) {
            short[] data = new short[count];
            fill(stored, luts, sliceSize, (index, value) -> data[index] = (short) Math.round(value));
            return ShortVolume.signed(geometry, data);
        }
        if (integral && min >= 0 && max <= 65535) {
            short[] data = new short[count];
            fill(stored, luts, sliceSize, (index, value) -> data[index] = (short) Math.round(value));
            return ShortVolume.unsigned(geometry, data);
        }
        if (integral && !unsigned32 && min >= Integer.MIN_VALUE && max <= Integer.MAX_VALUE) {
            int[] data = new int[count];
            fill(stored, luts, sliceSize, (index, value) -> data[index] = (int) Math.round(value));
            return new IntVolume(geometry, data);
        }
        float[] data = new float[count];
        if (unsigned32) {
            for (int k = 0; k < stored.length; k++) {
                for (int i = 0; i < sliceSize; i++) {
                    data[k * sliceSize + i] = (float) luts[k].apply(Integer.toUnsignedLong(stored[k][i]));
                }
            }
        } else {
            fill(stored, luts, sliceSize, (index, value) -> data[index] = (float) value);
        }
        return new FloatVolume(geometry, data);
    }

    @FunctionalInterface
    private interface VoxelSetter {
        void set(int index, double value);
    }

    private static void fill(int[][] stored, ModalityLut[] luts, int sliceSize, VoxelSetter setter) {
        for (int k = 0; k < stored.length; k++) {
            ModalityLut lut = luts[k];
            int[] values = stored[k];
            int base = k * sliceSize;
            for (int i = 0; i < sliceSize; i++) {
                setter.set(base + i, lut.apply(values[i]));
            }
        }
    }
}
