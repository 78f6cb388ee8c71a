package org.medannot.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.testing.SharedData;
import org.medannot.dicom.pixel.PixelData;

/**
 * Reader cases built byte by byte after PS3.5 (so that the expected values are the bytes the
 * test writes), and reader behaviour on real files of the test data set.
 */
class DicomReaderTest {

    @TempDir
    Path temp;

    /** Little-endian element writer for test files. */
    private static final class Writer {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer preambleAndMeta(String transferSyntax) {
            out.writeBytes(new byte[128]);
            out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
            byte[] uid = pad(transferSyntax.getBytes(StandardCharsets.US_ASCII), (byte) 0);
            explicit(0x00020010, "UI", uid);
            return this;
        }

        Writer tag(int tag) {
            u16(tag >>> 16);
            u16(tag & 0xFFFF);
            return this;
        }

        Writer explicit(int tag, String vr, byte[] value) {
            tag(tag);
            out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
            if (VR.valueOf(vr).longLength()) {
                u16(0);
                u32(value.length);
            } else {
                u16(value.length);
            }
            out.writeBytes(value);
            return this;
        }

        Writer implicit(int tag, byte[] value) {
            tag(tag);
            u32(value.length);
            out.writeBytes(value);
            return this;
        }

        Writer u16(int value) {
            out.write(value & 0xFF);
            out.write((value >>> 8) & 0xFF);
            return this;
        }

        Writer u32(long value) {
            u16((int) (value & 0xFFFF));
            u16((int) ((value >>> 16) & 0xFFFF));
            return this;
        }

        Writer raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] pad(byte[] value, byte padding) {
        if (value.length % 2 == 0) {
            return value;
        }
        byte[] padded = java.util.Arrays.copyOf(value, value.length + 1);
        padded[value.length] = padding;
        return padded;
    }

    private Path write(byte[] bytes) throws IOException {
        Path path = temp.resolve("test.dcm");
        Files.write(path, bytes);
        return path;
    }

    @Test
    void unWithUndefinedLengthIsImplicitSequence() throws IOException {
        // (0008,1115) Referenced Series Sequence written as UN, undefined length, items in Implicit VR LE.
        Writer writer = new Writer().preambleAndMeta("1.2.840.10008.1.2.1");
        writer.tag(0x00081115).raw(ascii("UN")).u16(0).u32(0xFFFFFFFFL);
        writer.tag(Tag.ITEM).u32(0xFFFFFFFFL);
        writer.implicit(Tag.SERIES_INSTANCE_UID, pad(ascii("1.2.3"), (byte) 0));
        writer.tag(Tag.ITEM_DELIMITATION_ITEM).u32(0);
        writer.tag(Tag.SEQUENCE_DELIMITATION_ITEM).u32(0);
        writer.explicit(Tag.MODALITY, "CS", ascii("CT"));

        Attributes dataSet = DicomFile.open(write(writer.bytes())).dataSet();

        assertThat(dataSet.get(0x00081115).vr()).isEqualTo(VR.SQ);
        assertThat(dataSet.getItem(0x00081115).getString(Tag.SERIES_INSTANCE_UID)).isEqualTo("1.2.3");
        assertThat(dataSet.getString(Tag.MODALITY)).isEqualTo("CT");
    }

    @Test
    void oddLengthValueReadAsGiven() throws IOException {
        Writer writer = new Writer().preambleAndMeta("1.2.840.10008.1.2.1");
        writer.explicit(Tag.MODALITY, "CS", ascii("MR "));
        writer.explicit(Tag.PATIENT_NAME, "PN", ascii("Doe^John"));
        Attributes dataSet = DicomFile.open(write(writer.bytes())).dataSet();
        assertThat(dataSet.getString(Tag.MODALITY)).isEqualTo("MR");
        assertThat(dataSet.getString(Tag.PATIENT_NAME)).isEqualTo("Doe^John");
    }

    @Test
    void newVrsReadWithLongHeader() throws IOException {
        Writer writer = new Writer().preambleAndMeta("1.2.840.10008.1.2.1");
        byte[] sv = new byte[8];
        sv[0] = (byte) 0xFE;
        java.util.Arrays.fill(sv, 1, 8, (byte) 0xFF);
        writer.explicit(0x00181000, "LO", ascii("SN01"));
        writer.explicit(0x0040A16A, "UV", new byte[] {5, 0, 0, 0, 0, 0, 0, 0});
        writer.explicit(0x0072007F, "SV", sv);
        writer.explicit(0x00080120, "UR", ascii("http://example.org/a\\b "));
        Attributes dataSet = DicomFile.open(write(writer.bytes())).dataSet();
        assertThat(dataSet.getLongs(0x0040A16A)).containsExactly(5L);
        assertThat(dataSet.getLongs(0x0072007F)).containsExactly(-2L);
        assertThat(dataSet.getString(0x00080120)).isEqualTo("http://example.org/a\\b");
    }

    @Test
    void implicitDataSetInExplicitTransferSyntax() throws IOException {
        Writer writer = new Writer().preambleAndMeta("1.2.840.10008.1.2.1");
        writer.implicit(Tag.MODALITY, ascii("CT"));
        writer.implicit(Tag.ROWS, new byte[] {0, 2});
        Attributes dataSet = DicomFile.open(write(writer.bytes())).dataSet();
        assertThat(dataSet.getString(Tag.MODALITY)).isEqualTo("CT");
        assertThat(dataSet.getInt(Tag.ROWS, -1)).isEqualTo(512);
    }

    @Test
    void rawDataSetWithoutMeta() throws IOException {
        Writer writer = new Writer();
        writer.implicit(Tag.MODALITY, ascii("CT"));
        writer.implicit(Tag.INSTANCE_NUMBER, ascii("7 "));
        DicomFile file = DicomFile.open(write(writer.bytes()));
        assertThat(file.transferSyntaxUid()).isEqualTo("1.2.840.10008.1.2");
        assertThat(file.dataSet().getInt(Tag.INSTANCE_NUMBER, -1)).isEqualTo(7);
    }

    @Test
    void valueLongerThanFileRejected() throws IOException {
        Writer writer = new Writer().preambleAndMeta("1.2.840.10008.1.2.1");
        writer.tag(Tag.PATIENT_NAME).raw(ascii("PN")).u16(200).raw(ascii("Doe"));
        Path path = write(writer.bytes());
        assertThatThrownBy(() -> DicomFile.open(path))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining(path.toString())
                .hasMessageContaining("offset")
                .hasMessageContaining("200 bytes");
    }

    @Test
    void missingFileRejected() {
        assertThatThrownBy(() -> DicomFile.open(temp.resolve("absent.dcm")))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("not found");
    }

    @Test
    void headerOnlyStopsAtPixelData() {
        Path path = SharedData.require("dicom/transfer-syntaxes/mr_small_family/MR_small.dcm");
        DicomFile file = DicomFile.open(path, ReadOptions.HEADER_ONLY);
        assertThat(file.stoppedAtPixelData()).isTrue();
        assertThat(file.dataSet().contains(Tag.PIXEL_DATA)).isFalse();
        assertThat(file.dataSet().getInt(Tag.ROWS, -1)).isEqualTo(64);
        assertThatThrownBy(() -> PixelData.of(file)).isInstanceOf(DicomException.class).hasMessageContaining("stopAtPixelData");
    }

    @Test
    void pixelDataLeftInFileUntilDecoded() {
        DicomFile file = DicomFile.open(SharedData.require("dicom/transfer-syntaxes/mr_small_family/MR_small.dcm"));
        DicomElement pixelData = file.dataSet().get(Tag.PIXEL_DATA);
        assertThat(pixelData.isBulkData()).isTrue();
        assertThat(pixelData.bytes()).isNull();
        assertThat(pixelData.bulkData().length()).isEqualTo(64 * 64 * 2);
    }

    @Test
    void truncatedPixelDataFailsOnDecode() {
        DicomFile file = DicomFile.open(SharedData.require("dicom/edge-cases/MR_truncated.dcm"));
        assertThat(file.dataSet().get(Tag.PIXEL_DATA).bulkData().truncated()).isTrue();
        assertThatThrownBy(() -> PixelData.of(file).decodeFrame(0))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("MR_truncated.dcm");
    }

    @Test
    void truncatedPixelDataFailsHeaderOnlyRead() {
        Path path = SharedData.require("dicom/edge-cases/MR_truncated.dcm");

        assertThatThrownBy(() -> DicomFile.open(path, ReadOptions.HEADER_ONLY))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("MR_truncated.dcm")
                .hasMessageContaining("bytes for (7FE0,0010) PixelData")
                .hasMessageContaining("bytes before the end of the file");
    }

    @Test
    void cutFragmentFailsHeaderOnlyRead() throws IOException {
        Path series = SharedData.require("dicom/series/ct-abdomen-siemens-20sl/dicom");
        Path slice;
        try (var listing = Files.list(series)) {
            slice = listing.sorted().findFirst().orElseThrow();
        }
        // JPEG 2000 slices of about 150 KB, so the cut lies inside the compressed fragment.
        Path cut = Files.write(temp.resolve("cut.dcm"), java.util.Arrays.copyOf(Files.readAllBytes(slice), 20000));

        assertThat(DicomFile.open(slice, ReadOptions.HEADER_ONLY).stoppedAtPixelData()).isTrue();
        assertThatThrownBy(() -> DicomFile.open(cut, ReadOptions.HEADER_ONLY))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("cut.dcm")
                .hasMessageContaining("expected a fragment that fits in the file");
    }

    @Test
    void explicitUnReadWithDictionaryVr() {
        // Every element of this file is UN in Explicit VR Little Endian.
        Attributes dataSet = DicomFile.open(SharedData.require("dicom/edge-cases/explicit_VR-UN.dcm")).dataSet();
        assertThat(dataSet.get(Tag.ROWS).vr()).isEqualTo(VR.US);
        assertThat(dataSet.getInt(Tag.ROWS, -1)).isEqualTo(512);
        assertThat(dataSet.getDoubles(Tag.PIXEL_SPACING)).hasSize(2);
    }

    @Test
    void bigEndianValuesMatchLittleEndianFile() {
        Attributes little = DicomFile.open(SharedData.require("dicom/transfer-syntaxes/mr_small_family/MR_small.dcm")).dataSet();
        Attributes big = DicomFile.open(SharedData.require("dicom/transfer-syntaxes/mr_small_family/MR_small_bigendian.dcm")).dataSet();
        assertThat(big.getInts(Tag.ROWS)).isEqualTo(little.getInts(Tag.ROWS));
        assertThat(big.getDoubles(Tag.IMAGE_POSITION_PATIENT)).isEqualTo(little.getDoubles(Tag.IMAGE_POSITION_PATIENT));
        assertThat(big.getString(Tag.PATIENT_NAME)).isEqualTo(little.getString(Tag.PATIENT_NAME));
    }

    @Test
    void deflatedDataSetRead() {
        DicomFile file = DicomFile.open(SharedData.require("dicom/transfer-syntaxes/image_dfl.dcm"));
        assertThat(file.transferSyntax()).isEqualTo(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(file.dataSet().getInt(Tag.ROWS, -1)).isPositive();
    }

    @Test
    void dictionaryHandlesRepeatingGroupsAndMultipleVrs() {
        assertThat(ElementDictionary.keywordOf(0x60020010)).isEqualTo("OverlayRows");
        assertThat(ElementDictionary.keywordOf(0x60030010)).as("odd group is private").isNull();
        assertThat(ElementDictionary.entry(0x00280106).vrs()).containsExactly(VR.US, VR.SS);
        assertThat(ElementDictionary.tagOf("PixelSpacing")).isEqualTo(Tag.PIXEL_SPACING);
        assertThat(ElementDictionary.implicitVr(0x00090010)).isEqualTo(VR.LO);
        assertThat(ElementDictionary.implicitVr(0x00091001)).isEqualTo(VR.UN);
    }

    @Test
    void readUpToTagStopsAfterIt() {
        Path file = SharedData.require("dicom/rtstruct/dicompyler-breast/ct.0.dcm");

        DicomFile header = DicomFile.open(file, ReadOptions.upTo(Tag.SOP_INSTANCE_UID));
        DicomFile fromContent = DicomFile.read(file, readAll(file), ReadOptions.upTo(Tag.SOP_INSTANCE_UID));

        // Value from dcmdump +P 0008,0018.
        assertThat(header.sopInstanceUid()).isEqualTo("2.16.840.1.113662.2.12.0.3057.1241703565.44");
        assertThat(header.dataSet().elements()).allMatch(e -> Integer.compareUnsigned(e.tag(), Tag.SOP_INSTANCE_UID) <= 0);
        assertThat(header.fileMeta().getString(Tag.TRANSFER_SYNTAX_UID)).isNotEmpty();
        assertThat(fromContent.dataSet().size()).isEqualTo(header.dataSet().size());
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
