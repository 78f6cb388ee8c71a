package org.medannot.dicom.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.spi.Scan;
import org.medannot.core.spi.ScanReader;
import org.medannot.core.volume.VoxelType;

class ImageScanReaderTest {

    @TempDir
    Path folder;

    @Test
    void serviceLoaderFindsReader() {
        assertThat(ServiceLoader.load(ScanReader.class).stream().map(provider -> provider.type().getName()))
                .contains(ImageScanReader.class.getName());
    }

    @Test
    void colourImageBecomesLumaWithChannelsInSource() throws IOException, URISyntaxException {
        List<Scan> scans = new ImageScanReader().read(ImageReferenceTest.fixture("fixtures/rgb16.png"));
        assertThat(scans).hasSize(1);
        Scan scan = scans.get(0);
        assertThat(scan.id()).isEqualTo("rgb16");
        assertThat(scan.volume().voxelType()).isEqualTo(VoxelType.UINT16);
        assertThat(scan.properties()).containsEntry("PhotometricInterpretation", "RGB").containsEntry("BitsStored", "16")
                .containsEntry("Format", "png");
        assertThat(scan.warnings()).singleElement().asString().contains("BT.601");
        assertThat(((DecodedImage) scan.source()).channels()).hasSize(3);
    }

    @Test
    void greyImageHasNoWarning() throws IOException, URISyntaxException {
        Scan scan = new ImageScanReader().read(ImageReferenceTest.fixture("fixtures/grey8.jpg")).get(0);
        assertThat(scan.properties()).containsEntry("PhotometricInterpretation", "MONOCHROME2")
                .containsEntry("Format", "jpeg");
        assertThat(scan.warnings()).isEmpty();
    }

    @Test
    void recognizesContentNotName() throws IOException, URISyntaxException {
        Path png = Files.copy(ImageReferenceTest.fixture("fixtures/grey8.png"), folder.resolve("image.bin"));
        Path fake = Files.writeString(folder.resolve("fake.png"), "not an image");
        ImageScanReader reader = new ImageScanReader();
        assertThat(reader.canRead(png)).isTrue();
        assertThat(reader.canRead(fake)).isFalse();
        assertThatThrownBy(() -> reader.read(fake)).isInstanceOf(ImageException.class).hasMessageContaining("signature");
        List<Path> skipped = new ArrayList<>();
        assertThat(reader.read(folder, (file, reason) -> skipped.add(file))).extracting(Scan::id)
                .containsExactly("image");
        assertThat(skipped).containsExactly(fake);
    }

    @Test
    void truncatedImagesReadOrRaiseImageException() throws IOException, URISyntaxException {
        for (String name : List.of("fixtures/grey16.png", "fixtures/rgb8.jpg", "fixtures/rgba8.png")) {
            byte[] bytes = Files.readAllBytes(ImageReferenceTest.fixture(name));
            for (int length = 0; length < bytes.length; length += 7) {
                Path file = Files.write(folder.resolve("truncated"), Arrays.copyOf(bytes, length));
                Throwable thrown = catchThrowable(() -> new ImageFileReader().read(file));
                if (thrown != null) {
                    assertThat(thrown).as(name + " truncated to " + length).isInstanceOf(ImageException.class);
                }
            }
        }
    }

    @Test
    void oversizedImageIsRejectedBeforeDecoding() throws IOException, URISyntaxException {
        Path png = ImageReferenceTest.fixture("fixtures/grey8.png");
        assertThatThrownBy(() -> new ImageFileReader(100).read(png)).isInstanceOf(ImageException.class)
                .hasMessageContaining("17x13");

        // IHDR width forged to 2^30 pixels: rejected from the header, not by allocating.
        byte[] bytes = Files.readAllBytes(png);
        bytes[16] = 0x40;
        Path forged = Files.write(folder.resolve("forged.png"), bytes);
        assertThatThrownBy(() -> new ImageFileReader().read(forged)).isInstanceOf(ImageException.class);
    }
}
