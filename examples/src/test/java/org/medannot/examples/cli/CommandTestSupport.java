package org.medannot.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/**
 * Base of the command tests: runs the {@code annotate} command line in this JVM and captures its
 * standard output and standard error, which accumulate over the runs of one test.
 */
abstract class CommandTestSupport {

    protected final StringWriter out = new StringWriter();
    protected final StringWriter err = new StringWriter();

    /** Runs {@code annotate} with {@code args} and returns its exit status. */
    protected int run(String... args) {
        CommandLine commandLine = AnnotateCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
