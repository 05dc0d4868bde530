package org.l2l4j.core;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint that cannot be used, with the file it came from and what is wrong with it. */
public final class CheckpointException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** @param file the checkpoint file, or null for a checkpoint built in memory */
    public CheckpointException(Path file, String problem) {
        super((file == null ? "checkpoint" : file.toString()) + ": " + problem);
        this.file = file;
    }

    /** The offending file, or null for a checkpoint built in memory. */
    public Path file() {
        return file;
    }
}
