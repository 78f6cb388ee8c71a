package org.medannot.core.output;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.UUID;

import javax.crypto.SecretKey;

import org.medannot.core.crypto.CryptoException;
import org.medannot.core.crypto.KeyProvider;
import org.medannot.core.crypto.StreamingEncryption;

/** The {@link OutputSink} of a local folder, plain or encrypting. Immutable and thread-safe. */
final class DirectorySink implements OutputSink {

    private static final int BUFFER_BYTES = 1 << 16;

    private final Path directory;
    /** The key that every file is encrypted with, or null for a plain sink. */
    private final Encryption encryption;

    DirectorySink(Path directory, Encryption encryption) {
        this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
        this.encryption = encryption;
    }

    /** A key provider and the id of the key that new files are encrypted with. */
    record Encryption(KeyProvider keys, String keyId) {

        /** Returns the pair after checking that the provider has a 32-byte key under {@code keyId}. */
        static Encryption checked(KeyProvider keys, String keyId) throws CryptoException {
            Objects.requireNonNull(keys, "keys");
            Objects.requireNonNull(keyId, "keyId");
            SecretKey key = keys.key(keyId);
            byte[] encoded = key.getEncoded();
            if (encoded == null || encoded.length != 32) {
                throw new CryptoException("key '" + keyId + "' is not a 32-byte AES-256 key");
            }
            return new Encryption(keys, keyId);
        }
    }

    @Override
    public Path directory() {
        return directory;
    }

    @Override
    public boolean encrypts() {
        return encryption != null;
    }

    @Override
    public Path location(String name) {
        Path path = directory.resolve(checkedName(name));
        return encryption == null ? path : path.resolveSibling(path.getFileName() + ENCRYPTED_SUFFIX);
    }

    @Override
    public OutputSink resolve(String name) {
        return new DirectorySink(directory.resolve(checkedName(name)), encryption);
    }

    @Override
    public PendingOutput create(String name) throws IOException {
        Path target = location(name);
        Path folder = Files.createDirectories(target.getParent());
        // CREATE_NEW on a fresh name, so the usual umask applies and no other file is ever opened.
        Path temporary = folder.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            OutputStream file = new BufferedOutputStream(new CloseShield(Channels.newOutputStream(channel)), BUFFER_BYTES);
            OutputStream content = encryption == null ? file
                    : StreamingEncryption.encrypting(file, encryption.keys(), encryption.keyId(),
                            StreamingEncryption.DEFAULT_CHUNK_SIZE);
            return new FilePendingOutput(target, temporary, channel, content);
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    @Override
    public String toString() {
        return (encryption == null ? "plain" : "encrypting (key id '" + encryption.keyId() + "')") + " output sink "
                + directory;
    }

    /**
     * Returns {@code name} after checking that it is a relative path of names separated by
     * {@code /}, with no empty, {@code .} or {@code ..} part, so a file never lands outside the
     * sink's folder.
     */
    static String checkedName(String name) {
        Objects.requireNonNull(name, "name");
        String problem = null;
        if (name.isEmpty()) {
            problem = "it is empty";
        } else if (name.indexOf('\\') >= 0) {
            problem = "it contains a backslash; use '/' as separator";
        } else if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            problem = "it contains a control character";
        } else {
            for (String part : name.split("/", -1)) {
                if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                    problem = "it has an empty, '.' or '..' part, or starts or ends with '/'";
                    break;
                }
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException("output name '" + name + "' is invalid because " + problem
                    + "; expected a relative path such as 'overlays/slice-005.png'");
        }
        return name;
    }

    /** A file written to {@code temporary} and moved to {@code target} on commit. */
    private static final class FilePendingOutput implements PendingOutput {

        private final Path target;
        private final Path temporary;
        private final FileChannel channel;
        private final OutputStream content;
        private final CloseShield stream;
        private boolean committed;
        private boolean closed;

        FilePendingOutput(Path target, Path temporary, FileChannel channel, OutputStream content) {
            this.target = target;
            this.temporary = temporary;
            this.channel = channel;
            this.content = content;
            this.stream = new CloseShield(content);
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        @Override
        public Path target() {
            return target;
        }

        @Override
        public Path commit() throws IOException {
            if (committed || closed) {
                throw new IllegalStateException("output " + target + " was already " + (committed ? "committed" : "closed"));
            }
            stream.disable();
            try {
                // Closing the chain seals the final chunk of an encrypting stream and flushes the
                // buffers. The shield under the buffer keeps the channel open for force().
                content.close();
                channel.force(true);
                channel.close();
                try {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
                }
                committed = true;
                return target;
            } finally {
                if (!committed) {
                    close();
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (committed || closed) {
                return;
            }
            closed = true;
            stream.disable();
            try {
                channel.close();
            } finally {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /**
     * Passes writes and flushes to another stream but only flushes on {@link #close()}, and
     * rejects writes once disabled.
     */
    private static final class CloseShield extends OutputStream {

        private final OutputStream out;
        private boolean disabled;

        CloseShield(OutputStream out) {
            this.out = out;
        }

        void disable() {
            disabled = true;
        }

        @Override
        public void write(int b) throws IOException {
            checkEnabled();
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            checkEnabled();
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            if (!disabled) {
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }

        private void checkEnabled() throws IOException {
            if (disabled) {
                throw new IOException("the output stream was committed or closed; no more bytes can be written");
            }
        }
    }
}
