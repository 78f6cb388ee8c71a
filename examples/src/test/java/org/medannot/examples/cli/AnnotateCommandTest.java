package org.medannot.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class AnnotateCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = AnnotateCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void unknownSubcommandIsUsageError() {
        assertThat(run("no-such-command")).isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("no-such-command");
    }

    @Test
    void missingSubcommandIsUsageError() {
        assertThat(run()).isEqualTo(AnnotateCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("Missing subcommand");
    }

    @Test
    void helpSucceeds() {
        assertThat(run("--help")).isEqualTo(AnnotateCommand.EXIT_OK);
        assertThat(out.toString()).contains("Usage: annotate");
    }
}
