package org.medannot.dicom.nifti;

import java.util.List;
import java.util.Objects;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.volume.Volume;

/**
 * The contents of one NIfTI file: its header and one volume per time point, all on one grid.
 *
 * @param header   the parsed header
 * @param geometry the grid in LPS, converted from the header's best affine (see
 *                 {@link NiftiHeader#bestAffine()})
 * @param volumes  the 3D volumes in file order: one for a 3D file, dim[4] for a 4D file
 */
public record NiftiImage(NiftiHeader header, Geometry geometry, List<Volume> volumes) {

    /** Validates and copies the list. */
    public NiftiImage {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(geometry, "geometry");
        volumes = List.copyOf(volumes);
    }

    /** Returns the first (for a 3D file, the only) volume. */
    public Volume volume() {
        return volumes.get(0);
    }
}
