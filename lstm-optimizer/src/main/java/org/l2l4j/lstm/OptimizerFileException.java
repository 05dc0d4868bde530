package org.l2l4j.lstm;

import java.io.IOException;
import java.nio.file.Path;

/** A saved optimizer file that cannot be used, with the file and what is wrong with it. */
public final class OptimizerFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    OptimizerFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    OptimizerFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }
}
