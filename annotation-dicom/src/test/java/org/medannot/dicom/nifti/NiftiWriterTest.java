package org.medannot.dicom.nifti;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.volume.ShortVolume;
import org.medannot.core.volume.UByteVolume;
import org.medannot.core.volume.Volume;

/**
 * Checks the writer against nibabel 5.0.0: {@code nibabel-writer-reference.tsv} holds nibabel's
 * reading of the files {@link NiftiWriterFixtures} writes (made by
 * {@code tools/reference/nifti_writer_nibabel.py}). The files written here must have the same
 * uncompressed content, so nibabel's affine, shape and data apply to them.
 */
class NiftiWriterTest {

    @TempDir
    Path folder;

    @Test
    void writtenFilesMatchNibabelReading() throws IOException {
        Map<String, Object> inputs = NiftiWriterFixtures.writeAll(folder);
        List<Map<String, String>> rows = NiftiReaderReferenceTest.table(
                NiftiWriterTest.class.getResourceAsStream("nibabel-writer-reference.tsv"));
        assertThat(rows).extracting(row -> row.get("name")).containsExactlyInAnyOrderElementsOf(inputs.keySet());

        NiftiReader reader = new NiftiReader();
        SoftAssertions softly = new SoftAssertions();
        for (Map<String, String> row : rows) {
            String name = row.get("name");
            Path file = folder.resolve(name);
            softly.assertThat(contentSha256(file)).as(name + " content").isEqualTo(row.get("content_sha"));

            NiftiImage image = reader.read(file);
            softly.assertThat(NiftiReaderReferenceTest.sha256(image.volumes(), false)).as(name + " data")
                    .isEqualTo(row.get("sha256_f64"));
            double[] nibabelAffine = numbers(row.get("affine"));
            double[] nibabelQform = numbers(row.get("qform"));
            double[] ourAffine = image.geometry().toNiftiAffine();
            double[] inputAffine = geometryOf(inputs.get(name)).toNiftiAffine();
            for (int n = 0; n < 16; n++) {
                softly.assertThat(ourAffine[n]).as(name + " affine[" + n + "]").isCloseTo(nibabelAffine[n], within(1e-4));
                softly.assertThat(inputAffine[n]).as(name + " input affine[" + n + "]").isCloseTo(nibabelAffine[n],
                        within(1e-4));
                softly.assertThat(nibabelQform[n]).as(name + " qform[" + n + "]").isCloseTo(nibabelAffine[n],
                        within(1e-4));
            }
            int[] size = geometryOf(inputs.get(name)).size();
            softly.assertThat(row.get("shape")).as(name + " shape").isEqualTo(size[0] + "," + size[1] + "," + size[2]);
        }
        softly.assertAll();
    }

    @Test
    void volumesRoundTripExactly() throws IOException {
        Map<String, Object> inputs = NiftiWriterFixtures.writeAll(folder);
        NiftiReader reader = new NiftiReader();
        for (Map.Entry<String, Object> entry : inputs.entrySet()) {
            Path file = folder.resolve(entry.getKey());
            if (entry.getValue() instanceof Volume input) {
                Volume output = reader.readVolume(file);
                assertThat(output.geometry().equalsWithin(input.geometry(), 1e-4)).as(entry.getKey() + " geometry")
                        .isTrue();
                for (int n = 0; n < input.geometry().voxelCount(); n++) {
                    assertThat(output.getDouble(n)).as(entry.getKey() + " voxel " + n).isEqualTo(input.getDouble(n));
                }
            } else {
                LabelMap input = (LabelMap) entry.getValue();
                LabelMap output = reader.readLabelMap(file);
                assertThat(output.array()).as(entry.getKey() + " labels").isEqualTo(input.array());
                assertThat(reader.readHeader(file).intentCode()).as(entry.getKey() + " intent_code")
                        .isEqualTo(NiftiWriter.INTENT_LABEL);
            }
        }
    }

    @Test
    void storedTypeFollowsTheData() throws IOException {
        NiftiWriterFixtures.writeAll(folder);
        NiftiReader reader = new NiftiReader();
        assertThat(reader.readHeader(folder.resolve("ct-int16.nii.gz")).dataType()).isEqualTo(NiftiDataType.INT16);
        NiftiHeader shifted = reader.readHeader(folder.resolve("int-shifted.nii"));
        assertThat(shifted.dataType()).isEqualTo(NiftiDataType.INT16);
        assertThat(shifted.sclSlope()).isEqualTo(1);
        assertThat(shifted.sclInter()).isEqualTo(-3000 - Short.MIN_VALUE);
        assertThat(reader.readHeader(folder.resolve("int32.nii.gz")).dataType()).isEqualTo(NiftiDataType.INT32);
        assertThat(reader.readHeader(folder.resolve("float32-sagittal.nii")).dataType()).isEqualTo(NiftiDataType.FLOAT32);
        assertThat(reader.readHeader(folder.resolve("labels-uint8.nii.gz")).dataType()).isEqualTo(NiftiDataType.UINT8);
        assertThat(reader.readHeader(folder.resolve("labels-int16.nii")).dataType()).isEqualTo(NiftiDataType.INT16);
        assertThat(reader.readHeader(folder.resolve("labels-int16.nii")).qformCode()).isEqualTo(2);
    }

    @Test
    void writeReplacesTargetAndLeavesNoTemporaryFile() throws IOException {
        Path target = folder.resolve("volume.nii");
        Files.writeString(target, "old content");
        ShortVolume volume = ShortVolume.signed(Geometry.of2D(3, 2), new short[] {1, 2, 3, 4, 5, -6});

        new NiftiWriter().write(volume, target);

        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("volume.nii");
        }
        assertThat(new NiftiReader().readVolume(target).getDouble(5)).isEqualTo(-6);
    }

    @Test
    void sizeBeyondNifti1LimitIsRejected() {
        Geometry wide = Geometry.of2D(40000, 1);
        Path target = folder.resolve("wide.nii");
        assertThatThrownBy(() -> new NiftiWriter().write(UByteVolume.zeros(wide), target))
                .isInstanceOf(NiftiException.class).hasMessageContaining("dim[1]").hasMessageContaining("40000");
        assertThat(target).doesNotExist();
    }

    private static Geometry geometryOf(Object input) {
        return input instanceof Volume volume ? volume.geometry() : ((LabelMap) input).geometry();
    }

    private static String contentSha256(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(in.readAllBytes());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double[] numbers(String commaSeparated) {
        String[] parts = commaSeparated.split(",");
        double[] values = new double[parts.length];
        for (int n = 0; n < parts.length; n++) {
            values[n] = Double.parseDouble(parts[n]);
        }
        return values;
    }
}
