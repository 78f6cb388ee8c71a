package org.medannot.examples.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code annotate} command-line tool. Each subcommand is its own class registered in
 * {@link #newCommandLine()}.
 *
 * <p>Exit status: {@value #EXIT_OK} on success, {@value #EXIT_FAILURE} when an input could not be
 * read or processed, {@value #EXIT_USAGE} for bad usage. Errors are one line on standard error.
 */
@Command(name = "annotate",
        mixinStandardHelpOptions = true,
        versionProvider = AnnotateCommand.Version.class,
        description = "AI-assisted medical image annotation: read, de-identify, segment, export and evaluate scans.",
        subcommands = {
                CommandLine.HelpCommand.class,
                InfoCommand.class,
                ConvertCommand.class,
                AnonymizeCommand.class,
                SegmentCommand.class,
                CocoCommand.class,
                ExportCommand.class,
                EvaluateCommand.class,
                ReviewCommand.class,
                AuditCommand.class,
                EncryptCommand.class,
                DecryptCommand.class,
                ExportTrainingCommand.class,
                PipelineCommand.class
        })
public final class AnnotateCommand implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /** Builds the command line with every subcommand and the exit-status mapping above. */
    public static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new AnnotateCommand());
        commandLine.setExitCodeExceptionMapper(exception -> EXIT_FAILURE);
        commandLine.setParameterExceptionHandler((exception, args) -> {
            PrintWriter err = exception.getCommandLine().getErr();
            err.println("annotate: " + exception.getMessage());
            err.println("Run 'annotate --help' for usage.");
            return EXIT_USAGE;
        });
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            cmd.getErr().println("annotate: " + oneLine(exception));
            return EXIT_FAILURE;
        });
        return commandLine;
    }

    /** Returns the exception's message on one line, or its type when it has none. */
    static String oneLine(Throwable exception) {
        if (exception instanceof java.nio.file.FileSystemException fileError && fileError.getReason() == null) {
            // These exceptions carry only the path as their message, so the problem comes from the type.
            return fileError.getFile() + ": " + fileProblem(fileError);
        }
        String message = exception.getMessage();
        if (message == null || message.isBlank()) {
            return exception.getClass().getSimpleName();
        }
        return message.replace('\n', ' ').replace('\r', ' ');
    }

    /**
     * Prefixes {@code message} with the file's path and a colon, unless the message already starts
     * with that path, as the messages of the DICOM and NIfTI readers do.
     */
    static String aboutFile(java.nio.file.Path file, String message) {
        String name = file.toString();
        if (message.startsWith(name) && (message.length() == name.length() || message.charAt(name.length()) == ':'
                || message.charAt(name.length()) == ' ')) {
            return message;
        }
        return name + ": " + message;
    }

    private static String fileProblem(java.nio.file.FileSystemException error) {
        if (error instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (error instanceof java.nio.file.NoSuchFileException) {
            // A reason set by the thrower, such as "secret file not found", names the kind of file.
            return error.getReason() != null ? error.getReason() : "not found, or its folder cannot be created";
        }
        if (error instanceof java.nio.file.FileAlreadyExistsException) {
            return "already exists";
        }
        if (error instanceof java.nio.file.NotDirectoryException) {
            return "not a folder";
        }
        return error.getClass().getSimpleName();
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** Reports the SDK version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = AnnotateCommand.class.getPackage().getImplementationVersion();
            return new String[] {"annotate " + (version == null ? "(development build)" : version)};
        }
    }
}
