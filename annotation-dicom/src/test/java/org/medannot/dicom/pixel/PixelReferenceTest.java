package org.medannot.dicom.pixel;

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
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.medannot.core.testing.SharedData;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.UnsupportedTransferSyntaxException;

/**
 * Decoded stored values of every DICOM file of the test data set that pydicom 2.3.1 decodes,
 * against pydicom's values in reference/pixels.tsv (made by tools/reference/dicom_pixel_reference.py).
 * Lossless syntaxes must match exactly (SHA-256 of the values); lossy ones within 2 grey levels
 * of pydicom's array. Files whose transfer syntax has no decoder here must raise
 * {@link UnsupportedTransferSyntaxException}.
 */
class PixelReferenceTest {

    private static final String REFERENCE = "/org/medannot/dicom/reference/";
    private static final Set<String> UNSUPPORTED = Set.of("1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.80",
            "1.2.840.10008.1.2.4.81", "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203");
    private static final int LOSSY_TOLERANCE = 2;

    record Reference(String path, String transferSyntax, int frames, int rows, int columns, int samples, boolean lossy,
            String sha256, long min, long max, long sum) {
    }

    @TestFactory
    Stream<DynamicTest> storedValuesMatchPydicom() throws IOException {
        Path root = SharedData.require("dicom");
        List<Reference> references = readReferences();
        assertThat(references).hasSizeGreaterThan(150);
        return references.stream().map(reference -> DynamicTest.dynamicTest(reference.path(),
                () -> check(root.getParent().resolve(reference.path()), reference)));
    }

    private static void check(Path file, Reference reference) throws Exception {
        DicomFile dicom = DicomFile.open(file);
        if (UNSUPPORTED.contains(reference.transferSyntax())) {
            assertThatThrownBy(() -> PixelData.of(dicom).decodeFrame(0))
                    .isInstanceOf(UnsupportedTransferSyntaxException.class)
                    .hasMessageContaining(reference.transferSyntax());
            return;
        }
        PixelData pixels = PixelData.of(dicom);
        ImagePixelModule module = pixels.module();
        assertThat(module.numberOfFrames()).as("frames").isEqualTo(reference.frames());
        assertThat(module.rows()).as("rows").isEqualTo(reference.rows());
        assertThat(module.columns()).as("columns").isEqualTo(reference.columns());
        assertThat(module.samplesPerPixel()).as("samples").isEqualTo(reference.samples());

        long[] values = decodeAll(pixels);
        if (reference.lossy()) {
            int[] expected = readLossy(reference.path());
            assertThat(values).as("value count").hasSize(expected.length);
            long worst = 0;
            for (int i = 0; i < values.length; i++) {
                worst = Math.max(worst, Math.abs(values[i] - expected[i]));
            }
            assertThat(worst).as("largest difference from pydicom").isLessThanOrEqualTo(LOSSY_TOLERANCE);
            return;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long sum = 0;
        for (long value : values) {
            min = Math.min(min, value);
            max = Math.max(max, value);
            sum += value;
        }
        assertThat(min).as("min").isEqualTo(reference.min());
        assertThat(max).as("max").isEqualTo(reference.max());
        assertThat(sum).as("sum").isEqualTo(reference.sum());
        assertThat(sha256(values)).as("SHA-256 of the stored values").isEqualTo(reference.sha256());
    }

    /** All frames as int64, unsigned 32-bit values widened without sign. */
    private static long[] decodeAll(PixelData pixels) {
        ImagePixelModule module = pixels.module();
        int perFrame = module.samplesPerFrame();
        long[] values = new long[perFrame * module.numberOfFrames()];
        boolean unsigned32 = module.bitsStored() == 32 && !module.signed();
        for (int f = 0; f < module.numberOfFrames(); f++) {
            int[] frame = pixels.decodeFrame(f).values();
            for (int i = 0; i < perFrame; i++) {
                values[f * perFrame + i] = unsigned32 ? Integer.toUnsignedLong(frame[i]) : frame[i];
            }
        }
        return values;
    }

    private static String sha256(long[] values) throws NoSuchAlgorithmException {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long value : values) {
            buffer.putLong(value);
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(buffer.array()));
    }

    private static int[] readLossy(String path) throws IOException {
        String name = REFERENCE + "lossy/" + path.replace("/", "__") + ".i32.gz";
        try (InputStream in = PixelReferenceTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            byte[] bytes = new GZIPInputStream(in).readAllBytes();
            ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int[] values = new int[bytes.length / 4];
            buffer.asIntBuffer().get(values);
            return values;
        }
    }

    static List<Reference> readReferences() throws IOException {
        List<Reference> references = new ArrayList<>();
        try (InputStream in = PixelReferenceTest.class.getResourceAsStream(REFERENCE + "pixels.tsv")) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#") || line.startsWith("path\t") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                references.add(new Reference(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                        Integer.parseInt(f[5]), f[6].equals("Y"), f[7], Long.parseLong(f[8]), Long.parseLong(f[9]), Long.parseLong(f[10])));
            }
        }
        return references;
    }
}
