package org.medannot.dicom.nifti;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.volume.FloatVolume;
import org.medannot.core.volume.IntVolume;
import org.medannot.core.volume.ShortVolume;
import org.medannot.core.volume.UByteVolume;
import org.medannot.core.volume.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads single-file NIfTI-1 and NIfTI-2 images ({@code .nii}, and {@code .nii.gz} streamed
 * through {@link GZIPInputStream}) in either byte order into core volumes.
 *
 * <p>Voxel types: the volume gets the narrowest core type that represents the values exactly.
 * Without scaling, uint8 becomes {@link UByteVolume}; int8 and int16 a signed
 * {@link ShortVolume}; uint16 an unsigned {@code ShortVolume}; int32 an {@link IntVolume};
 * uint32, int64 and uint64 an {@code IntVolume} when every value fits a signed 32-bit integer
 * (otherwise a {@link NiftiException}); float32 a {@link FloatVolume}; float64 a
 * {@code FloatVolume} rounded to float32 (a value beyond the float32 range is rejected). RGB24,
 * RGBA32, complex and float128 data are rejected.
 *
 * <p>Scaling follows nibabel: when {@code scl_slope} is finite and non-zero, each value is
 * {@code stored * scl_slope + scl_inter} computed in double precision; a slope of 0 or NaN
 * means no scaling. Scaled 8- or 16-bit integers with an integral slope and intercept (CT from
 * dcm2niix: slope 1, intercept -1024) stay integers, in the narrowest of uint8, int16, uint16
 * and int32 that represents the actual values of each volume (so the volumes of one 4D file may
 * differ in type); all other scaled data become float32.
 *
 * <p>Geometry: the affine is chosen as nibabel's {@code img.affine} is (see
 * {@link NiftiHeader#bestAffine()}), then converted from RAS to LPS by
 * {@link Geometry#fromNiftiAffine}; an affine with shear cannot be represented and is rejected.
 *
 * <p>Size limits: every size is checked before anything is allocated. The data of one read may
 * not exceed {@link #maxDataBytes()}; an uncompressed file must be long enough for the data its
 * header declares; a compressed file must be large enough to inflate to that size at deflate's
 * maximum ratio of about 1032:1.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class NiftiReader {

    /** Default limit on the stored voxel data of one read: 4 GiB. */
    public static final long DEFAULT_MAX_DATA_BYTES = 4L << 30;

    /** Upper bound of deflate's compression ratio (RFC 1951 cannot exceed about 1032:1). */
    private static final long MAX_DEFLATE_RATIO = 1032;

    private static final int CHUNK_BYTES = 1 << 16;

    private static final Logger LOG = LoggerFactory.getLogger(NiftiReader.class);

    private final long maxDataBytes;

    /** Creates a reader with the default data limit. */
    public NiftiReader() {
        this(DEFAULT_MAX_DATA_BYTES);
    }

    /**
     * Creates a reader with a limit on the voxel data of one read.
     *
     * @param maxDataBytes largest number of stored voxel bytes a read may declare, > 0
     */
    public NiftiReader(long maxDataBytes) {
        if (maxDataBytes <= 0) {
            throw new IllegalArgumentException("maxDataBytes must be > 0, but was " + maxDataBytes);
        }
        this.maxDataBytes = maxDataBytes;
    }

    /** Returns the limit on the stored voxel data of one read, in bytes. */
    public long maxDataBytes() {
        return maxDataBytes;
    }

    /**
     * Returns true when the file starts with a NIfTI-1 or NIfTI-2 header (gzip-compressed or
     * not), judged by content. Never throws.
     */
    public static boolean isNifti(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = open(file)) {
            byte[] header = in.readNBytes(NiftiHeader.NIFTI2_HEADER_SIZE);
            NiftiHeader.parse(file, header);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Reads and validates the header only. */
    public NiftiHeader readHeader(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return readHeader(file, in);
        } catch (ZipException | EOFException e) {
            throw compressedStreamError(file, e);
        }
    }

    /** Reads every volume of the file: one for 3D, dim[4] (times dim[5..7]) for higher dimensions. */
    public NiftiImage read(Path file) throws IOException {
        try (InputStream in = open(file)) {
            NiftiHeader header = readHeader(file, in);
            long count = header.volumeCount();
            Geometry geometry = geometry(file, header);
            checkDeclaredSize(file, header, count);
            skipTo(file, in, header);
            List<Volume> volumes = new ArrayList<>();
            for (long t = 0; t < count; t++) {
                volumes.add(readVolumeData(file, in, header, geometry, t));
            }
            drainCompressed(in);
            LOG.debug("read {}: {} volume(s) of {}x{}x{}, {}", file, count, geometry.columns(), geometry.rows(),
                    geometry.slices(), header.dataType());
            return new NiftiImage(header, geometry, volumes);
        } catch (ZipException | EOFException e) {
            throw compressedStreamError(file, e);
        }
    }

    /**
     * Reads a 3D file's volume.
     *
     * @throws NiftiException when the file contains more than one volume (use
     *                        {@link #readVolume(Path, int)} or {@link #read(Path)})
     */
    public Volume readVolume(Path file) throws IOException {
        NiftiHeader header = readHeader(file);
        if (header.volumeCount() != 1) {
            throw NiftiException.invalid(file, "dim[4..7]", "a single 3D volume (pick a time point)",
                    header.volumeCount() + " volumes");
        }
        return readVolume(file, 0);
    }

    /**
     * Reads the volume at time point {@code timePoint} (zero-based, along dim[4]) and skips the
     * others.
     */
    public Volume readVolume(Path file, int timePoint) throws IOException {
        try (InputStream in = open(file)) {
            NiftiHeader header = readHeader(file, in);
            if (timePoint < 0 || timePoint >= header.volumeCount()) {
                throw NiftiException.invalid(file, "time point", "0.." + (header.volumeCount() - 1),
                        String.valueOf(timePoint));
            }
            Geometry geometry = geometry(file, header);
            checkDeclaredSize(file, header, timePoint + 1L);
            skipTo(file, in, header);
            long volumeBytes = header.voxelsPerVolume() * header.dataType().bytesPerVoxel();
            skipBytes(file, in, volumeBytes * timePoint, header.voxOffset());
            Volume volume = readVolumeData(file, in, header, geometry, timePoint);
            if (timePoint == header.volumeCount() - 1) {
                drainCompressed(in);
            }
            return volume;
        } catch (ZipException | EOFException e) {
            throw compressedStreamError(file, e);
        }
    }

    /**
     * Reads a 3D file as a label map: every value must be an integer in 0..65535 (label files
     * are usually uint8 or int16; float files with integral values are accepted too).
     *
     * @throws NiftiException when a value is not an integer label, naming the first such voxel
     */
    public LabelMap readLabelMap(Path file) throws IOException {
        Volume volume = readVolume(file);
        int count = volume.geometry().voxelCount();
        short[] labels = new short[count];
        for (int n = 0; n < count; n++) {
            double value = volume.getDouble(n);
            if (!(value >= 0 && value <= LabelMap.MAX_LABEL) || value != Math.rint(value)) {
                // The kind of value, not the value: an image intensity is patient data.
                String found = Double.isNaN(value) ? "a value that is not a number" : value < 0 ? "a negative value"
                        : value > LabelMap.MAX_LABEL ? "a value above " + LabelMap.MAX_LABEL : "a fractional value";
                throw NiftiException.invalid(file, "voxel " + n, "an integer label in 0.." + LabelMap.MAX_LABEL, found);
            }
            labels[n] = (short) (int) value;
        }
        return LabelMap.wrap(volume.geometry(), labels);
    }

    /** Opens the file, inserting a gzip decoder when it starts with the gzip magic bytes 1f 8b. */
    static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), CHUNK_BYTES);
        raw.mark(2);
        int first = raw.read();
        int second = raw.read();
        raw.reset();
        if (first == 0x1f && second == 0x8b) {
            try {
                return new GZIPInputStream(raw, CHUNK_BYTES);
            } catch (IOException e) {
                raw.close();
                throw new NiftiException(file + ": gzip header is invalid: " + e.getMessage(), e);
            }
        }
        return raw;
    }

    /**
     * Turns the gzip decoder's errors into the module's exception: an EOFException from
     * {@link GZIPInputStream} means the compressed stream ends early, a ZipException that it is
     * corrupt.
     */
    private static NiftiException compressedStreamError(Path file, IOException e) {
        String problem = e instanceof EOFException ? "compressed stream ends early (file truncated)"
                : "compressed stream is corrupt";
        return NiftiException.invalid(file, "gzip stream", "a complete gzip stream", problem + ": " + e.getMessage());
    }

    static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static NiftiHeader readHeader(Path file, InputStream in) throws IOException {
        byte[] first = readOrTruncated(file, in, 4, "sizeof_hdr", 0);
        int size = NiftiHeader.headerSize(file, first);
        byte[] bytes = new byte[size];
        System.arraycopy(first, 0, bytes, 0, 4);
        byte[] rest = readOrTruncated(file, in, size - 4, "header", 4);
        System.arraycopy(rest, 0, bytes, 4, rest.length);
        return NiftiHeader.parse(file, bytes);
    }

    private static Geometry geometry(Path file, NiftiHeader header) throws NiftiException {
        for (int axis = 1; axis <= 3; axis++) {
            if (header.size(axis) > Integer.MAX_VALUE) {
                throw NiftiException.invalid(file, "dim[" + axis + "]", "at most " + Integer.MAX_VALUE,
                        String.valueOf(header.size(axis)));
            }
        }
        if (header.voxelsPerVolume() > Integer.MAX_VALUE) {
            throw NiftiException.invalid(file, "dim[1..3]", "at most " + Integer.MAX_VALUE + " voxels per volume",
                    header.size(1) + "x" + header.size(2) + "x" + header.size(3));
        }
        if (header.volumeCount() == 0) {
            throw NiftiException.invalid(file, "dim[4..7]", "a volume count that fits a 64-bit integer",
                    "an overflowing product");
        }
        String source = header.sformCode() != 0 ? "sform (srow_x/y/z)"
                : header.qformCode() != 0 ? "qform (quatern_b/c/d, pixdim)" : "pixdim[1..3]";
        double[] affine = header.bestAffine();
        try {
            return Geometry.fromNiftiAffine((int) header.size(1), (int) header.size(2), (int) header.size(3), affine);
        } catch (IllegalArgumentException e) {
            throw NiftiException.invalid(file, source, "an affine with non-zero, orthogonal voxel axes",
                    Arrays.toString(affine) + " (" + e.getMessage() + ")");
        }
    }

    /** Checks the declared data size of {@code volumes} volumes against the limits, before allocation. */
    private void checkDeclaredSize(Path file, NiftiHeader header, long volumes) throws IOException {
        NiftiDataType type = header.dataType();
        if (!type.isSupported()) {
            throw NiftiException.invalid(file, "datatype", "a scalar type (uint8, int8, int16, uint16, int32, uint32, "
                    + "int64, uint64, float32, float64)", type + " (code " + type.code() + ")");
        }
        long dataBytes;
        long end;
        try {
            dataBytes = Math.multiplyExact(Math.multiplyExact(header.voxelsPerVolume(), (long) type.bytesPerVoxel()),
                    volumes);
            end = Math.addExact(header.voxOffset(), dataBytes);
        } catch (ArithmeticException e) {
            throw NiftiException.invalid(file, "dim", "a data size that fits a 64-bit integer", "an overflowing size");
        }
        if (dataBytes > maxDataBytes) {
            throw NiftiException.invalid(file, "dim", "at most " + maxDataBytes + " bytes of voxel data",
                    dataBytes + " bytes");
        }
        long fileSize = Files.size(file);
        if (isGzip(file)) {
            long bound = fileSize * MAX_DEFLATE_RATIO + CHUNK_BYTES;
            if (end > bound) {
                throw NiftiException.invalid(file, "dim", "a data size that " + fileSize
                        + " compressed bytes can hold (at most about " + bound + " bytes)", end + " bytes");
            }
        } else if (end > fileSize) {
            throw NiftiException.invalid(file, "voxel data", "the file to hold bytes up to offset " + end
                    + " (vox_offset " + header.voxOffset() + " plus the data)", fileSize + " bytes (file truncated)");
        }
    }

    /**
     * Reads a gzip stream to its end so that its trailer (CRC-32 and length) is checked. A
     * truncated or corrupt trailer then raises instead of passing unnoticed.
     */
    private static void drainCompressed(InputStream in) throws IOException {
        if (in instanceof GZIPInputStream) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static void skipTo(Path file, InputStream in, NiftiHeader header) throws IOException {
        int headerSize = header.version() == 1 ? NiftiHeader.NIFTI1_HEADER_SIZE : NiftiHeader.NIFTI2_HEADER_SIZE;
        skipBytes(file, in, header.voxOffset() - headerSize, headerSize);
    }

    private static void skipBytes(Path file, InputStream in, long count, long position) throws IOException {
        try {
            in.skipNBytes(count);
        } catch (EOFException e) {
            throw NiftiException.invalid(file, "byte " + position, count + " more bytes before the voxel data",
                    "end of file (file truncated)");
        }
    }

    private static byte[] readOrTruncated(Path file, InputStream in, int length, String field, long position)
            throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw NiftiException.invalid(file, field + " (byte " + position + ")", length + " bytes",
                    bytes.length + " bytes before the end of file (file truncated)");
        }
        return bytes;
    }

    /** Reads the next volume's stored values from the stream and converts them to the target type. */
    private static Volume readVolumeData(Path file, InputStream in, NiftiHeader header, Geometry geometry,
            long timePoint) throws IOException {
        NiftiDataType type = header.dataType();
        int count = geometry.voxelCount();
        long volumeStart = header.voxOffset() + timePoint * count * type.bytesPerVoxel();
        VoxelSink sink = VoxelSink.create(file, header, count);
        byte[] chunk = new byte[CHUNK_BYTES];
        ByteBuffer buffer = ByteBuffer.wrap(chunk).order(header.byteOrder());
        double[] values = new double[CHUNK_BYTES / type.bytesPerVoxel()];
        int done = 0;
        while (done < count) {
            int voxels = Math.min(values.length, count - done);
            int bytes = voxels * type.bytesPerVoxel();
            int read = in.readNBytes(chunk, 0, bytes);
            if (read < bytes) {
                long offset = volumeStart + (long) done * type.bytesPerVoxel() + read;
                throw NiftiException.invalid(file, "voxel data (byte " + offset + ")",
                        ((long) (count - done) * type.bytesPerVoxel() - read) + " more bytes of volume " + timePoint,
                        "end of file (file truncated)");
            }
            decode(type, buffer, values, voxels);
            sink.accept(values, voxels, done);
            done += voxels;
        }
        return sink.toVolume(geometry);
    }

    /** Decodes {@code voxels} stored values from the start of {@code buffer} into doubles (exact up to 2^53). */
    private static void decode(NiftiDataType type, ByteBuffer buffer, double[] values, int voxels) {
        switch (type) {
            case UINT8 -> {
                for (int n = 0; n < voxels; n++) {
                    values[n] = buffer.get(n) & 0xFF;
                }
            }
            case INT8 -> {
                for (int n = 0; n < voxels; n++) {
                    values[n] = buffer.get(n);
                }
            }
            case INT16 -> {
                for (int n = 0; n < voxels; n++) {
                    values[n] = buffer.getShort(2 * n);
                }
            }
            case UINT16 -> {
                for (int n = 0; n < voxels; n++) {
                    values[n] = buffer.getShort(2 * n) & 0xFFFF;
                }
            }
            case INT32 -> {
                for (int n = 0; n < voxels; n++) {
                    values[n] = buffer.getInt(4 * n);
                }
            }
            case UINT32 -> {
                for (int n = 0; n < voxels; n++) {
                    values[n] = buffer.getInt(4 * n) & 0xFFFFFFFFL;
                }
            }
            case INT64 -> {
                for (int n = 0; n < voxels; n++) {
                    values[n] = buffer.getLong(8 * n);
                }
            }
            case UINT64 -> {
                for (int n = 0; n < voxels; n++) {
                    long value = buffer.getLong(8 * n);
                    values[n] = value >= 0 ? value : 0x1p64 + value;
                }
            }
            case FLOAT32 -> {
                for (int n = 0; n < voxels; n++) {
                    values[n] = buffer.getFloat(4 * n);
                }
            }
            case FLOAT64 -> {
                for (int n = 0; n < voxels; n++) {
                    values[n] = buffer.getDouble(8 * n);
                }
            }
            default -> throw new IllegalStateException("unsupported type reached decode: " + type);
        }
    }
}
