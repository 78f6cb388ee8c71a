package org.medannot.dicom.rtstruct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.Mask;
import org.medannot.core.testing.SharedData;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.seg.ReferenceGrid;

/**
 * RT Structure Sets read and rasterized. The real structure set's masks are compared with
 * reference/rtstruct.tsv, made by tools/reference/seg_rtstruct_reference.py with pydicom and
 * matplotlib (pixel centres, even-odd over the contours of an ROI on a slice). The synthetic
 * contours' counts follow from the same rule by hand.
 */
class RtStructTest {

    private static final String BREAST = "dicom/rtstruct/dicompyler-breast/";

    private static RtStructureSet breast() {
        return new RtStructReader().read(SharedData.require(BREAST + "rtss.dcm"));
    }

    @Test
    void breastRoisAreRead() {
        RtStructureSet set = breast();

        assertThat(set.rois()).hasSize(10);
        assertThat(set.roi(1).name()).isEqualTo("BODY");
        assertThat(set.roi("BODY").contours()).hasSize(141);
        assertThat(set.roi("Areola").contours()).isEmpty();
        assertThat(set.referencedSeries()).containsEntry("2.16.840.1.113662.2.12.0.3057.1241703565.36",
                List.of("2.16.840.1.113662.2.12.0.3057.1241703565.43"));
    }

    @Test
    void breastMasksMatchMatplotlib() throws IOException {
        RtStructureSet set = breast();
        ReferenceGrid grid = ContourRasterizer.gridFromFiles(set, List.of(SharedData.require(BREAST + "ct.0.dcm")));
        ContourRasterizer.RoiMasks masks = new ContourRasterizer(ContourRasterizer.DEFAULT_PLANE_TOLERANCE_MM,
                ContourRasterizer.OffGridContours.SKIP).rasterize(set, grid);

        List<String[]> rows = referenceRows();
        assertThat(rows).hasSize(10);
        for (String[] fields : rows) {
            Mask mask = masks.masks().get(Integer.parseInt(fields[1]));
            assertThat(mask.count()).as("ROI " + fields[1] + " voxel count").isEqualTo(Long.parseLong(fields[2]));
            if (mask.count() > 0) {
                double[] centroid = mask.centroid();
                for (int axis = 0; axis < 3; axis++) {
                    assertThat(centroid[axis]).as("ROI " + fields[1] + " centroid[" + axis + "]")
                            .isCloseTo(Double.parseDouble(fields[3 + axis]), within(1e-9));
                }
            }
        }
        assertThat(masks.skipped()).isNotEmpty();
    }

    @Test
    void offGridContourIsRejected() {
        RtStructureSet set = breast();
        ReferenceGrid grid = ContourRasterizer.gridFromFiles(set, List.of(SharedData.require(BREAST + "ct.0.dcm")));

        assertThatThrownBy(() -> new ContourRasterizer().rasterize(set, grid))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("ROI 1 \"BODY\", contour 1 lies on no slice plane")
                .hasMessageContaining("mm from the nearest plane, slice 0");
    }

    @Test
    void otherFrameOfReferenceIsNamed() throws IOException {
        RtStructureSet set = breast();
        List<Path> images;
        try (Stream<Path> files = Files.list(SharedData.require("dicom/seg/highdicom-ct/ct-series"))) {
            images = files.sorted().collect(Collectors.toList());
        }
        ReferenceGrid grid = ReferenceGrid.fromFiles(images, "1.3.6.1.4.1.5962.1.1.0.0.0.1196530851.28319.0.2");

        assertThatThrownBy(() -> new ContourRasterizer().rasterize(set, grid))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("refers to Frame of Reference UID 2.16.840.1.113662.2.12.0.3057.1241703565.36")
                .hasMessageContaining("(series 2.16.840.1.113662.2.12.0.3057.1241703565.43)")
                .hasMessageContaining("supply the images of the referenced series");
    }

    @Test
    void seriesNotSuppliedIsNamed() {
        RtStructureSet set = new RtStructReader().read(SharedData.require("dicom/rtstruct/pydicom/rtstruct.dcm"));
        List<Path> images = List.of(SharedData.require(BREAST + "ct.0.dcm"));
        String frame = set.referencedSeries().keySet().iterator().next();
        String series = set.referencedSeries().get(frame).get(0);

        assertThatThrownBy(() -> ContourRasterizer.gridFromFiles(set, images))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("Referenced Frame of Reference UID " + frame)
                .hasMessageContaining("referenced series " + series + " not found");
    }

    @Test
    void pointContoursAreSkipped() {
        RtStructureSet set = new RtStructReader().read(SharedData.require("dicom/rtstruct/pydicom/rtstruct.dcm"));
        List<String> skipped = new ArrayList<>();
        RtRoi isocenter = set.roi("Isocenter 1");
        Geometry geometry = Geometry.of(8, 8, 1, new double[] {1, 1, 1}, new double[3], Geometry.identityDirection());

        Mask mask = new ContourRasterizer().rasterize(isocenter, ReferenceGrid.of(geometry), skipped);

        assertThat(mask.count()).isZero();
        assertThat(skipped).singleElement().asString().contains("POINT encloses no area");
    }

    @Test
    void nestedContoursCombineByEvenOdd() {
        Geometry geometry = Geometry.of(20, 20, 2, new double[] {1, 1, 2}, new double[3], Geometry.identityDirection());
        // Outer square over pixel centres 2..11, a hole over 5..8, an island in the hole over 6..7, all on slice 1 (z = 2 mm).
        RtRoi roi = new RtRoi(1, "ring", "", "MANUAL", List.of(square(1.5, 11.5, 2), square(4.5, 8.5, 2), square(5.5, 7.5, 2)));

        Mask mask = new ContourRasterizer().rasterize(roi, ReferenceGrid.of(geometry), new ArrayList<>());

        assertThat(mask.count()).isEqualTo(100 - 16 + 4);
        assertThat(mask.slice(0).count()).isZero();
        assertThat(mask.get(5, 5, 1)).isFalse();
        assertThat(mask.get(6, 6, 1)).isTrue();
        assertThat(mask.get(2, 2, 1)).isTrue();
        assertThat(mask.get(1, 2, 1)).isFalse();
    }

    @Test
    void flippedColumnDirectionKeepsPlace() {
        // Rows run towards -y: row j is at y = -j mm, so a contour at y in [-4.5, -2.5] covers rows 3 and 4.
        Geometry geometry = Geometry.of(10, 10, 1, new double[] {1, 1, 1}, new double[3],
                new double[] {1, 0, 0, 0, -1, 0, 0, 0, -1});
        RtContour contour = new RtContour("CLOSED_PLANAR", new double[] {0.5, -2.5, 0, 2.5, -2.5, 0, 2.5, -4.5, 0, 0.5, -4.5, 0},
                List.of());

        Mask mask = new ContourRasterizer().rasterize(new RtRoi(1, "box", "", "", List.of(contour)), ReferenceGrid.of(geometry),
                new ArrayList<>());

        assertThat(mask.count()).isEqualTo(4);
        assertThat(mask.get(1, 3, 0)).isTrue();
        assertThat(mask.get(2, 4, 0)).isTrue();
    }

    @Test
    void nonPlanarContourIsRejected() {
        Geometry geometry = Geometry.of(10, 10, 2, new double[] {1, 1, 1}, new double[3], Geometry.identityDirection());
        RtContour contour = new RtContour("CLOSED_PLANAR", new double[] {1, 1, 0, 5, 1, 0, 5, 5, 1}, List.of());

        assertThatThrownBy(() -> new ContourRasterizer().rasterize(new RtRoi(4, "bent", "", "", List.of(contour)),
                ReferenceGrid.of(geometry), new ArrayList<>()))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("ROI 4 \"bent\", contour 1: point 3 is 1.0000 mm off the plane of slice 0");
    }

    @Test
    void nonRtStructIsRejected() {
        Path image = SharedData.require(BREAST + "ct.0.dcm");

        assertThatThrownBy(() -> new RtStructReader().read(image))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("expected RT Structure Set Storage");
    }

    private static RtContour square(double from, double to, double z) {
        return new RtContour("CLOSED_PLANAR", new double[] {from, from, z, to, from, z, to, to, z, from, to, z}, List.of());
    }

    private static List<String[]> referenceRows() throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = RtStructTest.class.getResourceAsStream("/org/medannot/dicom/seg/reference/rtstruct.tsv")) {
            assertThat(in).as("reference/rtstruct.tsv").isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split("\t"));
                }
            }
        }
        return rows;
    }
}
