package org.medannot.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.medannot.core.crypto.KeyFile;
import org.medannot.core.crypto.StreamingEncryption;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code annotate encrypt IN --key-file FILE --out OUT}: encrypts a file with AES-256-GCM in chunks. */
@Command(name = "encrypt",
        mixinStandardHelpOptions = true,
        description = "Encrypt a file with streaming AES-256-GCM under the first key of a key file.")
public final class EncryptCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "File to encrypt.")
    private Path in;

    @Option(names = "--key-file", required = true, paramLabel = "FILE",
            description = "Key file: lines 'KEY_ID HEX' or 'KEY_ID base64:BASE64', or 32 raw bytes.")
    private Path keyFile;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Encrypted file to write.")
    private Path out;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(in)) {
            throw new java.io.IOException(in + ": file not found");
        }
        KeyFile keys = KeyFile.read(keyFile);
        OutputGuard.requireNotInputFile(spec, "--out", out, List.of(in, keyFile));
        StreamingEncryption.encryptFile(in, out, keys);
        spec.commandLine().getOut().println(out + ": encrypted " + Files.size(in) + " bytes under key id '"
                + keys.defaultKeyId() + "'");
        spec.commandLine().getOut().flush();
        return AnnotateCommand.EXIT_OK;
    }
}
