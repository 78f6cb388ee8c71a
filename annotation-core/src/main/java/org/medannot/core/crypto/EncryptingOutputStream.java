package org.medannot.core.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/** Encrypts into the chunked format of {@link StreamingEncryption}, holding one chunk in memory. */
final class EncryptingOutputStream extends OutputStream {

    private final OutputStream out;
    private final SecretKey key;
    private final EncryptedFileHeader header;
    private final Cipher cipher;
    private final byte[] chunk;
    private final byte[] sealed;
    private int filled;
    private long index;
    private boolean closed;

    EncryptingOutputStream(OutputStream out, SecretKey key, EncryptedFileHeader header) throws IOException {
        this.out = out;
        this.key = key;
        this.header = header;
        this.chunk = new byte[header.chunkSize];
        this.sealed = new byte[header.chunkSize + EncryptedFileHeader.TAG_BYTES];
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is not available in this JVM", e);
        }
        out.write(header.bytes);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("the encrypting stream is closed");
        }
        java.util.Objects.checkFromIndexSize(offset, length, data.length);
        int position = offset;
        int end = offset + length;
        while (position < end) {
            // A full chunk is sealed only once more data arrives, so the last chunk always carries the final flag.
            if (filled == chunk.length) {
                seal(false);
            }
            int count = Math.min(end - position, chunk.length - filled);
            System.arraycopy(data, position, chunk, filled, count);
            filled += count;
            position += count;
        }
    }

    private void seal(boolean last) throws IOException {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, header.nonce(index)));
            cipher.updateAAD(header.associatedData(index, last));
            int length = cipher.doFinal(chunk, 0, filled, sealed, 0);
            out.write(sealed, 0, length);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("encryption of chunk " + index + " failed: " + e.getMessage(), e);
        }
        index++;
        filled = 0;
    }

    /** Seals the buffered bytes as the final chunk and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            seal(true);
            out.flush();
        } finally {
            out.close();
        }
    }
}
