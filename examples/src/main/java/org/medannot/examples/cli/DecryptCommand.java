package org.medannot.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.medannot.core.crypto.KeyFile;
import org.medannot.core.crypto.StreamingEncryption;
import org.medannot.core.output.OutputSink;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code annotate decrypt IN --key-file FILE --out OUT}: decrypts a file written by
 * {@code annotate encrypt} or an encrypted pipeline run; OUT appears only when every chunk
 * verified. When IN is a folder, every {@code *.enc} file under it is decrypted into the folder
 * OUT under the same relative path without {@code .enc}.
 */
@Command(name = "decrypt",
        mixinStandardHelpOptions = true,
        description = {"Decrypt a file written by 'annotate encrypt' or 'annotate pipeline --encrypt-key-file'.",
            "The output appears only when every chunk verified. With a folder IN, every *.enc file under it is",
            "decrypted into the folder OUT under the same relative path without .enc."})
public final class DecryptCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "Encrypted file, or a folder of *.enc files.")
    private Path in;

    @Option(names = "--key-file", required = true, paramLabel = "FILE", description = "Key file that contains the file's key id.")
    private Path keyFile;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Decrypted file to write, or a folder when IN is one.")
    private Path out;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (Files.isDirectory(in)) {
            return decryptFolder(KeyFile.read(keyFile));
        }
        if (!Files.isRegularFile(in)) {
            throw new java.io.IOException(in + ": file not found");
        }
        OutputGuard.requireNotInputFile(spec, "--out", out, List.of(in, keyFile));
        StreamingEncryption.decryptFile(in, out, KeyFile.read(keyFile));
        spec.commandLine().getOut().println(out + ": decrypted " + Files.size(out) + " bytes");
        spec.commandLine().getOut().flush();
        return AnnotateCommand.EXIT_OK;
    }

    /** Creates {@code folder} and its missing parents, adding each one created to {@code created}, outermost first. */
    private static void createFolders(Path folder, List<Path> created) throws IOException {
        if (folder == null || Files.isDirectory(folder)) {
            return;
        }
        createFolders(folder.getParent(), created);
        Files.createDirectory(folder);
        created.add(folder);
    }

    private int decryptFolder(KeyFile keys) throws IOException {
        OutputGuard.requireOutsideInput(spec, "--out", out, in);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(in)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(OutputSink.ENCRYPTED_SUFFIX)).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException(in + ": no *" + OutputSink.ENCRYPTED_SUFFIX + " file found in the folder");
        }
        List<Path> created = new java.util.ArrayList<>();
        try {
            for (Path file : files) {
                String relative = in.relativize(file).toString();
                Path target = out.resolve(relative.substring(0, relative.length() - OutputSink.ENCRYPTED_SUFFIX.length()));
                createFolders(target.toAbsolutePath().getParent(), created);
                StreamingEncryption.decryptFile(file, target, keys);
            }
        } catch (IOException | RuntimeException e) {
            // Folders made for files that were never written are removed; decrypted files stay.
            for (int n = created.size() - 1; n >= 0; n--) {
                try {
                    Files.deleteIfExists(created.get(n));
                } catch (java.nio.file.DirectoryNotEmptyException kept) {
                    // It contains a file decrypted before the failure.
                }
            }
            throw e;
        }
        spec.commandLine().getOut().println(out + ": decrypted " + files.size() + " file(s)");
        spec.commandLine().getOut().flush();
        return AnnotateCommand.EXIT_OK;
    }
}
