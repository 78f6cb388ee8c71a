package org.medannot.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.medannot.coco.json.CocoProblem;
import org.medannot.coco.json.CocoValidator;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code annotate coco validate FILE.json}: prints each problem of a COCO dataset or results file
 * on its own line, {@code ERROR /json/pointer: message} or {@code WARNING ...}.
 */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        description = {
                "Check a COCO instances dataset or results file and print each problem with its JSON pointer.",
                "Exit status: 0 when there is no problem, 1 when there is at least one (warnings count unless --allow-warnings)."
        })
public final class CocoValidateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE.json", description = "COCO dataset or results file.")
    private Path file;

    @CommandLine.Option(names = "--allow-warnings", description = "Exit with status 0 when every problem is a warning.")
    private boolean allowWarnings;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<CocoProblem> problems = CocoValidator.validate(file);
        PrintWriter out = spec.commandLine().getOut();
        long errors = 0;
        for (CocoProblem problem : problems) {
            out.println(problem);
            if (problem.severity() == CocoProblem.Severity.ERROR) {
                errors++;
            }
        }
        long warnings = problems.size() - errors;
        out.println(file + ": " + errors + (errors == 1 ? " error, " : " errors, ") + warnings
                + (warnings == 1 ? " warning" : " warnings"));
        out.flush();
        boolean failed = errors > 0 || (!allowWarnings && warnings > 0);
        return failed ? AnnotateCommand.EXIT_FAILURE : AnnotateCommand.EXIT_OK;
    }
}
