package org.l2l4j.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes files so that a crash never leaves a half-written one: the bytes go to a temporary file in
 * the same directory, are forced to disk, and the temporary file is renamed over the target. Readers
 * see either the old content or the new, and a failed write leaves the old file intact.
 *
 * <p>A set of files that belong together (a report's summary, table and pictures) is replaced all at once
 * or not at all ({@link #writeAll}): every file is first written in full to its temporary name, so
 * a full disk fails before anything is replaced; then each old file is kept under a backup name (a hard
 * link) while the new one is renamed over it, and if one rename fails the ones already made are undone.
 * Only a crash during the renames themselves, a matter of milliseconds, can leave a mixed set, and then
 * the old files are still there as {@code .NAME.*.old}. Files of an earlier set that the new one does not
 * have can be removed in the same swap ({@link #writeAll(Map, Set)}), so they too go or stay with the rest.
 *
 * <p>A target is replaced only if it is absent or a regular file: a directory, a symbolic link (renaming
 * would replace the link, not write through it), a FIFO or a device is refused with an IOException.
 */
public final class AtomicFiles {

    /** The two operations a replacement is made of; tests inject failures here. */
    interface Steps {

        /** Writes {@code content} to the existing, empty {@code file} and forces it to disk. */
        void write(Path file, byte[] content) throws IOException;

        /** Renames {@code from} over {@code to}, atomically where the file system can. */
        void rename(Path from, Path to) throws IOException;
    }

    static final Steps DISK = new Steps() {
        @Override
        public void write(Path file, byte[] content) throws IOException {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
        }

        @Override
        public void rename(Path from, Path to) throws IOException {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    };

    private AtomicFiles() {
    }

    public static void write(Path target, byte[] content) throws IOException {
        writeAll(Map.of(target, content), Set.of(), DISK);
    }

    public static void writeString(Path target, String content) throws IOException {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces every file of {@code files} (target → content) with its content, all at once or none. */
    public static void writeAll(Map<Path, byte[]> files) throws IOException {
        writeAll(files, Set.of(), DISK);
    }

    /**
     * As {@link #writeAll(Map)}, and removes each of {@code removals} that exists (a regular file) in the same
     * all-or-nothing swap: if a write or rename fails, the removed files are back as they were.
     */
    public static void writeAll(Map<Path, byte[]> files, Set<Path> removals) throws IOException {
        writeAll(files, removals, DISK);
    }

    /** Why {@code target} cannot be replaced, or null if it is absent or a regular file. */
    public static String notReplaceable(Path target) {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        if (Files.isSymbolicLink(target)) {
            return "is a symbolic link (a file is replaced by renaming, which would replace the link, not write"
                    + " to its target); give the real path";
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            return "is a directory";
        }
        if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            return "exists and is not a regular file (a FIFO, socket or device)";
        }
        return null;
    }

    static void writeAll(Map<Path, byte[]> files, Set<Path> removals, Steps steps) throws IOException {
        Map<Path, Path> temporary = new LinkedHashMap<>();
        List<Path> removed = new ArrayList<>();
        for (Path removal : removals) {
            Path target = removal.toAbsolutePath();
            if (files.containsKey(removal) || files.containsKey(target)) {
                throw new IllegalArgumentException(target + " is both written and removed");
            }
            String problem = notReplaceable(target);
            if (problem != null) {
                throw new IOException(target + " " + problem);
            }
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                removed.add(target);
            }
        }
        try {
            for (Map.Entry<Path, byte[]> file : files.entrySet()) {
                Path target = file.getKey().toAbsolutePath();
                String problem = notReplaceable(target);
                if (problem != null) {
                    throw new IOException(target + " " + problem);
                }
                Path dir = target.getParent();
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
                temporary.put(target, tmp);
                setOrdinaryPermissions(tmp, target);
                steps.write(tmp, file.getValue());
            }
            if (temporary.size() == 1 && removed.isEmpty()) {
                Map.Entry<Path, Path> only = temporary.entrySet().iterator().next();
                steps.rename(only.getValue(), only.getKey());
            } else {
                swap(temporary, removed, steps);
            }
            Stream.concat(temporary.keySet().stream(), removed.stream()).map(Path::getParent).distinct()
                    .forEach(AtomicFiles::syncDirectory);
        } finally {
            for (Path tmp : temporary.values()) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Removes {@code removed}, then renames each temporary file over its target, keeping the old files until
     * all are in place.
     */
    private static void swap(Map<Path, Path> temporary, List<Path> removed, Steps steps) throws IOException {
        List<Path> replaced = new ArrayList<>();
        Map<Path, Path> backups = new LinkedHashMap<>();
        try {
            for (Path target : removed) {
                backups.put(target, backup(target));
                replaced.add(target);
                Files.delete(target);
            }
            for (Map.Entry<Path, Path> file : temporary.entrySet()) {
                Path target = file.getKey();
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    backups.put(target, backup(target));
                }
                steps.rename(file.getValue(), target);
                replaced.add(target);
            }
        } catch (IOException | RuntimeException e) {
            for (int i = replaced.size() - 1; i >= 0; i--) {
                Path target = replaced.get(i);
                try {
                    Path backup = backups.remove(target);
                    if (backup != null) {
                        DISK.rename(backup, target);
                    } else {
                        Files.deleteIfExists(target);
                    }
                } catch (IOException undo) {
                    e.addSuppressed(undo);
                }
            }
            throw e;
        } finally {
            for (Path backup : backups.values()) {
                Files.deleteIfExists(backup);
            }
        }
    }

    /** A second name for {@code target}'s current content: a hard link, or a copy where links are not supported. */
    private static Path backup(Path target) throws IOException {
        Path backup = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".old");
        try {
            Files.createLink(backup, target);
        } catch (UnsupportedOperationException | IOException noLinks) {
            Files.copy(target, backup, StandardCopyOption.COPY_ATTRIBUTES);
        }
        return backup;
    }

    /**
     * Temporary files are created owner-only; the result should look like any file the user writes:
     * the target's permissions if it exists, else rw-r--r--.
     */
    private static void setOrdinaryPermissions(Path tmp, Path target) throws IOException {
        if (!tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Files.setPosixFilePermissions(tmp, Files.exists(target) ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** Makes the rename itself durable; not every file system allows opening a directory, so best effort. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // The content is already durable; only the directory entry's durability is uncertain.
        }
    }
}
