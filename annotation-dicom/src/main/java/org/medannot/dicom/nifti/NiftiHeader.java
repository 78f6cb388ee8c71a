package org.medannot.dicom.nifti;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The fields of a NIfTI-1 (348-byte) or NIfTI-2 (540-byte) header that the reader uses, parsed
 * and validated. Field names follow {@code nifti1.h} and {@code nifti2.h}.
 *
 * <p>Coordinates are NIfTI's RAS+ millimetres: x increases towards the subject's right, y
 * towards anterior, z towards superior. The affines returned map a zero-based voxel index
 * (i, j, k, 1) to (x, y, z, 1) and are 4x4 row-major arrays of 16 values.
 *
 * <p>Instances are immutable.
 */
public final class NiftiHeader {

    /** Size of a NIfTI-1 header in bytes ({@code sizeof_hdr}). */
    public static final int NIFTI1_HEADER_SIZE = 348;
    /** Size of a NIfTI-2 header in bytes ({@code sizeof_hdr}). */
    public static final int NIFTI2_HEADER_SIZE = 540;

    private final Path file;
    private final int version;
    private final ByteOrder byteOrder;
    private final long[] dim;
    private final NiftiDataType dataType;
    private final double[] pixdim;
    private final long voxOffset;
    private final double sclSlope;
    private final double sclInter;
    private final int qformCode;
    private final int sformCode;
    private final double[] quatern;
    private final double[] qoffset;
    private final double[] srow;
    private final int intentCode;
    private final String descrip;

    private NiftiHeader(Path file, int version, ByteOrder byteOrder, long[] dim, NiftiDataType dataType,
            double[] pixdim, long voxOffset, double sclSlope, double sclInter, int qformCode, int sformCode,
            double[] quatern, double[] qoffset, double[] srow, int intentCode, String descrip) {
        this.file = file;
        this.version = version;
        this.byteOrder = byteOrder;
        this.dim = dim;
        this.dataType = dataType;
        this.pixdim = pixdim;
        this.voxOffset = voxOffset;
        this.sclSlope = sclSlope;
        this.sclInter = sclInter;
        this.qformCode = qformCode;
        this.sformCode = sformCode;
        this.quatern = quatern;
        this.qoffset = qoffset;
        this.srow = srow;
        this.intentCode = intentCode;
        this.descrip = descrip;
    }

    /**
     * Returns the header size, 348 or 540, announced by the first four bytes ({@code sizeof_hdr}
     * in either byte order).
     *
     * @throws NiftiException when the four bytes are neither 348 nor 540 in either byte order
     */
    public static int headerSize(Path file, byte[] firstFour) throws NiftiException {
        if (firstFour.length < 4) {
            throw NiftiException.invalid(file, "sizeof_hdr (byte 0)", "4 bytes", firstFour.length + " bytes (file too short)");
        }
        int little = ByteBuffer.wrap(firstFour).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        int big = ByteBuffer.wrap(firstFour).order(ByteOrder.BIG_ENDIAN).getInt(0);
        if (little == NIFTI1_HEADER_SIZE || big == NIFTI1_HEADER_SIZE) {
            return NIFTI1_HEADER_SIZE;
        }
        if (little == NIFTI2_HEADER_SIZE || big == NIFTI2_HEADER_SIZE) {
            return NIFTI2_HEADER_SIZE;
        }
        throw NiftiException.invalid(file, "sizeof_hdr (byte 0)", "348 (NIfTI-1) or 540 (NIfTI-2) in either byte order",
                little + " (little endian) / " + big + " (big endian)");
    }

    /**
     * Parses and validates a complete header.
     *
     * @param file  the file the bytes came from, for messages
     * @param bytes the first 348 (NIfTI-1) or 540 (NIfTI-2) bytes of the file
     * @throws NiftiException when a field is invalid: magic, dim, datatype, bitpix, vox_offset,
     *                        scl_inter with a valid scl_slope, or qfac
     */
    public static NiftiHeader parse(Path file, byte[] bytes) throws NiftiException {
        int size = headerSize(file, bytes);
        if (bytes.length < size) {
            throw NiftiException.invalid(file, "header", size + " bytes", bytes.length + " bytes (file truncated)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, size);
        ByteOrder order = buffer.order(ByteOrder.LITTLE_ENDIAN).getInt(0) == size ? ByteOrder.LITTLE_ENDIAN
                : ByteOrder.BIG_ENDIAN;
        buffer.order(order);
        return size == NIFTI1_HEADER_SIZE ? parseNifti1(file, buffer) : parseNifti2(file, buffer);
    }

    private static NiftiHeader parseNifti1(Path file, ByteBuffer buffer) throws NiftiException {
        String magic = ascii(buffer, 344, 4);
        if (magic.equals("ni1")) {
            throw NiftiException.invalid(file, "magic (byte 344)", "\"n+1\" (single-file NIfTI-1)",
                    "\"ni1\" (separate .hdr/.img pair, which this reader does not support)");
        }
        if (!magic.equals("n+1")) {
            throw NiftiException.invalid(file, "magic (byte 344)", "\"n+1\"", quoted(buffer, 344, 4));
        }
        long[] dim = new long[8];
        for (int n = 0; n < 8; n++) {
            dim[n] = buffer.getShort(40 + 2 * n);
        }
        double[] pixdim = new double[8];
        for (int n = 0; n < 8; n++) {
            pixdim[n] = buffer.getFloat(76 + 4 * n);
        }
        double[] srow = new double[12];
        for (int n = 0; n < 12; n++) {
            srow[n] = buffer.getFloat(280 + 4 * n);
        }
        double voxOffsetValue = buffer.getFloat(108);
        if (!(voxOffsetValue >= 0) || voxOffsetValue > Integer.MAX_VALUE) {
            throw NiftiException.invalid(file, "vox_offset (byte 108)", "a byte offset >= 0", String.valueOf(voxOffsetValue));
        }
        return build(file, 1, buffer.order(), dim, buffer.getShort(70), buffer.getShort(72), pixdim,
                (long) voxOffsetValue, buffer.getFloat(112), buffer.getFloat(116), buffer.getShort(252),
                buffer.getShort(254),
                new double[] {buffer.getFloat(256), buffer.getFloat(260), buffer.getFloat(264)},
                new double[] {buffer.getFloat(268), buffer.getFloat(272), buffer.getFloat(276)}, srow,
                buffer.getShort(68), ascii(buffer, 148, 80));
    }

    private static NiftiHeader parseNifti2(Path file, ByteBuffer buffer) throws NiftiException {
        String magic = ascii(buffer, 4, 8);
        if (magic.equals("ni2")) {
            throw NiftiException.invalid(file, "magic (byte 4)", "\"n+2\" (single-file NIfTI-2)",
                    "\"ni2\" (separate .hdr/.img pair, which this reader does not support)");
        }
        if (!magic.equals("n+2")) {
            throw NiftiException.invalid(file, "magic (byte 4)", "\"n+2\"", quoted(buffer, 4, 8));
        }
        long[] dim = new long[8];
        for (int n = 0; n < 8; n++) {
            dim[n] = buffer.getLong(16 + 8 * n);
        }
        double[] pixdim = new double[8];
        for (int n = 0; n < 8; n++) {
            pixdim[n] = buffer.getDouble(104 + 8 * n);
        }
        double[] srow = new double[12];
        for (int n = 0; n < 12; n++) {
            srow[n] = buffer.getDouble(400 + 8 * n);
        }
        long voxOffset = buffer.getLong(168);
        if (voxOffset < 0) {
            throw NiftiException.invalid(file, "vox_offset (byte 168)", "a byte offset >= 0", String.valueOf(voxOffset));
        }
        return build(file, 2, buffer.order(), dim, buffer.getShort(12), buffer.getShort(14), pixdim, voxOffset,
                buffer.getDouble(176), buffer.getDouble(184), buffer.getInt(344), buffer.getInt(348),
                new double[] {buffer.getDouble(352), buffer.getDouble(360), buffer.getDouble(368)},
                new double[] {buffer.getDouble(376), buffer.getDouble(384), buffer.getDouble(392)}, srow,
                buffer.getInt(504), ascii(buffer, 240, 80));
    }

    private static NiftiHeader build(Path file, int version, ByteOrder order, long[] dim, int datatypeCode,
            int bitpix, double[] pixdim, long voxOffset, double sclSlope, double sclInter, int qformCode,
            int sformCode, double[] quatern, double[] qoffset, double[] srow, int intentCode, String descrip)
            throws NiftiException {
        if (dim[0] < 1 || dim[0] > 7) {
            throw NiftiException.invalid(file, "dim[0]", "a number of dimensions in 1..7", String.valueOf(dim[0]));
        }
        for (int n = 1; n <= dim[0]; n++) {
            if (dim[n] < 1) {
                throw NiftiException.invalid(file, "dim[" + n + "]", "a size >= 1", String.valueOf(dim[n]));
            }
        }
        NiftiDataType dataType = NiftiDataType.fromCode(datatypeCode).orElseThrow(() -> NiftiException.invalid(file,
                "datatype", "a NIfTI data type code", String.valueOf(datatypeCode)));
        if (bitpix != 8 * dataType.bytesPerVoxel()) {
            throw NiftiException.invalid(file, "bitpix", 8 * dataType.bytesPerVoxel() + " for datatype " + dataType,
                    String.valueOf(bitpix));
        }
        int headerSize = version == 1 ? NIFTI1_HEADER_SIZE : NIFTI2_HEADER_SIZE;
        if (voxOffset == 0) {
            // Some writers leave vox_offset at 0; the data then follow the header and its 4-byte
            // extension flag, as nibabel also assumes.
            voxOffset = headerSize + 4;
        }
        if (voxOffset < headerSize) {
            throw NiftiException.invalid(file, "vox_offset", "at least " + headerSize + " (the header size)",
                    String.valueOf(voxOffset));
        }
        // nibabel treats a slope of 0, NaN or infinity as "no scaling" and rejects a non-finite
        // intercept that goes with a valid slope.
        if (sclSlope != 0 && Double.isFinite(sclSlope) && !Double.isFinite(sclInter)) {
            throw NiftiException.invalid(file, "scl_inter", "a finite intercept with scl_slope " + sclSlope,
                    String.valueOf(sclInter));
        }
        return new NiftiHeader(file, version, order, dim, dataType, pixdim, voxOffset, sclSlope, sclInter,
                qformCode, sformCode, quatern, qoffset, srow, intentCode, descrip);
    }

    /** 1 for NIfTI-1, 2 for NIfTI-2. */
    public int version() {
        return version;
    }

    /** Byte order of the header and the voxel data. */
    public ByteOrder byteOrder() {
        return byteOrder;
    }

    /** Number of dimensions, {@code dim[0]} (1..7). */
    public int dimensions() {
        return (int) dim[0];
    }

    /** Size along dimension {@code axis} (1-based as in {@code dim[]}), 1 for axes beyond {@code dim[0]}. */
    public long size(int axis) {
        return axis <= dim[0] ? dim[axis] : 1;
    }

    /** Voxel data type. */
    public NiftiDataType dataType() {
        return dataType;
    }

    /** Copy of {@code pixdim[0..7]}; {@code pixdim[0]} is qfac, 1..3 are voxel sizes in mm. */
    public double[] pixdim() {
        return pixdim.clone();
    }

    /** Byte offset of the voxel data in the (uncompressed) file. */
    public long voxOffset() {
        return voxOffset;
    }

    /** {@code scl_slope} as stored. */
    public double sclSlope() {
        return sclSlope;
    }

    /** {@code scl_inter} as stored. */
    public double sclInter() {
        return sclInter;
    }

    /**
     * True when stored values must be scaled: {@code scl_slope} is finite and non-zero and the
     * pair is not the identity (slope 1, intercept 0). nibabel applies the same rule.
     */
    public boolean hasScaling() {
        return sclSlope != 0 && Double.isFinite(sclSlope) && !(sclSlope == 1 && sclInter == 0);
    }

    /** {@code qform_code} (0 unknown, 1 scanner, 2 aligned, 3 Talairach, 4 MNI, 5 template). */
    public int qformCode() {
        return qformCode;
    }

    /** {@code sform_code}, with the same meanings as {@link #qformCode()}. */
    public int sformCode() {
        return sformCode;
    }

    /** {@code intent_code} (1002 is NIFTI_INTENT_LABEL). */
    public int intentCode() {
        return intentCode;
    }

    /** {@code descrip}, up to its first NUL. */
    public String descrip() {
        return descrip;
    }

    /** Number of voxels in one 3D volume: dim[1] * dim[2] * dim[3]. */
    public long voxelsPerVolume() {
        return size(1) * size(2) * size(3);
    }

    /**
     * Number of 3D volumes: the product of dim[4..7] (the time points of a 4D file), or 0 when
     * that product overflows a long.
     */
    public long volumeCount() {
        long count = 1;
        for (int axis = 4; axis <= 7; axis++) {
            long size = size(axis);
            if (count > Long.MAX_VALUE / size) {
                return 0;
            }
            count *= size;
        }
        return count;
    }

    /**
     * Returns the affine nibabel reports as {@code img.affine}: the sform when
     * {@code sform_code} is not 0, else the qform when {@code qform_code} is not 0, else the
     * fallback built from {@code pixdim} alone (see {@link #baseAffine()}).
     */
    public double[] bestAffine() throws NiftiException {
        if (sformCode != 0) {
            return sformAffine();
        }
        if (qformCode != 0) {
            return qformAffine();
        }
        return baseAffine();
    }

    /** Returns the sform: rows {@code srow_x}, {@code srow_y}, {@code srow_z} and 0 0 0 1. */
    public double[] sformAffine() {
        double[] affine = new double[16];
        System.arraycopy(srow, 0, affine, 0, 12);
        affine[15] = 1;
        return affine;
    }

    /**
     * Returns the qform: the rotation of the unit quaternion (a, b, c, d) with
     * a = sqrt(1 - b^2 - c^2 - d^2), times diag(pixdim[1], pixdim[2], qfac * pixdim[3]), then
     * translated by (qoffset_x, qoffset_y, qoffset_z). A qfac ({@code pixdim[0]}) of 0 counts as
     * 1, as the NIfTI-1 standard allows.
     *
     * @throws NiftiException when qfac is not -1, 0 or 1, a voxel size is negative, or b, c, d do
     *                        not belong to a unit quaternion
     */
    public double[] qformAffine() throws NiftiException {
        double qfac = pixdim[0] == 0 ? 1 : pixdim[0];
        if (qfac != 1 && qfac != -1) {
            throw NiftiException.invalid(file, "pixdim[0] (qfac)", "-1, 0 or 1", String.valueOf(pixdim[0]));
        }
        for (int axis = 1; axis <= 3; axis++) {
            if (pixdim[axis] < 0) {
                throw NiftiException.invalid(file, "pixdim[" + axis + "]", "a voxel size >= 0 for the qform",
                        String.valueOf(pixdim[axis]));
            }
        }
        double b = quatern[0];
        double c = quatern[1];
        double d = quatern[2];
        double a2 = 1 - (b * b + c * c + d * d);
        // The quaternion is stored as float32 in NIfTI-1, so a slightly negative a^2 is rounding.
        double threshold = -3 * Math.ulp(1.0f);
        if (a2 < threshold || Double.isNaN(a2)) {
            throw NiftiException.invalid(file, "quatern_b/c/d", "b^2 + c^2 + d^2 <= 1",
                    String.valueOf(b * b + c * c + d * d));
        }
        double a = a2 < 0 ? 0 : Math.sqrt(a2);
        double[] rotation = {
            a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c),
            2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b),
            2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - b * b - c * c
        };
        double[] scale = {pixdim[1], pixdim[2], qfac * pixdim[3]};
        double[] affine = new double[16];
        for (int row = 0; row < 3; row++) {
            for (int column = 0; column < 3; column++) {
                affine[4 * row + column] = rotation[3 * row + column] * scale[column];
            }
            affine[4 * row + 3] = qoffset[row];
        }
        affine[15] = 1;
        return affine;
    }

    /**
     * Returns the fallback affine used when neither qform nor sform is set (the ANALYZE 7.5
     * convention nibabel follows): diag(-pixdim[1], pixdim[2], pixdim[3]) with the centre of the
     * grid at the world origin. Dimensions beyond {@code dim[0]} count as size 1 and voxel size 1.
     */
    public double[] baseAffine() {
        double[] affine = new double[16];
        for (int axis = 0; axis < 3; axis++) {
            boolean present = axis + 1 <= dim[0];
            double zoom = present ? pixdim[axis + 1] : 1;
            double size = present ? dim[axis + 1] : 1;
            if (axis == 0) {
                zoom = -zoom;
            }
            affine[5 * axis] = zoom;
            affine[4 * axis + 3] = -(size - 1) / 2.0 * zoom;
        }
        affine[15] = 1;
        return affine;
    }

    private static String ascii(ByteBuffer buffer, int offset, int length) {
        byte[] raw = new byte[length];
        for (int n = 0; n < length; n++) {
            raw[n] = buffer.get(offset + n);
        }
        int end = 0;
        while (end < length && raw[end] != 0) {
            end++;
        }
        return new String(raw, 0, end, StandardCharsets.ISO_8859_1);
    }

    private static String quoted(ByteBuffer buffer, int offset, int length) {
        byte[] raw = new byte[length];
        for (int n = 0; n < length; n++) {
            raw[n] = buffer.get(offset + n);
        }
        return "bytes " + Arrays.toString(raw);
    }

    @Override
    public String toString() {
        return "NiftiHeader[NIfTI-" + version + ", " + byteOrder + ", dim=" + Arrays.toString(dim) + ", " + dataType
                + ", qform_code=" + qformCode + ", sform_code=" + sformCode + "]";
    }
}
