package org.medannot.metrics.distance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.Mask;

class SurfacesTest {

    @Test
    void cubeSurfaceExcludesInterior() {
        Geometry grid = Geometry.of(7, 7, 7, new double[] {1, 1, 1}, new double[3], Geometry.identityDirection());
        Mask cube = new BoundingBox(1, 1, 1, 6, 6, 6).toMask(grid);

        Mask surface = Surfaces.surface(cube);

        assertThat(surface.count()).isEqualTo(125 - 27);
        assertThat(surface.get(3, 3, 3)).isFalse();
        assertThat(surface.get(1, 3, 3)).isTrue();
    }

    @Test
    void planarGridUsesFourConnectedCross() {
        Mask square = new BoundingBox(0, 0, 0, 4, 4, 1).toMask(Geometry.of2D(6, 6));

        Mask surface = Surfaces.surface(square);

        // The grid border counts as background, so the row and column 0 voxels are surface too.
        assertThat(surface.count()).isEqualTo(16 - 4);
        assertThat(surface.get(1, 1, 0)).isFalse();
    }

    @Test
    void voxelsOnGridBorderAreSurface() {
        Geometry grid = Geometry.of(3, 3, 3, new double[] {1, 1, 1}, new double[3], Geometry.identityDirection());
        Mask full = new Mask(grid);
        full.setRange(0, 27);

        assertThat(Surfaces.surface(full).count()).isEqualTo(26);
    }
}
