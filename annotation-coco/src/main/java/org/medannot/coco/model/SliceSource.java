package org.medannot.coco.model;

import java.util.Objects;

/**
 * Origin of a COCO image entry exported from one slice of a 3D scan. Written in the
 * image entry as the object {@code "medannot_source"}; other COCO readers ignore it.
 *
 * @param scanId identifier of the scan (de-identified), not {@code null}
 * @param sliceIndex 0-based slice index k in the scan's voxel grid
 * @param sopInstanceUid SOP Instance UID of the DICOM image of that slice, or {@code null}
 */
public record SliceSource(String scanId, int sliceIndex, String sopInstanceUid) {

    public SliceSource {
        Objects.requireNonNull(scanId, "scanId");
        if (sliceIndex < 0) {
            throw new IllegalArgumentException("sliceIndex must be >= 0, found " + sliceIndex);
        }
    }
}
