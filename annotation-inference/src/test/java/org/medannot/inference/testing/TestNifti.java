package org.medannot.inference.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.volume.FloatVolume;

/**
 * Minimal reader of the little-endian, gzip-compressed NIfTI-1 files of the test data set
 * (sform affine, uint8, int16, int32, float32 or float64 voxels), so that these tests do not
 * depend on the SDK's NIfTI reader. Follows the NIfTI-1 header layout (nifti1.h): dim at byte
 * 40, datatype at 70, vox_offset at 108, scl_slope and scl_inter at 112 and 116, sform_code at
 * 254, srow_x/y/z at 280, 296 and 312.
 */
public final class TestNifti {

    private final Geometry geometry;
    private final double[] values;

    private TestNifti(Geometry geometry, double[] values) {
        this.geometry = geometry;
        this.values = values;
    }

    /** Reads a .nii.gz file whose header has an sform affine. */
    public static TestNifti read(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            bytes = in.readAllBytes();
        }
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (header.getInt(0) != 348) {
            throw new IOException(file + ": not a little-endian NIfTI-1 file (sizeof_hdr " + header.getInt(0) + ")");
        }
        int columns = header.getShort(42);
        int rows = header.getShort(44);
        int slices = header.getShort(46);
        int datatype = header.getShort(70);
        int offset = (int) header.getFloat(108);
        float slope = header.getFloat(112);
        float intercept = header.getFloat(116);
        if (header.getShort(254) <= 0) {
            throw new IOException(file + ": sform_code is 0; this reader needs an sform affine");
        }
        double[] affine = new double[16];
        for (int n = 0; n < 12; n++) {
            affine[n] = header.getFloat(280 + 4 * n);
        }
        affine[15] = 1;
        Geometry geometry = Geometry.fromNiftiAffine(columns, rows, slices, affine);
        int count = columns * rows * slices;
        double[] values = new double[count];
        boolean scaled = slope != 0 && !(slope == 1 && intercept == 0);
        for (int n = 0; n < count; n++) {
            double value = switch (datatype) {
                case 2 -> Byte.toUnsignedInt(header.get(offset + n));
                case 4 -> header.getShort(offset + 2 * n);
                case 8 -> header.getInt(offset + 4 * n);
                case 16 -> header.getFloat(offset + 4 * n);
                case 64 -> header.getDouble(offset + 8 * n);
                default -> throw new IOException(file + ": datatype " + datatype + " is not supported here");
            };
            values[n] = scaled ? value * slope + intercept : value;
        }
        return new TestNifti(geometry, values);
    }

    /** Returns the grid, converted from the sform (RAS) to LPS. */
    public Geometry geometry() {
        return geometry;
    }

    /** Returns the voxels as a float volume, scaled by scl_slope and scl_inter. */
    public FloatVolume volume() {
        float[] data = new float[values.length];
        for (int n = 0; n < values.length; n++) {
            data[n] = (float) values[n];
        }
        return new FloatVolume(geometry, data);
    }

    /** Returns the voxels as a label map. */
    public LabelMap labels() {
        LabelMap labels = LabelMap.of(geometry);
        for (int n = 0; n < values.length; n++) {
            labels.set(n, (int) values[n]);
        }
        return labels;
    }
}
