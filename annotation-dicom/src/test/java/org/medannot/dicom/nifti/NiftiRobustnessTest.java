package org.medannot.dicom.nifti;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.testing.Seeds;
import org.medannot.core.volume.ShortVolume;

/**
 * Malformed NIfTI files: each one must either read or raise {@link NiftiException}, never another
 * exception type and never an allocation sized by a forged length field.
 */
class NiftiRobustnessTest {

    @TempDir
    Path folder;

    private byte[] valid;

    @BeforeEach
    void writeValidFile() throws IOException {
        short[] values = new short[4 * 3 * 2];
        for (int n = 0; n < values.length; n++) {
            values[n] = (short) (n * 100 - 1000);
        }
        Path file = folder.resolve("valid.nii");
        new NiftiWriter().write(ShortVolume.signed(Geometry.of(4, 3, 2, new double[] {1, 2, 3}, new double[3],
                Geometry.identityDirection()), values), file);
        valid = Files.readAllBytes(file);
    }

    @Test
    void validFileReads() throws IOException {
        assertThat(new NiftiReader().readVolume(write("copy.nii", valid)).getDouble(23)).isEqualTo(1300);
    }

    @Test
    void truncationAtEveryByteIsRejected() throws IOException {
        for (int length = 0; length < valid.length; length++) {
            Path file = write("truncated.nii", Arrays.copyOf(valid, length));
            Throwable thrown = catchThrowable(() -> new NiftiReader().read(file));
            assertThat(thrown).as("truncated to " + length + " bytes").isInstanceOf(NiftiException.class);
        }
    }

    @Test
    void truncatedGzipIsRejected() throws IOException {
        byte[] compressed = gzip(valid);
        for (int length = 0; length < compressed.length; length++) {
            Path file = write("truncated.nii.gz", Arrays.copyOf(compressed, length));
            Throwable thrown = catchThrowable(() -> new NiftiReader().read(file));
            assertThat(thrown).as("truncated to " + length + " bytes").isInstanceOf(NiftiException.class);
        }
    }

    @Test
    void wrongMagicIsRejected() throws IOException {
        byte[] bytes = valid.clone();
        bytes[344] = 'x';
        assertThatThrownBy(() -> new NiftiReader().read(write("magic.nii", bytes)))
                .isInstanceOf(NiftiException.class).hasMessageContaining("magic").hasMessageContaining("n+1");
    }

    @Test
    void separateHeaderMagicIsRejected() throws IOException {
        byte[] bytes = valid.clone();
        bytes[345] = 'i';
        assertThatThrownBy(() -> new NiftiReader().read(write("pair.nii", bytes)))
                .isInstanceOf(NiftiException.class).hasMessageContaining("ni1");
    }

    @Test
    void wrongHeaderSizeIsRejected() throws IOException {
        byte[] bytes = withInt(valid, 0, 349);
        assertThatThrownBy(() -> new NiftiReader().read(write("size.nii", bytes)))
                .isInstanceOf(NiftiException.class).hasMessageContaining("sizeof_hdr").hasMessageContaining("349");
    }

    @ParameterizedTest(name = "dim[0] = {0}")
    @ValueSource(shorts = {0, 8, -1, Short.MAX_VALUE})
    void dimensionCountOutOfRangeIsRejected(short count) throws IOException {
        byte[] bytes = withShort(valid, 40, count);
        assertThatThrownBy(() -> new NiftiReader().read(write("dim0.nii", bytes)))
                .isInstanceOf(NiftiException.class).hasMessageContaining("dim[0]").hasMessageContaining(Short.toString(count));
    }

    @ParameterizedTest(name = "dim[2] = {0}")
    @ValueSource(shorts = {0, -5, Short.MIN_VALUE})
    void nonPositiveSizeIsRejected(short size) throws IOException {
        byte[] bytes = withShort(valid, 44, size);
        assertThatThrownBy(() -> new NiftiReader().read(write("dim2.nii", bytes)))
                .isInstanceOf(NiftiException.class).hasMessageContaining("dim[2]");
    }

    @Test
    void hugeSizesAreRejectedBeforeAllocation() throws IOException {
        // 32767^3 voxels exceed what one array can hold.
        byte[] cube = withShort(withShort(withShort(valid, 42, Short.MAX_VALUE), 44, Short.MAX_VALUE), 46,
                Short.MAX_VALUE);
        assertThatThrownBy(() -> new NiftiReader().read(write("cube.nii", cube)))
                .isInstanceOf(NiftiException.class).hasMessageContaining("voxels per volume");

        // 1000^3 int16 voxels fit an array but not this 400-byte file.
        byte[] large = withShort(withShort(withShort(valid, 42, (short) 1000), 44, (short) 1000), 46, (short) 1000);
        assertThatThrownBy(() -> new NiftiReader().read(write("large.nii", large)))
                .isInstanceOf(NiftiException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> new NiftiReader().read(write("large.nii.gz", gzip(large))))
                .isInstanceOf(NiftiException.class).hasMessageContaining("compressed bytes can hold");

        // 32767 time points of a 4x3x2 volume exceed a 1 MiB limit.
        byte[] series = withShort(withShort(valid, 40, (short) 4), 48, Short.MAX_VALUE);
        assertThatThrownBy(() -> new NiftiReader(1 << 20).read(write("series.nii", series)))
                .isInstanceOf(NiftiException.class).hasMessageContaining("bytes of voxel data");
    }

    @Test
    void hugeNifti2SizesAreRejected() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(544 + 8).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0, 540);
        header.put(4, new byte[] {'n', '+', '2', 0, '\r', '\n', 0x1a, '\n'});
        header.putShort(12, (short) 4);
        header.putShort(14, (short) 16);
        long[] dim = {3, 1L << 40, 1L << 40, 1, 1, 1, 1, 1};
        for (int n = 0; n < 8; n++) {
            header.putLong(16 + 8 * n, dim[n]);
        }
        header.putDouble(104 + 8, 1).putDouble(104 + 16, 1).putDouble(104 + 24, 1);
        header.putLong(168, 544);
        assertThatThrownBy(() -> new NiftiReader().read(write("huge2.nii", header.array())))
                .isInstanceOf(NiftiException.class).hasMessageContaining("dim[1]");
    }

    @Test
    void unsupportedDataTypesAreRejected() throws IOException {
        byte[] rgb = withShort(withShort(valid, 70, (short) 128), 72, (short) 24);
        assertThatThrownBy(() -> new NiftiReader().read(write("rgb.nii", rgb)))
                .isInstanceOf(NiftiException.class).hasMessageContaining("RGB24");
        byte[] unknown = withShort(valid, 70, (short) 3);
        assertThatThrownBy(() -> new NiftiReader().read(write("unknown.nii", unknown)))
                .isInstanceOf(NiftiException.class).hasMessageContaining("datatype");
        byte[] bitpix = withShort(valid, 72, (short) 8);
        assertThatThrownBy(() -> new NiftiReader().read(write("bitpix.nii", bitpix)))
                .isInstanceOf(NiftiException.class).hasMessageContaining("bitpix");
    }

    @Test
    void int64BeyondInt32IsRejected() throws IOException {
        // Six int64 voxels in a 3x2x1 grid; the last one is 2^40.
        byte[] header = withShort(withShort(withShort(withShort(withShort(Arrays.copyOf(valid, 352), 42, (short) 3),
                44, (short) 2), 46, (short) 1), 70, (short) 1024), 72, (short) 64);
        ByteBuffer data = ByteBuffer.allocate(6 * 8).order(ByteOrder.LITTLE_ENDIAN);
        data.putLong(40, 1L << 40);
        byte[] bytes = Arrays.copyOf(header, 352 + 48);
        System.arraycopy(data.array(), 0, bytes, 352, 48);
        assertThatThrownBy(() -> new NiftiReader().read(write("int64.nii", bytes)))
                .isInstanceOf(NiftiException.class).hasMessageContaining("voxel 5")
                .hasMessageContaining("signed 32-bit");
    }

    @Test
    void voxOffsetBeyondFileIsRejected() throws IOException {
        byte[] bytes = withFloat(valid, 108, 1e9f);
        assertThatThrownBy(() -> new NiftiReader().read(write("offset.nii", bytes)))
                .isInstanceOf(NiftiException.class).hasMessageContaining("truncated");
        byte[] negative = withFloat(valid, 108, -4);
        assertThatThrownBy(() -> new NiftiReader().read(write("negative.nii", negative)))
                .isInstanceOf(NiftiException.class).hasMessageContaining("vox_offset");
    }

    @Test
    void shearedOrDegenerateAffineIsRejected() throws IOException {
        byte[] zero = withFloat(withFloat(withFloat(valid, 280, 0), 296, 0), 312, 0);
        assertThatThrownBy(() -> new NiftiReader().read(write("zero.nii", zero)))
                .isInstanceOf(NiftiException.class).hasMessageContaining("sform");
        byte[] sheared = withFloat(valid, 284, 0.5f);
        assertThatThrownBy(() -> new NiftiReader().read(write("shear.nii", sheared)))
                .isInstanceOf(NiftiException.class).hasMessageContaining("orthogonal");
    }

    @Test
    void fourDimensionalFileNeedsATimePoint() throws IOException {
        byte[] bytes = withShort(withShort(valid, 40, (short) 4), 48, (short) 1);
        assertThat(new NiftiReader().readVolume(write("one.nii", bytes)).geometry().voxelCount()).isEqualTo(24);
        byte[] two = Arrays.copyOf(withShort(withShort(valid, 40, (short) 4), 48, (short) 2), 352 + 2 * 48);
        System.arraycopy(valid, 352, two, 352 + 48, 48);
        Path file = write("two.nii", two);
        assertThatThrownBy(() -> new NiftiReader().readVolume(file)).isInstanceOf(NiftiException.class)
                .hasMessageContaining("2 volumes");
        assertThat(new NiftiReader().readVolume(file, 1).getDouble(23)).isEqualTo(1300);
        assertThat(new NiftiReader().read(file).volumes()).hasSize(2);
        assertThatThrownBy(() -> new NiftiReader().readVolume(file, 2)).isInstanceOf(NiftiException.class)
                .hasMessageContaining("time point");
    }

    static LongStream seeds() {
        return Seeds.seeds(200);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomHeaderBytesReadOrRaise(long seed) throws IOException {
        Random random = Seeds.random(seed);
        byte[] bytes = valid.clone();
        for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
            bytes[random.nextInt(352)] = (byte) random.nextInt(256);
        }
        Path plain = write("flipped.nii", bytes);
        Path compressed = write("flipped.nii.gz", gzip(bytes));
        for (Path file : new Path[] {plain, compressed}) {
            Throwable thrown = catchThrowable(() -> new NiftiReader().read(file));
            if (thrown != null) {
                assertThat(thrown).as(file.getFileName().toString()).isInstanceOf(NiftiException.class);
            }
            assertThat(NiftiReader.isNifti(file) || thrown != null).isTrue();
        }
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = folder.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] withShort(byte[] bytes, int offset, short value) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putShort(offset, value);
        return copy;
    }

    private static byte[] withInt(byte[] bytes, int offset, int value) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return copy;
    }

    private static byte[] withFloat(byte[] bytes, int offset, float value) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putFloat(offset, value);
        return copy;
    }
}
