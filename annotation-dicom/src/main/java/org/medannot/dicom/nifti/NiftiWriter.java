package org.medannot.dicom.nifti;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.volume.Volume;
import org.medannot.core.volume.VoxelType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes volumes and label maps as single-file NIfTI-1 ({@code .nii}, or gzip-compressed when
 * the name ends in {@code .gz}), little endian, with a 348-byte header, an empty extension flag
 * and the voxel data at byte 352.
 *
 * <p>Stored type, chosen so that the stored values give back the volume's values exactly:
 * <ul>
 *   <li>uint8 volumes as uint8;</li>
 *   <li>volumes whose values are all integers within a span of 65536 as int16: with
 *       scl_slope 1 and scl_inter 0 when they fit int16, otherwise with scl_slope 1 and an integral
 *       scl_inter that shifts them into int16;</li>
 *   <li>other int32 volumes as int32, everything else as float32 (the core stores no wider
 *       floats, so this loses nothing);</li>
 *   <li>label maps as uint8 when every label is at most 255, int16 up to 32767, uint16 above,
 *       with {@code intent_code} 1002 (NIFTI_INTENT_LABEL).</li>
 * </ul>
 * NOTE: a non-unit scl_slope is never searched for, so quantized float data (such as multiples
 * of 0.5) are written as float32.
 *
 * <p>Geometry: the LPS geometry is converted to RAS by {@link Geometry#toNiftiAffine()} and
 * stored twice, as the sform ({@code srow_x/y/z}) and as the qform (quaternion, qfac in
 * {@code pixdim[0]}, offsets), both with the same code: 1 (scanner coordinates, the default) or
 * 2 (aligned to another scan). The header stores float32, so the affine read back differs from
 * the geometry by float32 rounding (about 1e-5 mm for coordinates near 100 mm).
 *
 * <p>Files are written to a temporary file in the target folder and then moved into place. The
 * stream methods write the same bytes to a caller's stream, for example an encrypting one.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class NiftiWriter {

    /** The {@code qform_code}/{@code sform_code} written. */
    public enum CoordinateCode {
        /** NIFTI_XFORM_SCANNER_ANAT (1): scanner-based anatomical coordinates, as from DICOM. */
        SCANNER(1),
        /** NIFTI_XFORM_ALIGNED_ANAT (2): coordinates aligned to another scan. */
        ALIGNED(2);

        private final int code;

        CoordinateCode(int code) {
            this.code = code;
        }

        /** Returns the value written to {@code qform_code} and {@code sform_code}. */
        public int code() {
            return code;
        }
    }

    /** {@code intent_code} of a label map (NIFTI_INTENT_LABEL). */
    public static final int INTENT_LABEL = 1002;

    private static final int VOX_OFFSET = 352;
    private static final int XYZT_UNITS_MM = 2;
    private static final int CHUNK_VOXELS = 1 << 14;

    private static final Logger LOG = LoggerFactory.getLogger(NiftiWriter.class);

    private final CoordinateCode coordinateCode;

    /** Creates a writer that marks the affines as scanner coordinates (code 1). */
    public NiftiWriter() {
        this(CoordinateCode.SCANNER);
    }

    /** Creates a writer that marks both affines with {@code coordinateCode}. */
    public NiftiWriter(CoordinateCode coordinateCode) {
        this.coordinateCode = Objects.requireNonNull(coordinateCode, "coordinateCode");
    }

    /** Writes a volume, choosing the stored type as described on the class. */
    public void write(Volume volume, Path file) throws IOException {
        Objects.requireNonNull(volume, "volume");
        Encoding encoding = Encoding.forVolume(volume);
        int count = volume.geometry().voxelCount();
        writeFile(file, volume.geometry(), encoding, 0, n -> volume.getDouble(n), count);
    }

    /** Writes a label map as uint8, int16 or uint16, as described on the class. */
    public void write(LabelMap labels, Path file) throws IOException {
        Objects.requireNonNull(labels, "labels");
        writeFile(file, labels.geometry(), Encoding.forLabels(labels), INTENT_LABEL, labels::get,
                labels.geometry().voxelCount());
    }

    /**
     * Writes a volume to {@code out} as {@link #write(Volume, Path)} writes it to a file,
     * gzip-compressed when {@code gzip}, and leaves {@code out} open.
     */
    public void write(Volume volume, OutputStream out, boolean gzip) throws IOException {
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(out, "out");
        checkSize(volume.geometry(), "the output stream");
        writeStream(out, gzip, volume.geometry(), Encoding.forVolume(volume), 0, volume::getDouble,
                volume.geometry().voxelCount());
    }

    /**
     * Writes a label map to {@code out} as {@link #write(LabelMap, Path)} writes it to a file,
     * gzip-compressed when {@code gzip}, and leaves {@code out} open.
     */
    public void write(LabelMap labels, OutputStream out, boolean gzip) throws IOException {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(out, "out");
        checkSize(labels.geometry(), "the output stream");
        writeStream(out, gzip, labels.geometry(), Encoding.forLabels(labels), INTENT_LABEL, labels::get,
                labels.geometry().voxelCount());
    }

    /** Source of voxel values by linear index. */
    private interface Values {
        double get(int index);
    }

    /** The stored type and scaling: value = stored * slope + inter. */
    private record Encoding(NiftiDataType type, double slope, double inter) {

        static Encoding forLabels(LabelMap labels) {
            int max = 0;
            for (short value : labels.array()) {
                max = Math.max(max, value & 0xFFFF);
            }
            NiftiDataType type = max <= 255 ? NiftiDataType.UINT8 : max <= Short.MAX_VALUE ? NiftiDataType.INT16
                    : NiftiDataType.UINT16;
            return new Encoding(type, 1, 0);
        }

        static Encoding forVolume(Volume volume) {
            if (volume.voxelType() == VoxelType.UINT8) {
                return new Encoding(NiftiDataType.UINT8, 1, 0);
            }
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            boolean integral = true;
            int count = volume.geometry().voxelCount();
            for (int n = 0; n < count && integral; n++) {
                double value = volume.getDouble(n);
                integral = value == Math.rint(value) && Double.isFinite(value);
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
            if (integral && min >= Short.MIN_VALUE && max <= Short.MAX_VALUE) {
                return new Encoding(NiftiDataType.INT16, 1, 0);
            }
            // The shift must be exact in float32, which represents every integer up to 2^24.
            double inter = min - Short.MIN_VALUE;
            if (integral && max - min <= 65535 && Math.abs(inter) <= (1 << 24)) {
                return new Encoding(NiftiDataType.INT16, 1, inter);
            }
            if (volume.voxelType() == VoxelType.INT32) {
                return new Encoding(NiftiDataType.INT32, 1, 0);
            }
            return new Encoding(NiftiDataType.FLOAT32, 1, 0);
        }
    }

    private void writeFile(Path file, Geometry geometry, Encoding encoding, int intentCode, Values values, int count)
            throws IOException {
        checkSize(geometry, file.toString());
        Path target = file.toAbsolutePath();
        Path folder = target.getParent();
        // A fresh name beside the target, created with CREATE_NEW so the usual umask applies.
        Path temp = folder.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            boolean gzip = target.getFileName().toString().endsWith(".gz");
            try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), 1 << 16)) {
                writeStream(raw, gzip, geometry, encoding, intentCode, values, count);
            }
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        LOG.info("wrote {} ({} voxels, {})", target, count, encoding.type());
    }

    private static void checkSize(Geometry geometry, String target) throws NiftiException {
        int[] size = geometry.size();
        for (int axis = 0; axis < 3; axis++) {
            if (size[axis] > Short.MAX_VALUE) {
                throw new NiftiException(target + ": dim[" + (axis + 1) + "]: expected at most " + Short.MAX_VALUE
                        + " voxels per axis in NIfTI-1, found " + size[axis]);
            }
        }
    }

    /** Writes header and data to {@code out}, through gzip when asked, and leaves {@code out} open. */
    private void writeStream(OutputStream out, boolean gzip, Geometry geometry, Encoding encoding, int intentCode,
            Values values, int count) throws IOException {
        if (!gzip) {
            out.write(header(geometry, encoding, intentCode));
            writeData(out, encoding, values, count);
            return;
        }
        GZIPOutputStream compressed = new GZIPOutputStream(new UnclosedStream(out), 1 << 16);
        compressed.write(header(geometry, encoding, intentCode));
        writeData(compressed, encoding, values, count);
        // close() writes the gzip trailer and ends the deflater, and UnclosedStream keeps out open.
        compressed.close();
    }

    /** Passes everything but close() to another stream. */
    private static final class UnclosedStream extends java.io.FilterOutputStream {

        UnclosedStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    private static void writeData(OutputStream out, Encoding encoding, Values values, int count) throws IOException {
        NiftiDataType type = encoding.type();
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_VOXELS * type.bytesPerVoxel()).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < count; start += CHUNK_VOXELS) {
            int end = Math.min(count, start + CHUNK_VOXELS);
            buffer.clear();
            for (int n = start; n < end; n++) {
                double stored = (values.get(n) - encoding.inter()) / encoding.slope();
                switch (type) {
                    case UINT8 -> buffer.put((byte) (int) stored);
                    case INT16, UINT16 -> buffer.putShort((short) (int) stored);
                    case INT32 -> buffer.putInt((int) stored);
                    case FLOAT32 -> buffer.putFloat((float) stored);
                    default -> throw new IllegalStateException("no encoder for " + type);
                }
            }
            out.write(buffer.array(), 0, buffer.position());
        }
    }

    /** Builds the 348-byte header and the 4-byte extension flag. */
    private byte[] header(Geometry geometry, Encoding encoding, int intentCode) {
        ByteBuffer buffer = ByteBuffer.allocate(VOX_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(0, NiftiHeader.NIFTI1_HEADER_SIZE);
        buffer.put(38, (byte) 'r'); // "regular", kept for ANALYZE 7.5 readers
        // checkSize has checked that each size fits a short.
        short[] dim = {3, (short) 0, (short) 0, (short) 0, 1, 1, 1, 1};
        int[] size = geometry.size();
        for (int axis = 0; axis < 3; axis++) {
            dim[axis + 1] = (short) size[axis];
        }
        for (int n = 0; n < 8; n++) {
            buffer.putShort(40 + 2 * n, dim[n]);
        }
        buffer.putShort(68, (short) intentCode);
        buffer.putShort(70, (short) encoding.type().code());
        buffer.putShort(72, (short) (8 * encoding.type().bytesPerVoxel()));

        double[] affine = geometry.toNiftiAffine();
        Quaternion quaternion = Quaternion.fromAffine(affine, geometry.spacing());
        float[] pixdim = {(float) quaternion.qfac(), (float) geometry.spacing(0), (float) geometry.spacing(1),
            (float) geometry.spacing(2), 1, 1, 1, 1};
        for (int n = 0; n < 8; n++) {
            buffer.putFloat(76 + 4 * n, pixdim[n]);
        }
        buffer.putFloat(108, VOX_OFFSET);
        buffer.putFloat(112, (float) encoding.slope());
        buffer.putFloat(116, (float) encoding.inter());
        buffer.put(123, (byte) XYZT_UNITS_MM);
        byte[] descrip = "medannot".getBytes(StandardCharsets.US_ASCII);
        buffer.put(148, descrip);

        buffer.putShort(252, (short) coordinateCode.code());
        buffer.putShort(254, (short) coordinateCode.code());
        buffer.putFloat(256, (float) quaternion.b());
        buffer.putFloat(260, (float) quaternion.c());
        buffer.putFloat(264, (float) quaternion.d());
        buffer.putFloat(268, (float) affine[3]);
        buffer.putFloat(272, (float) affine[7]);
        buffer.putFloat(276, (float) affine[11]);
        for (int n = 0; n < 12; n++) {
            buffer.putFloat(280 + 4 * n, (float) affine[n]);
        }
        buffer.put(344, "n+1".getBytes(StandardCharsets.US_ASCII));
        return buffer.array();
    }
}
