package org.medannot.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.dicom.BulkData;
import org.medannot.dicom.DicomElement;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.ReadOptions;
import org.medannot.dicom.Tag;
import org.medannot.dicom.VR;
import org.medannot.dicom.io.DicomWriter;
import org.medannot.dicom.io.MutableAttributes;

/**
 * Float Pixel Data (OF) and Double Float Pixel Data (OD) of Parametric Maps against the arrays
 * pydicom 2.3.1 reads from the same files (see {@link FloatMapFixtures}), and the errors for
 * copies whose header contradicts the float element.
 */
class FloatPixelDataTest {

    private static final String FLOAT_LE = "pmap-of-explicit-le.dcm";
    private static final String DOUBLE_LE = "pmap-od-explicit-le.dcm";

    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicTest> framesMatchPydicom() {
        return FloatMapFixtures.all().stream().map(fixture -> DynamicTest.dynamicTest(fixture.name(), () -> {
            DicomFile file = DicomFile.open(fixture.path());
            PixelData pixels = PixelData.of(file);

            assertThat(file.transferSyntaxUid()).as("transfer syntax").isEqualTo(fixture.transferSyntaxUid());
            assertThat(pixels.module().pixelDataElement()).as("element").isEqualTo(fixture.element());
            assertThat(pixels.module().floatingPoint()).as("floating point").isTrue();
            assertThat(pixels.frameCount()).as("frames").isEqualTo(fixture.frames());
            assertThat(pixels.module().bitsAllocated()).as("Bits Allocated")
                    .isEqualTo(fixture.element() == PixelDataElement.FLOAT_PIXEL_DATA ? 32 : 64);
            for (int f = 0; f < fixture.frames(); f++) {
                Frame frame = pixels.decodeFrame(f);
                assertThat(frame.floatingPoint()).as("frame %d floating point", f).isTrue();
                assertThat(frame.floatValues()).as("frame %d samples", f).hasSize(fixture.rows() * fixture.columns());
                int mismatches = 0;
                String first = null;
                for (int row = 0; row < fixture.rows(); row++) {
                    for (int column = 0; column < fixture.columns(); column++) {
                        float narrowed = (float) frame.floatValues()[row * fixture.columns() + column];
                        float expected = fixture.referenceAt(f, row, column);
                        if (Float.floatToIntBits(narrowed) != Float.floatToIntBits(expected)) {
                            mismatches++;
                            first = first != null ? first : "row " + row + " column " + column + ": " + narrowed + " != " + expected;
                        }
                    }
                }
                assertThat(mismatches).as("frame %d values that differ from pydicom's, first: %s", f, first).isZero();
            }
        }));
    }

    @Test
    void doubleFloatKeepsFloat64Values() {
        double[] little = PixelData.of(DicomFile.open(FloatMapFixtures.get(DOUBLE_LE).path())).decodeFrame(2).floatValues();
        double[] big = PixelData.of(DicomFile.open(FloatMapFixtures.get("pmap-od-explicit-be.dcm").path())).decodeFrame(2).floatValues();
        double[] deflated = PixelData.of(DicomFile.open(FloatMapFixtures.get("pmap-od-deflated.dcm").path())).decodeFrame(2).floatValues();

        long notFloat32 = Arrays.stream(little).filter(value -> (double) (float) value != value).count();
        assertThat(notFloat32).as("values that float32 cannot represent").isGreaterThan(little.length / 2);
        assertThat(big).as("big endian").isEqualTo(little);
        assertThat(deflated).as("deflated").isEqualTo(little);
    }

    @Test
    void floatFrameHasNoIntValues() {
        Frame frame = PixelData.of(DicomFile.open(FloatMapFixtures.get(FLOAT_LE).path())).decodeFrame(0);

        assertThatThrownBy(frame::values).isInstanceOf(IllegalStateException.class).hasMessageContaining("floatValues()");
        assertThatThrownBy(() -> frame.get(0, 0, 0)).isInstanceOf(IllegalStateException.class);
        assertThat(frame.getDouble(5, 7, 0)).isEqualTo(frame.floatValues()[7 * 64 + 5]);
    }

    @Test
    void frameRejectsWrongSampleKind() {
        ImagePixelModule floatModule = new ImagePixelModule(1, 2, 1, 32, 32, 31, 0, 0, "MONOCHROME2", 1,
                PixelDataElement.FLOAT_PIXEL_DATA);

        assertThatThrownBy(() -> new Frame(floatModule, new int[2])).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Frame(floatModule, new double[] {1.5, -2}).getDouble(1, 0, 0)).isEqualTo(-2);
    }

    @Test
    void headerOnlyReadStopsAtFloatElement() {
        for (String name : List.of(FLOAT_LE, DOUBLE_LE, "pmap-of-explicit-be.dcm", "pmap-of-implicit-le.dcm")) {
            DicomFile file = DicomFile.open(FloatMapFixtures.get(name).path(), ReadOptions.HEADER_ONLY);

            assertThat(file.stoppedAtPixelData()).as(name + " stopped").isTrue();
            assertThat(file.dataSet().contains(Tag.FLOAT_PIXEL_DATA)).as(name + " Float Pixel Data").isFalse();
            assertThat(file.dataSet().contains(Tag.DOUBLE_FLOAT_PIXEL_DATA)).as(name + " Double Float Pixel Data").isFalse();
            assertThatThrownBy(() -> PixelData.of(file)).isInstanceOf(DicomException.class).hasMessageContaining("stopAtPixelData");
        }
    }

    @Test
    void floatValueReadOnlyWhenDecoded() throws IOException {
        Path copy = temp.resolve("lazy.dcm");
        Files.copy(FloatMapFixtures.get(FLOAT_LE).path(), copy);
        DicomFile file = DicomFile.open(copy);
        DicomElement element = file.dataSet().get(Tag.FLOAT_PIXEL_DATA);
        BulkData bulk = element.bulkData();
        PixelData pixels = PixelData.of(file);

        assertThat(element.isBulkData()).as("bulk data").isTrue();
        assertThat(element.vr()).isEqualTo(VR.OF);
        assertThat(bulk.declaredLength()).isEqualTo(64 * 64 * 6 * 4);
        // The file changes after opening: the decoded value shows that the value is read at decode time.
        byte[] bytes = Files.readAllBytes(copy);
        ByteBuffer.wrap(bytes, (int) bulk.offset(), 4).order(ByteOrder.LITTLE_ENDIAN).putFloat(-1234.5f);
        Files.write(copy, bytes);
        assertThat(pixels.decodeFrame(0).floatValues()[0]).isEqualTo(-1234.5);
    }

    @Test
    void pixelDataBesideFloatPixelDataRejected() throws IOException {
        DicomFile source = DicomFile.open(FloatMapFixtures.get(FLOAT_LE).path());
        MutableAttributes dataSet = MutableAttributes.copyOf(source.dataSet());
        dataSet.setBytes(Tag.PIXEL_DATA, VR.OW, new byte[64 * 64 * 6 * 2]);
        Path both = temp.resolve("both.dcm");
        DicomWriter.write(both, dataSet, DicomWriter.transferSyntaxFor(source), MutableAttributes.copyOf(source.fileMeta()));

        assertThatThrownBy(() -> PixelData.of(DicomFile.open(both)))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining(both.toString())
                .hasMessageContaining("expected one pixel data element, found Pixel Data (7FE0,0010) and Float Pixel Data (7FE0,0008)");
    }

    @Test
    void bitsAllocatedNot32Rejected() throws IOException {
        Path mutated = mutate(FLOAT_LE, usElement(0x0028, 0x0100, 32), usElement(0x0028, 0x0100, 16));

        assertThatThrownBy(() -> PixelData.of(DicomFile.open(mutated)))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining(mutated.toString())
                .hasMessageContaining("Bits Allocated (0028,0100) of 32 for Float Pixel Data (7FE0,0008), found 16");
    }

    @Test
    void bitsAllocatedNot64Rejected() throws IOException {
        Path mutated = mutate(DOUBLE_LE, usElement(0x0028, 0x0100, 64), usElement(0x0028, 0x0100, 32));

        assertThatThrownBy(() -> PixelData.of(DicomFile.open(mutated)))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining(mutated.toString())
                .hasMessageContaining("Bits Allocated (0028,0100) of 64 for Double Float Pixel Data (7FE0,0009), found 32");
    }

    @Test
    void samplesPerPixel3Rejected() throws IOException {
        Path mutated = mutate(FLOAT_LE, usElement(0x0028, 0x0002, 1), usElement(0x0028, 0x0002, 3));

        assertThatThrownBy(() -> PixelData.of(DicomFile.open(mutated)))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining(mutated.toString())
                .hasMessageContaining("Samples per Pixel (0028,0002) of 1 for Float Pixel Data (7FE0,0008), found 3");
    }

    @Test
    void lengthNotMatchingRowsRejected() throws IOException {
        Path mutated = mutate(DOUBLE_LE, usElement(0x0028, 0x0010, 64), usElement(0x0028, 0x0010, 63));

        assertThatThrownBy(() -> PixelData.of(DicomFile.open(mutated)))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining(mutated.toString())
                .hasMessageContaining("expected Double Float Pixel Data (7FE0,0009) of 193536 bytes")
                .hasMessageContaining("63 rows x 64 columns x 6 frames x 8 bytes")
                .hasMessageContaining("found a value length of 196608");
    }

    @Test
    void lengthNotMatchingFramesRejected() throws IOException {
        byte[] six = isElement(0x0028, 0x0008, "6 ");
        Path mutated = mutate(FLOAT_LE, six, isElement(0x0028, 0x0008, "7 "));

        assertThatThrownBy(() -> PixelData.of(DicomFile.open(mutated)))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("expected Float Pixel Data (7FE0,0008) of 114688 bytes")
                .hasMessageContaining("found a value length of 98304");
    }

    @Test
    void truncatedValueRejected() throws IOException {
        byte[] original = Files.readAllBytes(FloatMapFixtures.get(FLOAT_LE).path());
        Path truncated = temp.resolve("truncated.dcm");
        Files.write(truncated, Arrays.copyOf(original, original.length - 1000));
        PixelData pixels = PixelData.of(DicomFile.open(truncated));

        assertThatThrownBy(() -> pixels.decodeFrame(0))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining(truncated.toString())
                .hasMessageContaining("98304 bytes")
                .hasMessageContaining("97304 bytes before the end of the file");
    }

    @Test
    void wrongVrRejected() throws IOException {
        byte[] header = {(byte) 0xE0, 0x7F, 0x08, 0x00, 'O', 'F'};
        byte[] replacement = {(byte) 0xE0, 0x7F, 0x08, 0x00, 'O', 'B'};
        Path mutated = mutate(FLOAT_LE, header, replacement);

        assertThatThrownBy(() -> PixelData.of(DicomFile.open(mutated)))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining(mutated.toString())
                .hasMessageContaining("expected VR OF for Float Pixel Data (7FE0,0008), found OB");
    }

    /** Returns an Explicit VR Little Endian US element of one value. */
    private static byte[] usElement(int group, int element, int value) {
        return ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) group).putShort((short) element).put((byte) 'U').put((byte) 'S')
                .putShort((short) 2).putShort((short) value).array();
    }

    /** Returns an Explicit VR Little Endian IS element whose value is {@code text} (even length). */
    private static byte[] isElement(int group, int element, String text) {
        byte[] value = text.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(8 + value.length).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) group).putShort((short) element).put((byte) 'I').put((byte) 'S')
                .putShort((short) value.length).put(value).array();
    }

    /** Writes a copy of a fixture in which the one occurrence of {@code pattern} is replaced. */
    private Path mutate(String name, byte[] pattern, byte[] replacement) throws IOException {
        byte[] bytes = Files.readAllBytes(FloatMapFixtures.get(name).path());
        int at = -1;
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                assertThat(at).as("second occurrence of the pattern at %d", i).isEqualTo(-1);
                at = i;
            }
        }
        assertThat(at).as("pattern found in " + name).isNotNegative();
        System.arraycopy(replacement, 0, bytes, at, replacement.length);
        Path copy = temp.resolve("mutated-" + name);
        Files.write(copy, bytes);
        return copy;
    }
}
