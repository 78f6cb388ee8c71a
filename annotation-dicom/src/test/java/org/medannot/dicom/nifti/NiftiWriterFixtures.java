package org.medannot.dicom.nifti;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.volume.FloatVolume;
import org.medannot.core.volume.IntVolume;
import org.medannot.core.volume.ShortVolume;
import org.medannot.core.volume.UByteVolume;

/**
 * Deterministic volumes and label maps written by {@link NiftiWriter}, shared by the writer tests
 * and by the step that records nibabel's reading of them.
 *
 * <p>To regenerate the nibabel reference ({@code nibabel-writer-reference.tsv}), from the
 * repository root after {@code ./mvnw -B -q -pl annotation-dicom -am verify}:
 * <pre>
 *   java -cp annotation-dicom/target/test-classes:annotation-dicom/target/classes:annotation-core/target/classes:$HOME/.m2/repository/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar \
 *       org.medannot.dicom.nifti.NiftiWriterFixtures /tmp/nifti-writer-fixtures
 *   /usr/bin/python3 tools/reference/nifti_writer_nibabel.py /tmp/nifti-writer-fixtures \
 *       annotation-dicom/src/test/resources/org/medannot/dicom/nifti/nibabel-writer-reference.tsv
 * </pre>
 */
public final class NiftiWriterFixtures {

    private NiftiWriterFixtures() {
    }

    /** Writes every fixture into {@code folder}, which must exist. */
    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[0]);
        Files.createDirectories(folder);
        writeAll(folder);
    }

    /** Writes every fixture into {@code folder}; returns the file name of each with its writer input. */
    static Map<String, Object> writeAll(Path folder) throws IOException {
        Map<String, Object> written = new LinkedHashMap<>();
        NiftiWriter scanner = new NiftiWriter();
        NiftiWriter aligned = new NiftiWriter(NiftiWriter.CoordinateCode.ALIGNED);

        ShortVolume ct = ShortVolume.signed(obliqueGeometry(), shorts(obliqueGeometry().voxelCount(), -1024, 3000));
        scanner.write(ct, folder.resolve("ct-int16.nii.gz"));
        written.put("ct-int16.nii.gz", ct);

        // Range -3000..40000 does not fit int16, but its span does, so it needs scl_inter.
        Geometry flipped = flippedGeometry();
        int[] wide = new int[flipped.voxelCount()];
        for (int n = 0; n < wide.length; n++) {
            wide[n] = -3000 + (int) ((n * 7919L) % 43001);
        }
        IntVolume offset = new IntVolume(flipped, wide);
        scanner.write(offset, folder.resolve("int-shifted.nii"));
        written.put("int-shifted.nii", offset);

        int[] huge = new int[flipped.voxelCount()];
        for (int n = 0; n < huge.length; n++) {
            huge[n] = (int) ((n * 2654435761L) % 2_000_000_000L) - 1_000_000_000;
        }
        IntVolume int32 = new IntVolume(flipped, huge);
        scanner.write(int32, folder.resolve("int32.nii.gz"));
        written.put("int32.nii.gz", int32);

        Geometry sagittal = sagittalGeometry();
        float[] floats = new float[sagittal.voxelCount()];
        for (int n = 0; n < floats.length; n++) {
            floats[n] = (float) (Math.sin(n * 0.37) * 123.456);
        }
        FloatVolume mr = new FloatVolume(sagittal, floats);
        aligned.write(mr, folder.resolve("float32-sagittal.nii"));
        written.put("float32-sagittal.nii", mr);

        byte[] bytes = new byte[sagittal.voxelCount()];
        for (int n = 0; n < bytes.length; n++) {
            bytes[n] = (byte) ((n * 31) % 256);
        }
        UByteVolume uint8 = new UByteVolume(sagittal, bytes);
        scanner.write(uint8, folder.resolve("uint8.nii.gz"));
        written.put("uint8.nii.gz", uint8);

        LabelMap small = LabelMap.of(obliqueGeometry());
        for (int n = 0; n < small.array().length; n++) {
            small.set(n, (n / 7) % 5 == 0 ? 0 : (n / 7) % 5 + 10);
        }
        scanner.write(small, folder.resolve("labels-uint8.nii.gz"));
        written.put("labels-uint8.nii.gz", small);

        LabelMap large = LabelMap.of(flipped);
        for (int n = 0; n < large.array().length; n++) {
            large.set(n, n % 3 == 0 ? 0 : 1000 + n % 4);
        }
        aligned.write(large, folder.resolve("labels-int16.nii"));
        written.put("labels-int16.nii", large);
        return written;
    }

    /** 7x6x5 grid rotated 30 degrees about the patient's z axis, with unequal spacing. */
    static Geometry obliqueGeometry() {
        double cos = Math.cos(Math.toRadians(30));
        double sin = Math.sin(Math.toRadians(30));
        return Geometry.of(7, 6, 5, new double[] {0.8, 0.9, 2.5}, new double[] {-100.5, 20.25, 33},
                new double[] {cos, sin, 0, -sin, cos, 0, 0, 0, 1});
    }

    /** 5x4x6 grid whose slice axis runs from head to feet (a left-handed index system). */
    static Geometry flippedGeometry() {
        return Geometry.of(5, 4, 6, new double[] {1.5, 1.25, 3}, new double[] {10, -20, 80.5},
                new double[] {1, 0, 0, 0, 1, 0, 0, 0, -1});
    }

    /** 4x6x3 sagittal grid: columns run posterior, rows run to the feet, slices to the left. */
    static Geometry sagittalGeometry() {
        return Geometry.of(4, 6, 3, new double[] {1.0156, 1.0156, 4.8}, new double[] {-55.2, -110, 130},
                new double[] {0, 1, 0, 0, 0, -1, 1, 0, 0});
    }

    private static short[] shorts(int count, int start, int span) {
        short[] values = new short[count];
        for (int n = 0; n < count; n++) {
            values[n] = (short) (start + (n * 37) % span);
        }
        return values;
    }
}
