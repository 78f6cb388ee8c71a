package org.medannot.dicom.series;

import java.util.List;

import org.medannot.core.volume.Volume;
import org.medannot.dicom.Attributes;

/**
 * A volume built from a DICOM series, with the frames it came from.
 *
 * @param volume the voxels after the Modality LUT (Hounsfield units for CT), in the geometry
 *     of {@code seriesGeometry}
 * @param series the series
 * @param seriesGeometry the sorted frames, grid and irregularities
 * @param notes what was done beyond reading, one sentence each (for example how an irregular
 *     series was handled); empty for a regular series
 */
public record DicomVolume(Volume volume, DicomSeries series, SeriesGeometry seriesGeometry, List<String> notes) {

    public DicomVolume {
        notes = List.copyOf(notes);
    }

    /** Returns the frame at slice index k (0-based, in the volume's slice order). */
    public SliceSource slice(int k) {
        return seriesGeometry.slices().get(k);
    }

    /** Returns the data set of the file that contains slice k (read without Pixel Data). */
    public Attributes sourceAttributes(int k) {
        return slice(k).dataSet();
    }
}
