package org.medannot.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code annotate audit} group: checks audit logs. */
@Command(name = "audit",
        mixinStandardHelpOptions = true,
        description = "Check hash-chained audit logs.",
        subcommands = {
                AuditVerifyCommand.class
        })
public final class AuditCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand of 'audit'");
    }
}
