package org.medannot.examples.review;

import java.io.IOException;
import java.nio.file.Path;

/** Raised when a round directory or an edits file is invalid; the message names the file and the field. */
public class RoundFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code file}, naming the JSON field, what was expected and what was found. */
    public RoundFormatException(Path file, String field, String problem) {
        super(file + ": " + field + ": " + problem);
    }
}
