package org.l2l4j.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one check on a path a command reads, made before it is opened: it exists, can be read, and is a
 * regular file (or, where a reader takes one, a directory). A FIFO, socket or device is refused: a reader
 * would block on it or never reach its end. {@link AtomicFiles#notReplaceable} is the counterpart for
 * files that are written.
 */
public final class InputPaths {

    private InputPaths() {
    }

    /**
     * @param directoryAllowed whether a directory is a valid input here (a data directory) or not (a file)
     * @throws IOException whose message starts with {@code path + ": "} and says what is wrong with it
     */
    public static void requireReadable(Path path, boolean directoryAllowed) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "does not exist");
        }
        if (!Files.isReadable(path)) {
            throw new IOException(path + ": is not readable");
        }
        if (Files.isRegularFile(path) || directoryAllowed && Files.isDirectory(path)) {
            return;
        }
        throw new IOException(path + (directoryAllowed ? ": is neither a file nor a directory" : ": is not a file"));
    }
}
