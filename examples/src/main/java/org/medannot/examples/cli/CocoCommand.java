package org.medannot.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code annotate coco} group: checks and converts COCO files and masks. */
@Command(name = "coco",
        mixinStandardHelpOptions = true,
        description = "Validate COCO files and convert masks to and from COCO RLE.",
        subcommands = {
                CocoValidateCommand.class,
                CocoEncodeCommand.class,
                CocoDecodeCommand.class
        })
public final class CocoCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand of 'coco'");
    }
}
