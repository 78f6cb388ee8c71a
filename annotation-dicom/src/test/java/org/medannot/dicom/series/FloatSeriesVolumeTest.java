package org.medannot.dicom.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.spi.Scan;
import org.medannot.core.volume.FloatVolume;
import org.medannot.core.volume.VoxelType;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.Tag;
import org.medannot.dicom.VR;
import org.medannot.dicom.io.DicomWriter;
import org.medannot.dicom.io.MutableAttributes;
import org.medannot.dicom.pixel.FloatMapFixtures;
import org.medannot.dicom.pixel.FloatMapFixtures.Fixture;
import org.medannot.dicom.pixel.PixelDataElement;

/**
 * Volumes built from the Parametric Maps with Float and Double Float Pixel Data against the
 * arrays and geometry that pydicom 2.3.1 and numpy read from the same files
 * ({@link FloatMapFixtures}): voxels equal as float32, grid within 1e-6 mm.
 */
class FloatSeriesVolumeTest {

    private static final double GRID_TOLERANCE = 1e-6;

    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicTest> volumesMatchPydicom() {
        return FloatMapFixtures.all().stream().map(fixture -> DynamicTest.dynamicTest(fixture.name(), () -> {
            SeriesScanner.Result result = new SeriesScanner().scan(List.of(fixture.path()));
            assertThat(result.skipped()).as("skipped files").isEmpty();
            assertThat(result.series()).as("series").hasSize(1);

            DicomVolume built = new SeriesVolumeBuilder(false).build(result.series().get(0));

            assertThat(built.volume().voxelType()).as("voxel type").isEqualTo(VoxelType.FLOAT32);
            assertGrid(built.volume().geometry(), fixture);
            for (int k = 0; k < fixture.frames(); k++) {
                double[] expected = fixture.framePositions()[fixture.grid().sliceOrder()[k]];
                assertThat(built.slice(k).position()).as("Image Position (Patient) of slice %d", k).containsExactly(expected);
                assertThat(built.slice(k).orientation()).as("orientation of slice %d", k).containsExactly(fixture.imageOrientation());
                assertThat(built.slice(k).pixelSpacing()).as("Pixel Spacing of slice %d", k).containsExactly(fixture.pixelSpacing());
            }
            assertVoxels((FloatVolume) built.volume(), fixture);
            if (fixture.element() == PixelDataElement.DOUBLE_FLOAT_PIXEL_DATA) {
                assertThat(built.notes()).as("notes").containsExactly("Double Float Pixel Data (7FE0,0009) of " + fixture.frames()
                        + " of " + fixture.frames() + " frames narrowed from float64 to the nearest float32, because volumes have no"
                        + " float64 voxel type");
            } else {
                assertThat(built.notes()).as("notes").isEmpty();
            }
        }));
    }

    @Test
    void scanReaderWarnsOfNarrowing() throws IOException {
        Path folder = Files.createDirectory(temp.resolve("double"));
        Files.copy(FloatMapFixtures.get("pmap-od-explicit-be.dcm").path(), folder.resolve("map.dcm"));

        List<Scan> scans = new DicomScanReader().read(folder);

        assertThat(scans).hasSize(1);
        assertThat(scans.get(0).volume().voxelType()).isEqualTo(VoxelType.FLOAT32);
        assertThat(scans.get(0).warnings()).anySatisfy(warning -> assertThat(warning).contains("narrowed from float64"));
        assertThat(scans.get(0).property("TransferSyntaxUID", null)).isEqualTo("1.2.840.10008.1.2.2");
    }

    @Test
    void timeSeriesOfFloatMapIsOneVolume() {
        Fixture fixture = FloatMapFixtures.get("pmap-of-explicit-le.dcm");
        DicomSeries series = new SeriesScanner().scan(List.of(fixture.path())).series().get(0);

        List<DicomVolume> volumes = new SeriesVolumeBuilder(false).buildTimeSeries(series);

        assertThat(volumes).hasSize(1);
        assertVoxels((FloatVolume) volumes.get(0).volume(), fixture);
    }

    private static void assertGrid(Geometry geometry, Fixture fixture) {
        FloatMapFixtures.Grid grid = fixture.grid();
        assertThat(geometry.size()).as("size").containsExactly(grid.size());
        for (int axis = 0; axis < 3; axis++) {
            assertThat(geometry.spacing()[axis]).as("spacing[%d]", axis).isCloseTo(grid.spacing()[axis], within(GRID_TOLERANCE));
            assertThat(geometry.origin()[axis]).as("origin[%d]", axis).isCloseTo(grid.origin()[axis], within(GRID_TOLERANCE));
        }
        for (int i = 0; i < 9; i++) {
            assertThat(geometry.direction()[i]).as("direction[%d]", i).isCloseTo(grid.direction()[i], within(GRID_TOLERANCE));
        }
    }

    @Test
    void negativeZeroKeptInVolume() throws IOException {
        // The first sample of frame 0 becomes -0.0, the sign bit alone. The file has no Rescale
        // Slope and Intercept, so the identity Modality LUT must keep the sign.
        Fixture fixture = FloatMapFixtures.get("pmap-of-explicit-le.dcm");
        Path copy = temp.resolve("negative-zero.dcm");
        Files.copy(fixture.path(), copy);
        long offset = DicomFile.open(copy).dataSet().get(Tag.FLOAT_PIXEL_DATA).bulkData().offset();
        byte[] bytes = Files.readAllBytes(copy);
        ByteBuffer.wrap(bytes, (int) offset, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x80000000);
        Files.write(copy, bytes);
        SeriesScanner.Result result = new SeriesScanner().scan(List.of(copy));

        FloatVolume volume = (FloatVolume) new SeriesVolumeBuilder(false).build(result.series().get(0)).volume();

        int slice = List.of(Arrays.stream(fixture.grid().sliceOrder()).boxed().toArray(Integer[]::new)).indexOf(0);
        assertThat(Float.floatToRawIntBits(volume.array()[volume.geometry().index(0, 0, slice)])).isEqualTo(0x80000000);
    }

    @Test
    void integerAndFloatFramesNoted() throws IOException {
        // The single-frame float map, and a copy of it one slice further along the normal whose
        // samples are 16-bit Pixel Data instead, in the same series.
        Fixture fixture = FloatMapFixtures.get("pmap-of-implicit-le.dcm");
        DicomFile source = DicomFile.open(fixture.path());
        MutableAttributes integer = MutableAttributes.copyOf(source.dataSet());
        integer.remove(Tag.FLOAT_PIXEL_DATA);
        integer.setUnsignedShorts(Tag.BITS_ALLOCATED, 16);
        integer.setUnsignedShorts(Tag.BITS_STORED, 16);
        integer.setUnsignedShorts(Tag.HIGH_BIT, 15);
        integer.setUnsignedShorts(Tag.PIXEL_REPRESENTATION, 0);
        integer.setBytes(Tag.PIXEL_DATA, VR.OW, new byte[fixture.rows() * fixture.columns() * 2]);
        integer.setString(Tag.SOP_INSTANCE_UID, VR.UI, "2.25.1234567890");
        MutableAttributes plane = integer.get(Tag.PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE).items().get(0).get(Tag.PLANE_POSITION_SEQUENCE).items().get(0);
        double[] normal = Orientation.normal(fixture.imageOrientation());
        double[] position = fixture.framePositions()[0];
        plane.setString(Tag.IMAGE_POSITION_PATIENT, VR.DS, Double.toString(position[0] + 2.4 * normal[0]),
                Double.toString(position[1] + 2.4 * normal[1]), Double.toString(position[2] + 2.4 * normal[2]));
        MutableAttributes meta = MutableAttributes.copyOf(source.fileMeta());
        meta.setString(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID, VR.UI, "2.25.1234567890");
        Path copy = temp.resolve("integer.dcm");
        DicomWriter.write(copy, integer, DicomWriter.transferSyntaxFor(source), meta);
        SeriesScanner.Result result = new SeriesScanner().scan(List.of(fixture.path(), copy));
        assertThat(result.series()).as("series").hasSize(1);

        DicomVolume built = new SeriesVolumeBuilder(false).build(result.series().get(0));

        assertThat(built.volume().voxelType()).isEqualTo(VoxelType.FLOAT32);
        assertThat(built.notes()).anyMatch(note -> note.startsWith("1 of 2 frames hold integer Pixel Data and 1 Float"));
    }

    private static void assertVoxels(FloatVolume volume, Fixture fixture) {
        Geometry geometry = volume.geometry();
        int mismatches = 0;
        String first = null;
        for (int k = 0; k < geometry.slices(); k++) {
            int frame = fixture.grid().sliceOrder()[k];
            for (int j = 0; j < geometry.rows(); j++) {
                for (int i = 0; i < geometry.columns(); i++) {
                    float value = (float) volume.getDouble(geometry.index(i, j, k));
                    float expected = fixture.referenceAt(frame, j, i);
                    if (Float.floatToIntBits(value) != Float.floatToIntBits(expected)) {
                        mismatches++;
                        first = first != null ? first : "voxel " + i + "," + j + "," + k + ": " + value + " != " + expected;
                    }
                }
            }
        }
        assertThat(mismatches).as("voxels that differ from pydicom's values, first: %s", first).isZero();
    }
}
