package org.medannot.dicom.series;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The frames of one series that share orientation, size and Frame of Reference, as found by
 * {@link SeriesScanner}, before sorting. {@link SeriesGeometry#of(DicomSeries)} sorts them and
 * checks their geometry.
 *
 * @param id the Series Instance UID, or "FoR:" and the Frame of Reference UID (or "unknown")
 *     when the files have no Series Instance UID. When the files were split into several grids,
 *     "#" and the 1-based part number follow.
 * @param seriesInstanceUid Series Instance UID as found (empty when the files have none)
 * @param modality Modality (0008,0060), or empty
 * @param transferSyntaxUids the distinct transfer syntaxes of the files
 * @param slices the frames, in file order
 * @param warnings grouping warnings (empty UIDs, splits), one sentence each
 */
public record DicomSeries(String id, String seriesInstanceUid, String modality, List<String> transferSyntaxUids,
        List<SliceSource> slices, List<String> warnings) {

    public DicomSeries {
        transferSyntaxUids = List.copyOf(transferSyntaxUids);
        slices = List.copyOf(slices);
        warnings = List.copyOf(warnings);
    }

    /** The distinct files of the series, in file order. */
    public List<Path> files() {
        Set<Path> files = new LinkedHashSet<>();
        for (SliceSource slice : slices) {
            files.add(slice.file());
        }
        return new ArrayList<>(files);
    }
}
