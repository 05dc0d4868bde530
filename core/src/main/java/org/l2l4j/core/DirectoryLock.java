package org.l2l4j.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One process's exclusive claim on a directory, so that two runs never write the same files: an
 * operating-system lock ({@link FileChannel#tryLock}) on a lock file in it, which holds the owner's
 * process id for the message the next claimant sees. The system releases the lock when the process
 * ends, however it ends (a SIGKILL included), so a stale lock file is never an obstacle; it is left in
 * place, since deleting it would let two processes lock two different files of the same name.
 */
public final class DirectoryLock implements AutoCloseable {

    /** The lock is held by another process, or by another claim of this one. */
    public static final class HeldException extends IOException {

        private static final long serialVersionUID = 1L;

        private final String holder;

        HeldException(Path file, String holder) {
            super(file + " is locked by " + holder);
            this.holder = holder;
        }

        /** E.g. {@code "process 1234"}, or {@code "another process"} when the file does not say. */
        public String holder() {
            return holder;
        }
    }

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code file} (created if absent) without waiting, and writes this process's id into it.
     *
     * @throws HeldException if another process, or another claim in this one, holds it
     * @throws IOException   if {@code file} exists and is not a regular file, or cannot be opened
     */
    public static DirectoryLock acquire(Path file) throws IOException {
        String problem = AtomicFiles.notReplaceable(file);
        if (problem != null) {
            throw new IOException(file + " " + problem);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new HeldException(file, holder(channel));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            return new DirectoryLock(channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** "process PID" as the holder wrote it, or "another process" if the file holds no process id (yet). */
    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(32);
        channel.read(head, 0);
        String pid = new String(head.array(), 0, head.position(), StandardCharsets.US_ASCII).strip();
        return pid.matches("[0-9]{1,19}") ? "process " + pid : "another process";
    }

    /** Empties the lock file and releases the lock. */
    @Override
    public void close() throws IOException {
        try (channel) {
            channel.truncate(0);
            lock.release();
        }
    }
}
