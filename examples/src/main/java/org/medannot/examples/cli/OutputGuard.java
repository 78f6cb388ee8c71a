package org.medannot.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

import picocli.CommandLine;

/**
 * Usage checks that keep a command's outputs away from its inputs: an output must not be an
 * input file, and an output folder must not lie inside an input folder, where a later run would
 * read the outputs as input. Paths are compared by their real paths, so relative paths, {@code ..}
 * and symbolic links cannot hide a match. An output that does not exist yet is compared through
 * the real path of its nearest existing parent.
 */
final class OutputGuard {

    private OutputGuard() {
    }

    /**
     * Rejects {@code output} when {@code input} is a folder and {@code output} is that folder or
     * lies inside it, or when {@code input} is a file and {@code output} is that same file.
     *
     * @param option the option that named {@code output}, such as {@code --out}, for the message
     * @throws CommandLine.ParameterException when {@code output} overlaps {@code input}, so the
     *         command exits with the bad-usage status
     */
    static void requireOutsideInput(CommandLine.Model.CommandSpec spec, String option, Path output, Path input)
            throws IOException {
        if (Files.isDirectory(input)) {
            Path realOutput = realPath(output);
            Path realInput = realPath(input);
            if (realOutput.startsWith(realInput)) {
                String relation = realOutput.equals(realInput) ? " is the input folder " : " lies inside the input folder ";
                throw new CommandLine.ParameterException(spec.commandLine(), option + " " + output + relation + input
                        + "; choose a folder outside it, because a later run would read the outputs as input");
            }
            return;
        }
        requireNotInputFile(spec, option, output, List.of(input));
    }

    /**
     * Rejects {@code output} when it is the same file as one of {@code inputFiles}. Inputs that
     * do not exist are ignored.
     *
     * @param option the option that named {@code output}, or a description such as
     *        {@code "--out DIR/labels.nii.gz"}, for the message
     * @throws CommandLine.ParameterException when {@code output} is an input file
     */
    static void requireNotInputFile(CommandLine.Model.CommandSpec spec, String option, Path output,
            Collection<Path> inputFiles) throws IOException {
        if (!Files.exists(output)) {
            return;
        }
        for (Path input : inputFiles) {
            if (Files.exists(input) && Files.isSameFile(output, input)) {
                throw new CommandLine.ParameterException(spec.commandLine(), option + " " + output
                        + " is the same file as the input " + input + "; choose another path, because inputs are never"
                        + " overwritten");
            }
        }
    }

    /**
     * Rejects an output file path that names an existing folder, or whose folder does not exist,
     * before the command writes a temporary file beside it.
     *
     * @param option the option that named {@code output}, such as {@code --out}, for the message
     * @throws CommandLine.ParameterException when {@code output} cannot be written as a file
     */
    static void requireFileOutput(CommandLine.Model.CommandSpec spec, String option, Path output) {
        if (Files.isDirectory(output)) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " " + output
                    + " is a folder; expected the path of a file to write");
        }
        Path folder = output.toAbsolutePath().getParent();
        if (folder != null && Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " " + output + ": " + folder
                    + " is a file, not a folder");
        }
        if (folder != null && !Files.isDirectory(folder)) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " " + output + ": the folder " + folder
                    + " does not exist; create it first");
        }
    }

    /**
     * Returns the absolute path of {@code path} with every symbolic link resolved. For a path that
     * does not exist yet, the nearest existing parent is resolved and the rest appended.
     */
    static Path realPath(Path path) throws IOException {
        Path absolute = path.toAbsolutePath();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute.normalize();
        }
        return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
    }
}
