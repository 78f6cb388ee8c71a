package org.medannot.dicom.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.testing.SharedData;
import org.medannot.core.volume.Volume;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.Tag;
import org.medannot.dicom.pixel.ModalityLut;

/**
 * Volumes built from the DICOM series of the test data set against the dcm2niix volumes beside
 * them (reference/volumes.tsv, made with nibabel by tools/reference/dcm2niix_volume_reference.py):
 * both are reoriented to the closest canonical RAS+ voxel order, then the voxels must be equal
 * and the affines equal within 1e-3 mm. For the 4D files, each time point is compared by its
 * stored values.
 */
class SeriesVolumeTest {

    private static final double AFFINE_TOLERANCE_MM = 1e-3;

    record Reference(String series, int[] shape, double[] affine, String sha256, long min, long max, long sum) {
    }

    @TestFactory
    Stream<DynamicTest> volumesMatchDcm2niix() throws IOException {
        Path root = SharedData.require("dicom/series").getParent().getParent();
        return readReferences().stream().map(reference -> DynamicTest.dynamicTest(reference.series(), () -> {
            String[] folderAndTime = reference.series().split("@");
            SeriesScanner.Result result = new SeriesScanner().scan(root.resolve(folderAndTime[0]));
            assertThat(result.series()).as("series found").hasSize(1);
            Canonical canonical;
            if (folderAndTime.length == 1) {
                DicomVolume built = new SeriesVolumeBuilder(false).build(result.series().get(0));
                canonical = Canonical.of(built.volume(), ModalityLut.IDENTITY);
            } else {
                // 4D references hold stored values, so undo the Modality LUT.
                List<DicomVolume> volumes = new SeriesVolumeBuilder(false).buildTimeSeries(result.series().get(0));
                DicomVolume built = volumes.get(Integer.parseInt(folderAndTime[1]) - 1);
                SliceSource first = built.slice(0);
                canonical = Canonical.of(built.volume(), ModalityLut.forFrame(first.dataSet(), first.frame()));
            }

            assertThat(canonical.shape).as("canonical shape").containsExactly(reference.shape());
            for (int i = 0; i < 16; i++) {
                assertThat(canonical.affine[i]).as("affine[" + i + "]").isCloseTo(reference.affine()[i],
                        org.assertj.core.data.Offset.offset(AFFINE_TOLERANCE_MM));
            }
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            long sum = 0;
            for (long value : canonical.values) {
                min = Math.min(min, value);
                max = Math.max(max, value);
                sum += value;
            }
            assertThat(min).as("min").isEqualTo(reference.min());
            assertThat(max).as("max").isEqualTo(reference.max());
            assertThat(sum).as("sum").isEqualTo(reference.sum());
            assertThat(sha256(canonical.values)).as("SHA-256 of the voxels").isEqualTo(reference.sha256());
        }));
    }

    @Test
    void emptySeriesUidFallsBackWithWarning() throws IOException {
        Path folder = SharedData.require("dicom/series/ct-abdomen-siemens-20sl/dicom-uncompressed");
        SeriesScanner.Result result = new SeriesScanner().scan(folder);
        assertThat(result.series()).hasSize(1);
        DicomSeries series = result.series().get(0);
        assertThat(series.seriesInstanceUid()).isEmpty();
        assertThat(series.id()).startsWith("FoR:");
        assertThat(series.warnings()).anyMatch(w -> w.contains("Series Instance UID is empty"));
        assertThat(series.slices()).allMatch(s -> s.instanceUid() != null && !s.instanceUid().isEmpty());
        assertThat(series.slices()).extracting(SliceSource::instanceUid).doesNotHaveDuplicates();
    }

    @Test
    void sourceAttributesReachableFromVolume() throws IOException {
        Path folder = SharedData.require("dicom/series/mr-siemens-t1-sag-HFDL/dicom");
        DicomVolume built = new SeriesVolumeBuilder(false).build(new SeriesScanner().scan(folder).series().get(0));
        int slices = built.volume().geometry().slices();
        assertThat(built.sourceAttributes(0).getString(Tag.MODALITY)).isEqualTo("MR");
        double[] first = built.slice(0).position();
        double[] last = built.slice(slices - 1).position();
        double[] lastIndex = built.volume().geometry().indexToPatient(0, 0, slices - 1);
        for (int axis = 0; axis < 3; axis++) {
            assertThat(built.volume().geometry().origin()[axis]).isEqualTo(first[axis]);
            assertThat(lastIndex[axis]).isCloseTo(last[axis], org.assertj.core.data.Offset.offset(1e-3));
        }
    }

    @Test
    void duplicatePositionsRejectedUnlessAllowed() throws IOException {
        // Three volumes of nine slices each at the same positions.
        Path folder = SharedData.require("dicom/series/mr-philips-epi-9sl-3vol/dicom");
        DicomSeries series = new SeriesScanner().scan(folder).series().get(0);
        assertThatThrownBy(() -> new SeriesVolumeBuilder(false).build(series))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("DUPLICATE_POSITIONS");
        DicomVolume built = new SeriesVolumeBuilder(true).build(series);
        assertThat(built.seriesGeometry().irregularities()).extracting(GeometryIrregularity::kind)
                .contains(GeometryIrregularity.Kind.DUPLICATE_POSITIONS);
        assertThat(built.notes()).isNotEmpty();
    }

    @Test
    void enhancedCtUsesFunctionalGroups() throws IOException {
        Path file = SharedData.require("dicom/multiframe/eCT_Supplemental.dcm");
        DicomSeries series = new SeriesScanner().scan(file).series().get(0);
        assertThat(series.slices()).hasSize(2);
        assertThat(series.slices()).allMatch(s -> s.position() != null && s.pixelSpacing() != null);
        DicomVolume built = new SeriesVolumeBuilder(false).build(series);
        // Rescale Intercept -1024 comes from the Shared Functional Groups only.
        assertThat(built.volume().getDouble(0)).isLessThan(0);
    }

    /** Our volume in the closest canonical RAS+ voxel order, as nibabel's as_closest_canonical makes it. */
    static final class Canonical {
        int[] shape = new int[3];
        double[] affine = new double[16];
        long[] values;

        static Canonical of(Volume volume, ModalityLut undo) {
            Geometry geometry = volume.geometry();
            double[] a = geometry.toNiftiAffine();
            int[] size = {geometry.columns(), geometry.rows(), geometry.slices()};
            int[] target = new int[3];
            int[] sign = new int[3];
            for (int axis = 0; axis < 3; axis++) {
                int best = 0;
                for (int r = 1; r < 3; r++) {
                    if (Math.abs(a[4 * r + axis]) > Math.abs(a[4 * best + axis])) {
                        best = r;
                    }
                }
                target[axis] = best;
                sign[axis] = a[4 * best + axis] >= 0 ? 1 : -1;
            }
            Canonical canonical = new Canonical();
            double[] origin = {a[3], a[7], a[11]};
            for (int axis = 0; axis < 3; axis++) {
                canonical.shape[target[axis]] = size[axis];
                for (int r = 0; r < 3; r++) {
                    canonical.affine[4 * r + target[axis]] = sign[axis] * a[4 * r + axis];
                    if (sign[axis] < 0) {
                        origin[r] += (size[axis] - 1) * a[4 * r + axis];
                    }
                }
            }
            for (int r = 0; r < 3; r++) {
                canonical.affine[4 * r + 3] = origin[r];
            }
            canonical.affine[15] = 1;
            canonical.values = new long[geometry.voxelCount()];
            int[] index = new int[3];
            int[] c = new int[3];
            for (index[2] = 0; index[2] < size[2]; index[2]++) {
                for (index[1] = 0; index[1] < size[1]; index[1]++) {
                    for (index[0] = 0; index[0] < size[0]; index[0]++) {
                        for (int axis = 0; axis < 3; axis++) {
                            c[target[axis]] = sign[axis] > 0 ? index[axis] : size[axis] - 1 - index[axis];
                        }
                        int to = c[0] + canonical.shape[0] * (c[1] + canonical.shape[1] * c[2]);
                        double value = volume.getDouble(geometry.index(index[0], index[1], index[2]));
                        canonical.values[to] = Math.round((value - undo.intercept()) / undo.slope());
                    }
                }
            }
            return canonical;
        }
    }

    private static String sha256(long[] values) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long value : values) {
            buffer.putLong(value);
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(buffer.array()));
    }

    private static List<Reference> readReferences() throws IOException {
        List<Reference> references = new ArrayList<>();
        try (InputStream in = SeriesVolumeTest.class.getResourceAsStream("/org/medannot/dicom/reference/volumes.tsv")) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#") || line.startsWith("series\t") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                String[] affineText = f[5].split(" ");
                double[] affine = new double[16];
                for (int i = 0; i < 16; i++) {
                    affine[i] = Double.parseDouble(affineText[i]);
                }
                references.add(new Reference(f[0], new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4])},
                        affine, f[6], Long.parseLong(f[7]), Long.parseLong(f[8]), Long.parseLong(f[9])));
            }
        }
        return references;
    }
}
