package org.medannot.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.testing.Seeds;
import org.medannot.core.testing.SharedData;
import org.medannot.dicom.pixel.FloatMapFixtures;
import org.medannot.dicom.pixel.PixelData;
import org.medannot.dicom.pixel.PixelDataElement;

/**
 * Mutated real files: every input must either read (attributes and all frames) or raise
 * {@link DicomException}; no other exception type may escape. The timeout only guards against
 * hangs and is far above the normal run time.
 */
class RobustnessTest {

    private static final List<String> FILES = List.of(
            "dicom/transfer-syntaxes/mr_small_family/MR_small.dcm",
            "dicom/transfer-syntaxes/mr_small_family/MR_small_implicit.dcm",
            "dicom/transfer-syntaxes/mr_small_family/MR_small_bigendian.dcm",
            "dicom/transfer-syntaxes/mr_small_family/MR_small_RLE.dcm",
            "dicom/transfer-syntaxes/mr_small_family/MR_small_jp2klossless.dcm",
            "dicom/transfer-syntaxes/JPEGBaseline_1s_1f_u_08_08.dcm",
            "dicom/transfer-syntaxes/image_dfl.dcm",
            "dicom/multiframe/SC_rgb_rle_2frame.dcm",
            "dicom/charsets/chrSQEncoding.dcm",
            "dicom/charsets/chrH31.dcm",
            "dicom/rtstruct/pydicom/rtstruct.dcm",
            "dicom/transfer-syntaxes/JPEG2000.dcm",
            "dicom/seg/highdicom-ct/seg_image_ct_binary.dcm",
            "dicom/multiframe/rtdose.dcm",
            "dicom/charsets/chrI2.dcm");

    /** Parametric Maps with Float and Double Float Pixel Data, in the test resources. */
    private static final List<String> FLOAT_MAPS = List.of(
            "pmap-of-explicit-le.dcm",
            "pmap-od-explicit-be.dcm",
            "pmap-of-implicit-le.dcm",
            "pmap-od-deflated.dcm");

    private static final Duration HANG_GUARD = Duration.ofMinutes(5);
    private static final Duration DECODER_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicTest> truncatedAtEvery97thByte() {
        return Stream.concat(FILES.stream(), FLOAT_MAPS.stream()).map(name -> DynamicTest.dynamicTest(name, () -> {
            byte[] original = Files.readAllBytes(input(name));
            assertTimeoutPreemptively(HANG_GUARD, () -> {
                for (int length = 0; length < original.length; length += 97) {
                    readOrReject(java.util.Arrays.copyOf(original, length));
                }
            });
        }));
    }

    @TestFactory
    Stream<DynamicTest> randomByteFlips() {
        return Seeds.seeds(3).boxed().flatMap(seed -> Stream.concat(FILES.stream(), FLOAT_MAPS.stream())
                .map(name -> DynamicTest.dynamicTest(name + " seed " + seed, () -> {
            byte[] original = Files.readAllBytes(input(name));
            Random random = Seeds.random(seed);
            assertTimeoutPreemptively(HANG_GUARD, () -> {
                for (int round = 0; round < 25; round++) {
                    byte[] mutated = original.clone();
                    int flips = 1 + random.nextInt(8);
                    for (int i = 0; i < flips; i++) {
                        int at = random.nextInt(mutated.length);
                        mutated[at] ^= (byte) (1 << random.nextInt(8));
                    }
                    readOrReject(mutated);
                }
            });
        })));
    }

    @TestFactory
    Stream<DynamicTest> hugeLengthFields() {
        return Stream.concat(FILES.stream(), FLOAT_MAPS.stream()).map(name -> DynamicTest.dynamicTest(name, () -> {
            byte[] original = Files.readAllBytes(input(name));
            int[] huge = {0xFFFFFFF0, 0x7FFFFFFF, 0xFFFFFFFE, 0x40000000};
            assertTimeoutPreemptively(HANG_GUARD, () -> {
                // Overwrite 4 bytes at positions in the header region, where length fields are.
                int end = Math.min(original.length - 4, 4096);
                for (int at = 128; at < end; at += 11) {
                    byte[] mutated = original.clone();
                    int value = huge[(at / 11) % huge.length];
                    mutated[at] = (byte) value;
                    mutated[at + 1] = (byte) (value >>> 8);
                    mutated[at + 2] = (byte) (value >>> 16);
                    mutated[at + 3] = (byte) (value >>> 24);
                    readOrReject(mutated);
                }
            });
        }));
    }

    @Test
    void sequencesNested1000Deep() throws IOException {
        byte[] file = nestedSequences(1000);
        Path path = temp.resolve("nested.dcm");
        Files.write(path, file);
        assertTimeoutPreemptively(HANG_GUARD, () -> assertThatThrownBy(() -> DicomFile.open(path))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("nested"));
    }

    @Test
    void sequencesNestedWithinLimitRead() throws IOException {
        Path path = temp.resolve("nested-ok.dcm");
        Files.write(path, nestedSequences(20));
        Attributes current = DicomFile.open(path).dataSet();
        int depth = 0;
        while (current.contains(0x00081115)) {
            current = current.getItem(0x00081115);
            depth++;
        }
        assertThat(depth).isEqualTo(20);
    }

    /** Explicit VR Little Endian file whose data set is Referenced Series Sequence items nested {@code depth} deep. */
    private static byte[] nestedSequences(int depth) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        byte[] syntax = "1.2.840.10008.1.2.1\0".getBytes(StandardCharsets.US_ASCII);
        writeShortHeader(out, 0x0002, 0x0010, "UI", syntax.length);
        out.writeBytes(syntax);
        for (int i = 0; i < depth; i++) {
            // (0008,1115) SQ, undefined length, then an Item of undefined length.
            writeTag(out, 0x0008, 0x1115);
            out.writeBytes("SQ".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(new byte[] {0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            writeTag(out, 0xFFFE, 0xE000);
            out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        }
        for (int i = 0; i < depth; i++) {
            writeTag(out, 0xFFFE, 0xE00D);
            out.writeBytes(new byte[4]);
            writeTag(out, 0xFFFE, 0xE0DD);
            out.writeBytes(new byte[4]);
        }
        return out.toByteArray();
    }

    private static void writeTag(ByteArrayOutputStream out, int group, int element) {
        out.write(group & 0xFF);
        out.write(group >>> 8);
        out.write(element & 0xFF);
        out.write(element >>> 8);
    }

    private static void writeShortHeader(ByteArrayOutputStream out, int group, int element, String vr, int length) {
        writeTag(out, group, element);
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        out.write(length & 0xFF);
        out.write(length >>> 8);
    }

    private void readOrReject(byte[] bytes) throws IOException {
        Path path = temp.resolve("mutated.dcm");
        Files.write(path, bytes);
        try {
            DicomFile file = DicomFile.open(path);
            touchValues(file.dataSet());
            if (PixelDataElement.of(file.dataSet()) != null) {
                PixelData pixels = PixelData.of(file, DECODER_TIMEOUT);
                for (int frame = 0; frame < pixels.frameCount(); frame++) {
                    pixels.decodeFrame(frame);
                }
            }
        } catch (DicomException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    /** Returns a file of the test data set, or a float map fixture of the test resources. */
    private static Path input(String name) {
        return FLOAT_MAPS.contains(name) ? FloatMapFixtures.get(name).path() : SharedData.require(name);
    }

    /** Decodes every value through the typed getters, as a caller listing the attributes would. */
    private static void touchValues(Attributes attributes) {
        for (DicomElement element : attributes.elements()) {
            if (element.isSequence()) {
                for (Attributes item : element.items()) {
                    touchValues(item);
                }
            } else if (!element.isBulkData() && !element.isEncapsulated()) {
                attributes.getStrings(element.tag());
            }
        }
    }
}
