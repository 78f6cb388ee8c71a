package org.medannot.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnnotateCommandTest extends CommandTestSupport {

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
