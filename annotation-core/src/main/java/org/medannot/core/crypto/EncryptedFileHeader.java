package org.medannot.core.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** The header of an encrypted file; the layout is documented in {@link StreamingEncryption}. */
final class EncryptedFileHeader {

    static final byte[] MAGIC = {'M', 'A', 'E', 'N', 'C', 0x0D, 0x0A, 0x1A};
    static final int VERSION = 1;
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    static final int KEY_CHECK_BYTES = 16;
    static final int MIN_CHUNK_SIZE = 16;
    static final int MAX_CHUNK_SIZE = 64 << 20;

    private static final byte[] KEY_CHECK_LABEL = "medannot key check".getBytes(StandardCharsets.US_ASCII);

    final String keyId;
    final byte[] baseNonce;
    final int chunkSize;
    final byte[] keyCheck;
    /** The exact header bytes, which every chunk authenticates as associated data. */
    final byte[] bytes;

    private EncryptedFileHeader(String keyId, byte[] baseNonce, int chunkSize, byte[] keyCheck, byte[] bytes) {
        this.keyId = keyId;
        this.baseNonce = baseNonce;
        this.chunkSize = chunkSize;
        this.keyCheck = keyCheck;
        this.bytes = bytes;
    }

    static EncryptedFileHeader create(String keyId, SecretKey key, byte[] baseNonce, int chunkSize) {
        byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
        if (id.length < 1 || id.length > 255) {
            throw new IllegalArgumentException("key id must have 1..255 UTF-8 bytes, but has " + id.length);
        }
        if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunk size must be in " + MIN_CHUNK_SIZE + ".." + MAX_CHUNK_SIZE
                    + ", but was " + chunkSize);
        }
        byte[] keyCheck = keyCheck(key, baseNonce);
        ByteBuffer header = ByteBuffer.allocate(MAGIC.length + 2 + id.length + NONCE_BYTES + 4 + KEY_CHECK_BYTES);
        header.put(MAGIC).put((byte) VERSION).put((byte) id.length).put(id).put(baseNonce).putInt(chunkSize).put(keyCheck);
        return new EncryptedFileHeader(keyId, baseNonce.clone(), chunkSize, keyCheck, header.array());
    }

    /** Reads and validates a header; {@code source} names the input in messages. */
    static EncryptedFileHeader read(InputStream in, String source) throws IOException {
        byte[] fixed = readExactly(in, MAGIC.length + 2, source, "magic, version and key id length");
        if (!Arrays.equals(fixed, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new CryptoException(source + " is not an encrypted file of this format: the first 8 bytes are not the magic "
                    + "4D 41 45 4E 43 0D 0A 1A");
        }
        int version = fixed[MAGIC.length] & 0xFF;
        if (version != VERSION) {
            throw new CryptoException(source + ": format version at byte 8 is " + version + ", but only version " + VERSION
                    + " is supported");
        }
        int idLength = fixed[MAGIC.length + 1] & 0xFF;
        if (idLength == 0) {
            throw new CryptoException(source + ": key id length at byte 9 is 0, expected 1..255");
        }

        byte[] rest = readExactly(in, idLength + NONCE_BYTES + 4 + KEY_CHECK_BYTES, source, "key id, nonce, chunk size and key check");
        ByteBuffer buffer = ByteBuffer.wrap(rest);
        byte[] id = new byte[idLength];
        buffer.get(id);
        byte[] nonce = new byte[NONCE_BYTES];
        buffer.get(nonce);
        int chunkSize = buffer.getInt();
        byte[] keyCheck = new byte[KEY_CHECK_BYTES];
        buffer.get(keyCheck);

        if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
            throw new CryptoException(source + ": chunk size at byte " + (MAGIC.length + 2 + idLength + NONCE_BYTES) + " is "
                    + chunkSize + ", expected " + MIN_CHUNK_SIZE + ".." + MAX_CHUNK_SIZE);
        }
        byte[] all = new byte[fixed.length + rest.length];
        System.arraycopy(fixed, 0, all, 0, fixed.length);
        System.arraycopy(rest, 0, all, fixed.length, rest.length);
        return new EncryptedFileHeader(new String(id, StandardCharsets.UTF_8), nonce, chunkSize, keyCheck, all);
    }

    /** Returns true when {@code key} is the key the file was written with. */
    boolean matches(SecretKey key) {
        return MessageDigest.isEqual(keyCheck, keyCheck(key, baseNonce));
    }

    /** Returns the nonce of chunk {@code index}: the base nonce with its last 8 bytes XORed with the index. */
    byte[] nonce(long index) {
        byte[] nonce = baseNonce.clone();
        for (int n = 0; n < 8; n++) {
            nonce[NONCE_BYTES - 1 - n] ^= (byte) (index >>> (8 * n));
        }
        return nonce;
    }

    /** Returns the associated data of chunk {@code index}: header, index (8 bytes) and final flag. */
    byte[] associatedData(long index, boolean last) {
        return ByteBuffer.allocate(bytes.length + 9).put(bytes).putLong(index).put((byte) (last ? 1 : 0)).array();
    }

    /** First 16 bytes of HMAC-SHA256(key, "medannot key check" || base nonce). */
    private static byte[] keyCheck(SecretKey key, byte[] baseNonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            mac.update(KEY_CHECK_LABEL);
            return Arrays.copyOf(mac.doFinal(baseNonce), KEY_CHECK_BYTES);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private static byte[] readExactly(InputStream in, int length, String source, String what) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new CryptoException(source + " ends inside the header: expected " + length + " bytes of " + what + ", found "
                    + bytes.length);
        }
        return bytes;
    }
}
