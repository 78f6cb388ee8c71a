package org.medannot.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.medannot.core.audit.AuditHead;
import org.medannot.core.audit.AuditLogVerifier;
import org.medannot.core.audit.AuditVerification;
import org.medannot.core.crypto.KeyFile;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code annotate audit verify LOG [--hmac-key-file FILE]}: prints "ok, N entries" and exits 0, or
 * prints the first bad entry and exits 1.
 */
@Command(name = "verify",
        mixinStandardHelpOptions = true,
        description = "Verify the hash chain (and the HMACs, with a key) of an audit log. Prints 'ok, N entries',"
                + " or the first bad entry and exits with status 1.")
public final class AuditVerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "LOG", description = "Audit log in JSON Lines.")
    private Path log;

    @Option(names = "--hmac-key-file", paramLabel = "FILE", description = "Key file whose first key the log was signed with.")
    private Path hmacKeyFile;

    @Option(names = "--expect-head", paramLabel = "N:SHA256",
            description = "Entry count and last-line SHA-256 recorded earlier, to detect entries removed from the end.")
    private String expectHead;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(log)) {
            throw new java.io.IOException(log + ": file not found");
        }
        byte[] key = hmacKeyFile == null ? null : KeyFile.read(hmacKeyFile).defaultKeyBytes();
        AuditVerification result = AuditLogVerifier.verify(log, key, head());
        if (result.isValid()) {
            spec.commandLine().getOut().println("ok, " + result.entries() + (result.entries() == 1 ? " entry" : " entries"));
            spec.commandLine().getOut().flush();
            return AnnotateCommand.EXIT_OK;
        }
        spec.commandLine().getOut().println(log + ": " + result.problem().get());
        spec.commandLine().getOut().flush();
        return AnnotateCommand.EXIT_FAILURE;
    }

    private AuditHead head() {
        if (expectHead == null) {
            return null;
        }
        String[] parts = expectHead.split(":", 2);
        if (parts.length != 2 || !parts[0].matches("\\d{1,18}") || !parts[1].matches("[0-9a-f]{64}")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--expect-head must be N:SHA256 (an entry count,"
                    + " a colon and 64 lower-case hex digits), but was '" + expectHead + "'");
        }
        return new AuditHead(Long.parseLong(parts[0]), parts[1]);
    }
}
