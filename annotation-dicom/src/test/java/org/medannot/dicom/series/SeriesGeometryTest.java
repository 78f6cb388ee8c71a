package org.medannot.dicom.series;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.testing.SharedData;
import org.medannot.dicom.Attributes;
import org.medannot.dicom.DicomFile;

/** Sorting and irregularity checks on slice positions made up by the test (axial slices, LPS mm). */
class SeriesGeometryTest {

    private static final double[] AXIAL = {1, 0, 0, 0, 1, 0};

    private static DicomSeries series(double[][] positions) {
        Path file = SharedData.require("dicom/transfer-syntaxes/mr_small_family/MR_small.dcm");
        Attributes dataSet = DicomFile.open(file).dataSet();
        List<SliceSource> slices = new ArrayList<>();
        for (int k = 0; k < positions.length; k++) {
            // Instance numbers run against the positions, so a sort by Instance Number would reverse the order.
            slices.add(new SliceSource(file, 0, "1.2." + k, dataSet, null, positions[k], AXIAL, new double[] {0.5, 0.8}, 4, 3,
                    positions.length - k, null));
        }
        return new DicomSeries("test", "test", "CT", List.of("1.2.840.10008.1.2.1"), slices, List.of());
    }

    @Test
    void regularSeriesSortedByPosition() {
        SeriesGeometry geometry = SeriesGeometry.of(series(new double[][] {{0, 0, 5}, {0, 0, 0}, {0, 0, 2.5}}));
        assertThat(geometry.regular()).isTrue();
        Geometry grid = geometry.geometry();
        assertThat(grid.origin()).containsExactly(0, 0, 0);
        // Pixel Spacing [0.5, 0.8] is [row spacing, column spacing]: x spacing 0.8, y spacing 0.5.
        assertThat(grid.spacing()).containsExactly(0.8, 0.5, 2.5);
        assertThat(geometry.slices().get(2).position()).containsExactly(0, 0, 5);
    }

    @Test
    void gantryTiltReportedWithAngle() {
        double shift = Math.tan(Math.toRadians(15)) * 2;
        SeriesGeometry geometry = SeriesGeometry.of(series(new double[][] {{0, 0, 0}, {0, shift, 2}, {0, 2 * shift, 4}}));
        assertThat(geometry.irregularities()).extracting(GeometryIrregularity::kind).containsExactly(GeometryIrregularity.Kind.GANTRY_TILT);
        assertThat(geometry.irregularities().get(0).message()).contains("15.000 degrees");
    }

    @Test
    void missingSliceAndUnevenSpacingReported() {
        SeriesGeometry gap = SeriesGeometry.of(series(new double[][] {{0, 0, 0}, {0, 0, 2}, {0, 0, 4}, {0, 0, 8}}));
        assertThat(gap.irregularities()).extracting(GeometryIrregularity::kind).containsExactly(GeometryIrregularity.Kind.MISSING_SLICES);
        SeriesGeometry uneven = SeriesGeometry.of(series(new double[][] {{0, 0, 0}, {0, 0, 2}, {0, 0, 4.3}, {0, 0, 6.3}}));
        assertThat(uneven.irregularities()).extracting(GeometryIrregularity::kind)
                .containsExactly(GeometryIrregularity.Kind.NON_UNIFORM_SPACING);
        assertThat(uneven.geometry().spacing()[2]).isEqualTo(2.0);
    }

    @Test
    void duplicatePositionsReported() {
        SeriesGeometry geometry = SeriesGeometry.of(series(new double[][] {{0, 0, 0}, {0, 0, 0}, {0, 0, 2}}));
        assertThat(geometry.irregularities()).extracting(GeometryIrregularity::kind)
                .contains(GeometryIrregularity.Kind.DUPLICATE_POSITIONS);
    }
}
