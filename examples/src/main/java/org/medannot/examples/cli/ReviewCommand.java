package org.medannot.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code annotate review} group: applies reviews to rounds and compares rounds. */
@Command(name = "review",
        mixinStandardHelpOptions = true,
        description = "Apply a reviewer's edits to a round and compare rounds.",
        subcommands = {
                ReviewApplyCommand.class,
                ReviewDiffCommand.class
        })
public final class ReviewCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand of 'review'");
    }
}
