package org.medannot.core.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Decrypts the chunked format of {@link StreamingEncryption}. Returns a chunk's bytes only after
 * its tag verified, and raises {@link CryptoException} at the first chunk that fails.
 */
final class DecryptingInputStream extends InputStream {

    private final InputStream in;
    private final SecretKey key;
    private final EncryptedFileHeader header;
    private final String source;
    private final Cipher cipher;
    private final byte[] sealed;
    private final byte[] plain;
    private int lookahead = -1;
    private int position;
    private int limit;
    private long index;
    private boolean finished;

    DecryptingInputStream(InputStream in, SecretKey key, EncryptedFileHeader header, String source) {
        this.in = in;
        this.key = key;
        this.header = header;
        this.source = source;
        this.sealed = new byte[header.chunkSize + EncryptedFileHeader.TAG_BYTES];
        this.plain = new byte[header.chunkSize];
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is not available in this JVM", e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int count = read(one, 0, 1);
        return count < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, target.length);
        if (length == 0) {
            return 0;
        }
        while (position == limit) {
            if (finished) {
                return -1;
            }
            openNextChunk();
        }
        int count = Math.min(length, limit - position);
        System.arraycopy(plain, position, target, offset, count);
        position += count;
        return count;
    }

    private void openNextChunk() throws IOException {
        int filled = 0;
        if (lookahead >= 0) {
            sealed[filled++] = (byte) lookahead;
            lookahead = -1;
        }
        filled += in.readNBytes(sealed, filled, sealed.length - filled);
        boolean last;
        if (filled < sealed.length) {
            last = true;
        } else {
            lookahead = in.read();
            last = lookahead < 0;
        }
        if (filled < EncryptedFileHeader.TAG_BYTES) {
            throw new CryptoException(source + ": chunk " + index + " has " + filled + " bytes, fewer than its "
                    + EncryptedFileHeader.TAG_BYTES + "-byte tag, so the file is truncated");
        }

        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, header.nonce(index)));
            cipher.updateAAD(header.associatedData(index, last));
            limit = cipher.doFinal(sealed, 0, filled, plain, 0);
        } catch (AEADBadTagException e) {
            String why = last
                    ? "chunk " + index + ", the last in the file, failed authentication: the file is truncated, its final"
                            + " chunk was removed, or the chunk was changed"
                    : "chunk " + index + " failed authentication: the chunk or the header was changed, or chunks were"
                            + " reordered or removed";
            throw new CryptoException(source + ": " + why, e);
        } catch (GeneralSecurityException e) {
            throw new CryptoException(source + ": decryption of chunk " + index + " failed: " + e.getMessage(), e);
        }
        position = 0;
        index++;
        finished = last;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
