package org.medannot.dicom.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.medannot.core.testing.SharedData;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.DicomFile;

/**
 * The CSA Image Header of a real Siemens mosaic, against the values nibabel 5.0.0's
 * nibabel.nicom.csareader reads from the same file: NumberOfImagesInMosaic 35 and
 * SliceNormalVector (0, 0.10799944, 0.99415095).
 */
class SiemensCsaHeaderTest {

    private static final String MOSAIC = "dicom/series/mr-siemens-mosaic-orientation/ax_asc_35sl/dicom/"
            + "MR.1.3.12.2.1107.5.2.32.35131.2014031012493950715786673";

    @Test
    void mosaicHeaderMatchesNibabel() {
        Path file = SharedData.require(MOSAIC);
        SiemensCsaHeader header = SiemensCsaHeader.imageHeader(DicomFile.open(file).dataSet(), file.toString());

        assertThat(header).isNotNull();
        assertThat(header.numberOfImagesInMosaic(file.toString())).isEqualTo(35);
        assertThat(header.sliceNormalVector()).containsExactly(0.0, 0.10799944, 0.99415095);
    }

    @Test
    void mosaicUnpacksIntoTiles() {
        Path file = SharedData.require(MOSAIC);
        var slices = MosaicSlices.of(DicomFile.open(file));

        assertThat(slices).hasSize(35);
        assertThat(slices.get(0).rows()).isEqualTo(64);
        assertThat(slices.get(0).columns()).isEqualTo(64);
        assertThat(slices.get(34).frame()).isEqualTo(34);
        assertThat(slices.get(0).mosaic().tilesPerRow()).isEqualTo(6);
    }

    @Test
    void truncatedHeaderIsRejected() {
        Path file = SharedData.require(MOSAIC);
        byte[] bytes = headerBytes(file);
        for (int length : new int[] {0, 3, 15, 16, 100, bytes.length / 3, bytes.length / 2}) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> SiemensCsaHeader.parse(truncated, "test.dcm")).as("length %d", length)
                    .isInstanceOf(DicomException.class).hasMessageContaining("test.dcm");
        }
    }

    @Test
    void hugeCountsAreRejected() {
        Path file = SharedData.require(MOSAIC);
        byte[] bytes = headerBytes(file);
        bytes[8] = (byte) 0xFF;
        bytes[9] = (byte) 0xFF;
        bytes[10] = (byte) 0xFF;
        bytes[11] = (byte) 0x7F;

        assertThatThrownBy(() -> SiemensCsaHeader.parse(bytes, "test.dcm")).isInstanceOf(DicomException.class)
                .hasMessageContaining("elements");
    }

    private static byte[] headerBytes(Path file) {
        var dataSet = DicomFile.open(file).dataSet();
        for (int block = 0x10; block <= 0xFF; block++) {
            if (SiemensCsaHeader.PRIVATE_CREATOR.equals(dataSet.getString(0x00290000 | block, "").strip())) {
                return dataSet.getBytes(0x00290000 | block << 8 | 0x10);
            }
        }
        throw new AssertionError("no CSA header in " + file);
    }
}
