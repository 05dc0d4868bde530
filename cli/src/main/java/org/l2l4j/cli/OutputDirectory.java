package org.l2l4j.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.l2l4j.core.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Checks an output path before any long work starts, so a bad {@code --out} fails in a second, not after
 * an hour. Files are replaced by renaming ({@link AtomicFiles}), so an existing output file must be a
 * regular file: a symbolic link, FIFO, socket or device at that name is refused, never replaced. An
 * output directory may be a symbolic link to a directory: files are written inside it.
 *
 * <p>Directories are created while the command line is checked (a directory that cannot be made fails
 * there); when a later check refuses the command line, {@link CheckedCommand} removes the ones it made
 * ({@link #recordCreated}), so a usage error leaves nothing behind.
 */
final class OutputDirectory {

    /** The directories {@link #prepare} made in this thread since {@link #recordCreated}, deepest last. */
    private static final ThreadLocal<Deque<Path>> CREATED = new ThreadLocal<>();

    private OutputDirectory() {
    }

    /**
     * Starts recording the directories {@link #prepare} makes in this thread; closing the result removes
     * them again (those still empty), unless {@link Created#keep} was called.
     */
    static Created recordCreated() {
        Deque<Path> created = new ArrayDeque<>();
        CREATED.set(created);
        return new Created(created);
    }

    /** The directories made since {@link #recordCreated}. */
    static final class Created implements AutoCloseable {

        private final Deque<Path> directories;
        private boolean kept;

        private Created(Deque<Path> directories) {
            this.directories = directories;
        }

        /** The command line was accepted: the directories stay. */
        void keep() {
            kept = true;
        }

        @Override
        public void close() {
            CREATED.remove();
            if (kept) {
                return;
            }
            while (!directories.isEmpty()) {
                try {
                    Files.deleteIfExists(directories.removeLast());
                } catch (IOException e) {
                    // not empty (a file was written into it) or not ours to remove any more: leave it
                }
            }
        }
    }

    /**
     * Creates {@code dir} if needed, proves it writable by creating and deleting a file in it, and checks
     * that each of {@code files} in it is absent or a regular file.
     *
     * @throws ParameterException naming {@code flag} if it is not a directory, cannot be created or
     *                            written, or holds one of {@code files} as something else than a file
     */
    static Path prepare(Path dir, String flag, CommandLine cli, List<String> files) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ParameterException(cli, flag + ": " + dir + (Files.isRegularFile(dir) ? " is a file, not a directory"
                    : " is not a directory"));
        }
        try {
            createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new ParameterException(cli, flag + ": cannot create directory " + dir + ": " + e.getFile()
                    + (Files.isSymbolicLink(Path.of(e.getFile())) ? " is a symbolic link that leads to no directory" : " is a file"));
        } catch (IOException e) {
            throw new ParameterException(cli, flag + ": cannot create directory " + dir + ": " + reason(e));
        }
        try {
            Files.delete(Files.createTempFile(dir, ".l2l-write-check", ".tmp"));
        } catch (IOException e) {
            throw new ParameterException(cli, flag + ": cannot write to " + dir + ": " + reason(e));
        }
        for (String name : files) {
            requireReplaceable(dir.resolve(name), flag, cli);
        }
        return dir;
    }

    /** {@link #prepare} for a directory that the command fills with files of its own choosing. */
    static Path prepare(Path dir, String flag, CommandLine cli) {
        return prepare(dir, flag, cli, List.of());
    }

    /**
     * Checks that {@code file} names a file that can be written: absent or a regular file, in a directory
     * that exists or can be made, and is writable.
     */
    static Path file(Path file, String flag, CommandLine cli) {
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ParameterException(cli, flag + ": " + file + " is a directory; give a file name");
        }
        requireReplaceable(file, flag, cli);
        prepare(file.toAbsolutePath().getParent(), flag, cli);
        return file;
    }

    /** {@link Files#createDirectories}, recording each directory it makes while {@link #recordCreated} is open. */
    private static void createDirectories(Path dir) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path d = dir.toAbsolutePath(); d != null && Files.notExists(d, LinkOption.NOFOLLOW_LINKS); d = d.getParent()) {
            missing.push(d);
        }
        Files.createDirectories(dir);
        Deque<Path> created = CREATED.get();
        if (created != null) {
            created.addAll(missing); // outermost first, so removal goes deepest first
        }
    }

    private static void requireReplaceable(Path file, String flag, CommandLine cli) {
        String problem = AtomicFiles.notReplaceable(file);
        if (problem != null) {
            throw new ParameterException(cli, flag + ": " + file + " " + problem);
        }
    }

    private static String reason(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
