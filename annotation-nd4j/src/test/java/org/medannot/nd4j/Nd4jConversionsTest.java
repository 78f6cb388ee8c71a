package org.medannot.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.mask.Mask;
import org.medannot.core.testing.SharedData;
import org.medannot.core.volume.FloatVolume;
import org.medannot.core.volume.IntVolume;
import org.medannot.core.volume.ShortVolume;
import org.medannot.core.volume.UByteVolume;
import org.medannot.core.volume.Volume;
import org.medannot.core.volume.VoxelType;
import org.medannot.dicom.nifti.NiftiReader;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Converts the 20-slice abdominal CT of the test data set (its dcm2niix volume) and its label
 * map, and compares the arrays with nibabel's values in {@code nibabel-reference.tsv}, which
 * {@code tools/reference/nd4j_nibabel_reference.py} writes. The CT's sum is also the one in the
 * data set's {@code pixel-stats.tsv}.
 */
class Nd4jConversionsTest {

    private static final String CT = "dicom/series/ct-abdomen-siemens-20sl/dcm2niix/ct_abdomen_20sl.nii.gz";
    private static final String LABELS = "dicom/series/ct-abdomen-siemens-20sl/labels/example_seg_dicom.nii.gz";
    private static final int LIVER = 5;

    /** One row of the reference table. */
    private record Reference(String kind, String file, String key, String value) {

        int[] voxel() {
            String[] parts = key.split(",");
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
        }
    }

    private static List<Reference> references(String kind, String file) throws IOException {
        List<Reference> rows = new ArrayList<>();
        try (InputStream in = Nd4jConversionsTest.class.getResourceAsStream("nibabel-reference.tsv");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] fields = line.split("\t");
                if (fields[0].equals(kind) && fields[1].equals(file)) {
                    rows.add(new Reference(fields[0], fields[1], fields[2], fields[3]));
                }
            }
        }
        assertThat(rows).as("reference rows of kind %s for %s", kind, file).isNotEmpty();
        return rows;
    }

    private static String reference(String kind, String file, String key) throws IOException {
        return references(kind, file).stream().filter(row -> row.key().equals(key)).findFirst().orElseThrow()
                .value();
    }

    /** SHA-256 of the array's elements in C order as little-endian bytes, read through ND4J's own buffer. */
    private static String sha256(INDArray array) throws NoSuchAlgorithmException {
        INDArray copy = array.dup('c');
        ByteBuffer bytes = copy.data().asNio().order(ByteOrder.nativeOrder());
        byte[] littleEndian = new byte[(int) (copy.length() * copy.dataType().width())];
        bytes.get(littleEndian);
        assertThat(ByteOrder.nativeOrder()).as("byte order of the test machine").isEqualTo(ByteOrder.LITTLE_ENDIAN);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(littleEndian));
    }

    private static Volume readCt() throws IOException {
        return new NiftiReader().readVolume(SharedData.require(CT));
    }

    private static LabelMap readLabels() throws IOException {
        return new NiftiReader().readLabelMap(SharedData.require(LABELS));
    }

    private static Geometry grid(int columns, int rows, int slices) {
        return Geometry.of(columns, rows, slices, new double[] {0.5, 0.7, 2}, new double[3],
                Geometry.identityDirection());
    }

    @Test
    void ctArrayMatchesNibabel() throws Exception {
        Volume ct = readCt();
        assertThat(ct.voxelType()).isEqualTo(VoxelType.INT16);

        INDArray array = Nd4jConversions.fromVolume(ct);

        assertThat(array.dataType()).isEqualTo(DataType.INT16);
        assertThat(array.shape()).containsExactly(20, 512, 512);
        assertThat(array.ordering()).isEqualTo('c');
        for (Reference sample : references("sample", CT)) {
            int[] xyz = sample.voxel();
            assertThat(array.getDouble(xyz[2], xyz[1], xyz[0])).as("voxel x, y, z = %s", sample.key())
                    .isEqualTo(Double.parseDouble(sample.value()));
        }
        assertThat(sha256(array)).as("SHA-256 of the [z, y, x] int16 data")
                .isEqualTo(reference("sha256", CT, "zyx-int16-le"));
        assertThat(array.castTo(DataType.INT64).sumNumber().longValue()).as("sum of the voxels")
                .isEqualTo(Long.parseLong(reference("sum", CT, "all")));
    }

    @Test
    void ctRoundTripKeepsVoxels() throws Exception {
        Volume ct = readCt();
        short[] expected = ((ShortVolume) ct).array();

        Volume back = Nd4jConversions.toVolume(Nd4jConversions.fromVolume(ct), ct.geometry());
        assertThat(back).isInstanceOf(ShortVolume.class);
        assertThat(back.voxelType()).isEqualTo(VoxelType.INT16);
        assertThat(back.geometry()).isEqualTo(ct.geometry());
        assertThat(((ShortVolume) back).array()).isEqualTo(expected);

        INDArray channelFirst = Nd4jConversions.toChannelFirst(Nd4jConversions.fromVolume(ct));
        assertThat(channelFirst.shape()).containsExactly(1, 1, 20, 512, 512);
        assertThat(((ShortVolume) Nd4jConversions.toVolume(channelFirst, ct.geometry())).array()).isEqualTo(expected);

        INDArray fortran = Nd4jConversions.fromVolume(ct).dup('f');
        assertThat(fortran.ordering()).isEqualTo('f');
        assertThat(((ShortVolume) Nd4jConversions.toVolume(fortran, ct.geometry())).array()).isEqualTo(expected);
    }

    @Test
    void ctAsFloatKeepsValues() throws Exception {
        Volume ct = readCt();

        INDArray floats = Nd4jConversions.fromVolume(ct, DataType.FLOAT);
        assertThat(floats.dataType()).isEqualTo(DataType.FLOAT);

        Volume back = Nd4jConversions.toVolume(floats, ct.geometry());
        assertThat(back).isInstanceOf(FloatVolume.class);
        float[] values = ((FloatVolume) back).array();
        short[] expected = ((ShortVolume) ct).array();
        for (int n = 0; n < expected.length; n++) {
            if (values[n] != expected[n]) {
                assertThat(values[n]).as("voxel %d", n).isEqualTo((float) expected[n]);
            }
        }
    }

    @Test
    void sliceViewConvertsItsSlices() throws Exception {
        Volume ct = readCt();
        Volume view = ct.slices(5, 8);
        assertThat(view.offset()).isEqualTo(5 * 512 * 512);

        INDArray array = Nd4jConversions.fromVolume(view);

        assertThat(array.shape()).containsExactly(3, 512, 512);
        int checked = 0;
        for (Reference sample : references("sample", CT)) {
            int[] xyz = sample.voxel();
            if (xyz[2] >= 5 && xyz[2] < 8) {
                assertThat(array.getDouble(xyz[2] - 5, xyz[1], xyz[0])).as("voxel x, y, z = %s", sample.key())
                        .isEqualTo(Double.parseDouble(sample.value()));
                checked++;
            }
        }
        assertThat(checked).as("reference voxels in slices 5 to 7").isPositive();
    }

    @Test
    void labelArrayMatchesNibabel() throws Exception {
        LabelMap labels = readLabels();

        INDArray array = Nd4jConversions.fromLabelMap(labels);

        assertThat(array.dataType()).isEqualTo(DataType.INT32);
        assertThat(array.shape()).containsExactly(20, 512, 512);
        for (Reference sample : references("sample", LABELS)) {
            int[] xyz = sample.voxel();
            assertThat(array.getInt(xyz[2], xyz[1], xyz[0])).as("voxel x, y, z = %s", sample.key())
                    .isEqualTo(Integer.parseInt(sample.value()));
        }
        for (Reference count : references("count", LABELS)) {
            long voxels = array.eq(Integer.parseInt(count.key())).castTo(DataType.INT64).sumNumber().longValue();
            assertThat(voxels).as("voxels of label %s", count.key()).isEqualTo(Long.parseLong(count.value()));
        }
        assertThat(sha256(array)).as("SHA-256 of the [z, y, x] int32 labels")
                .isEqualTo(reference("sha256", LABELS, "zyx-int32-le"));

        assertThat(Nd4jConversions.toLabelMap(array, labels.geometry())).isEqualTo(labels);
    }

    @Test
    void labelArrayAcceptsIntegerTypes() throws Exception {
        LabelMap labels = readLabels();
        INDArray array = Nd4jConversions.fromLabelMap(labels);

        for (DataType type : List.of(DataType.UINT8, DataType.INT16, DataType.UINT16, DataType.INT64)) {
            assertThat(Nd4jConversions.toLabelMap(array.castTo(type), labels.geometry())).as("labels from %s", type)
                    .isEqualTo(labels);
        }
    }

    @Test
    void maskArrayMatchesNibabel() throws Exception {
        LabelMap labels = readLabels();
        Mask liver = labels.mask(LIVER);
        long liverVoxels = Long.parseLong(reference("count", LABELS, String.valueOf(LIVER)));

        INDArray bools = Nd4jConversions.fromMask(liver);
        assertThat(bools.dataType()).isEqualTo(DataType.BOOL);
        assertThat(bools.shape()).containsExactly(20, 512, 512);
        assertThat(sha256(bools.castTo(DataType.UINT8))).as("SHA-256 of the [z, y, x] liver mask")
                .isEqualTo(reference("sha256", LABELS, "zyx-label5-uint8"));
        assertThat(Nd4jConversions.toMask(bools, liver.geometry())).isEqualTo(liver);

        INDArray bytes = Nd4jConversions.fromMask(liver, DataType.UINT8);
        assertThat(bytes.dataType()).isEqualTo(DataType.UINT8);
        assertThat(bytes.castTo(DataType.INT64).sumNumber().longValue()).isEqualTo(liverVoxels);
        assertThat(Nd4jConversions.toMask(bytes, liver.geometry())).isEqualTo(liver);

        INDArray floats = Nd4jConversions.fromMask(liver, DataType.FLOAT);
        assertThat(floats.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(floats.sumNumber().doubleValue()).isEqualTo(liverVoxels);
        assertThat(floats.maxNumber().doubleValue()).isEqualTo(1.0);
    }

    @Test
    void everyVolumeTypeRoundTrips() {
        Geometry geometry = grid(3, 2, 2);
        byte[] bytes = {0, 1, 2, (byte) 127, (byte) 128, (byte) 255, 9, 8, 7, 6, 5, 4};
        short[] shorts = {0, 1, -1, Short.MIN_VALUE, Short.MAX_VALUE, 1000, -1000, 7, 6, 5, 4, 3};
        int[] ints = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 24, (1 << 24) + 1, 7, 6, 5, 4, 3};
        float[] floats = {0f, -0.5f, 1e-30f, 3.4e38f, Float.MIN_VALUE, -1e7f, 0.1f, 7, 6, 5, 4, 3};
        List<Volume> volumes = List.of(new UByteVolume(geometry, bytes), ShortVolume.signed(geometry, shorts),
                ShortVolume.unsigned(geometry, shorts), new IntVolume(geometry, ints), new FloatVolume(geometry, floats));
        List<DataType> types = List.of(DataType.UINT8, DataType.INT16, DataType.UINT16, DataType.INT32, DataType.FLOAT);

        for (int v = 0; v < volumes.size(); v++) {
            Volume volume = volumes.get(v);
            INDArray array = Nd4jConversions.fromVolume(volume);
            assertThat(array.dataType()).as("data type of %s", volume.voxelType()).isEqualTo(types.get(v));

            Volume back = Nd4jConversions.toVolume(array, geometry);
            assertThat(back.voxelType()).as("voxel type back from %s", types.get(v)).isEqualTo(volume.voxelType());
            for (int n = 0; n < geometry.voxelCount(); n++) {
                int x = n % 3;
                int y = (n / 3) % 2;
                int z = n / 6;
                assertThat(array.getDouble(z, y, x)).as("%s array at x, y, z = %d, %d, %d", volume.voxelType(), x, y, z)
                        .isEqualTo(volume.getDouble(n));
                assertThat(back.getDouble(n)).as("%s voxel %d back", volume.voxelType(), n)
                        .isEqualTo(volume.getDouble(n));
            }
        }
    }

    @Test
    void arraysDoNotShareMemory() {
        Geometry geometry = grid(2, 2, 1);
        float[] values = {1, 2, 3, 4};
        FloatVolume volume = new FloatVolume(geometry, values);

        INDArray array = Nd4jConversions.fromVolume(volume);
        array.putScalar(new long[] {0, 0, 0}, 100f);
        assertThat(values[0]).isEqualTo(1f);

        Volume back = Nd4jConversions.toVolume(array, geometry);
        array.putScalar(new long[] {0, 1, 1}, -5f);
        assertThat(back.getDouble(0, 0, 0)).isEqualTo(100.0);
        assertThat(back.getDouble(1, 1, 0)).isEqualTo(4.0);
    }

    @Test
    void wrongRankRejected() {
        Geometry geometry = grid(4, 3, 2);
        INDArray plane = Nd4j.zeros(DataType.FLOAT, 3, 4);
        INDArray batchOfTwo = Nd4j.zeros(DataType.FLOAT, 2, 1, 2, 3, 4);

        assertThatThrownBy(() -> Nd4jConversions.toVolume(plane, geometry)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[z, y, x] or [1, 1, z, y, x]").hasMessageContaining("[3, 4]");
        assertThatThrownBy(() -> Nd4jConversions.toVolume(batchOfTwo, geometry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 1, 2, 3, 4]");
        assertThatThrownBy(() -> Nd4jConversions.toMask(plane.castTo(DataType.BOOL), geometry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3, 4]");
        assertThatThrownBy(() -> Nd4jConversions.toLabelMap(plane.castTo(DataType.INT32), geometry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3, 4]");
        assertThatThrownBy(() -> Nd4jConversions.toChannelFirst(batchOfTwo))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rank 3");
    }

    @Test
    void shapeMismatchRejected() {
        Geometry geometry = grid(4, 3, 2);
        // [z, y, x] given as [x, y, z]
        INDArray transposed = Nd4j.zeros(DataType.FLOAT, 4, 3, 2);

        assertThatThrownBy(() -> Nd4jConversions.toVolume(transposed, geometry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[4, 3, 2]")
                .hasMessageContaining("4x3x2 (columns x rows x slices)")
                .hasMessageContaining("expected [z, y, x] = [2, 3, 4]");
        assertThatThrownBy(() -> Nd4jConversions.toMask(transposed.castTo(DataType.BOOL), geometry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected [z, y, x] = [2, 3, 4]");
        assertThatThrownBy(() -> Nd4jConversions.toLabelMap(transposed.castTo(DataType.INT32), geometry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected [z, y, x] = [2, 3, 4]");
    }

    @Test
    void wrongDataTypeRejected() {
        Geometry geometry = grid(4, 3, 2);
        INDArray doubles = Nd4j.zeros(DataType.DOUBLE, 2, 3, 4);
        INDArray floats = Nd4j.zeros(DataType.FLOAT, 2, 3, 4);

        assertThatThrownBy(() -> Nd4jConversions.toVolume(doubles, geometry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DOUBLE")
                .hasMessageContaining("expected FLOAT, SHORT (INT16), UINT16, UBYTE (UINT8) or INT (INT32)");
        assertThatThrownBy(() -> Nd4jConversions.toVolume(floats.castTo(DataType.INT64), geometry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data type LONG");
        assertThatThrownBy(() -> Nd4jConversions.toMask(floats, geometry)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BOOL or UBYTE (UINT8), but was FLOAT");
        assertThatThrownBy(() -> Nd4jConversions.toLabelMap(floats, geometry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but was FLOAT");
        assertThatThrownBy(() -> Nd4jConversions.fromMask(new Mask(geometry), DataType.INT32))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BOOL, UBYTE (UINT8) or FLOAT, but was INT");
    }

    @Test
    void labelOutOfRangeRejected() {
        Geometry geometry = grid(4, 3, 2);
        INDArray negative = Nd4j.zeros(DataType.INT32, 2, 3, 4);
        negative.putScalar(new long[] {1, 2, 3}, -1);
        INDArray tooLarge = Nd4j.zeros(DataType.INT64, 2, 3, 4);
        tooLarge.putScalar(new long[] {0, 1, 2}, 70_000);

        assertThatThrownBy(() -> Nd4jConversions.toLabelMap(negative, geometry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label at [z, y, x] = [1, 2, 3] is -1, outside 0..65535");
        assertThatThrownBy(() -> Nd4jConversions.toLabelMap(tooLarge, geometry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label at [z, y, x] = [0, 1, 2] is 70000, outside 0..65535");
    }
}
