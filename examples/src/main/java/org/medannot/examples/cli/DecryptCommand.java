package org.medannot.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.medannot.core.crypto.KeyFile;
import org.medannot.core.crypto.StreamingEncryption;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code annotate decrypt IN --key-file FILE --out OUT}: decrypts a file written by
 * {@code annotate encrypt}; OUT appears only when every chunk verified.
 */
@Command(name = "decrypt",
        mixinStandardHelpOptions = true,
        description = "Decrypt a file written by 'annotate encrypt'. The output appears only when every chunk verified.")
public final class DecryptCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "Encrypted file.")
    private Path in;

    @Option(names = "--key-file", required = true, paramLabel = "FILE", description = "Key file that contains the file's key id.")
    private Path keyFile;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Decrypted file to write.")
    private Path out;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(in)) {
            throw new java.io.IOException(in + ": file not found");
        }
        StreamingEncryption.decryptFile(in, out, KeyFile.read(keyFile));
        spec.commandLine().getOut().println(out + ": decrypted " + Files.size(out) + " bytes");
        spec.commandLine().getOut().flush();
        return AnnotateCommand.EXIT_OK;
    }
}
