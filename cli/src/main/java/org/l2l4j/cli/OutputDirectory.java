package org.l2l4j.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Checks an output directory before any long work starts, so a bad {@code --out} fails in a second, not after an hour. */
final class OutputDirectory {

    private OutputDirectory() {
    }

    /**
     * Creates {@code dir} if needed and proves it writable by creating and deleting a file in it.
     *
     * @throws ParameterException naming {@code flag} if it is a file, cannot be created or cannot be written
     */
    static Path prepare(Path dir, String flag, CommandLine cli) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ParameterException(cli, flag + ": " + dir + " is a file, not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new ParameterException(cli, flag + ": cannot create directory " + dir + ": " + e.getFile()
                    + " is a file");
        } catch (IOException e) {
            throw new ParameterException(cli, flag + ": cannot create directory " + dir + ": " + reason(e));
        }
        try {
            Files.delete(Files.createTempFile(dir, ".l2l-write-check", ".tmp"));
        } catch (IOException e) {
            throw new ParameterException(cli, flag + ": cannot write to " + dir + ": " + reason(e));
        }
        return dir;
    }

    private static String reason(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
