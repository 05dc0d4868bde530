package org.l2l4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.l2l4j.core.DirectoryLock;
import org.l2l4j.meta.train.EpochReport;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * meta-train's {@code --checkpoint-dir DIR}, {@code --save-every E} and {@code --resume}, whichever trainer
 * runs: the checkpoint file {@code DIR/meta-train.ckpt}, its directory created, proven writable and locked
 * for the one run that uses it ({@code DIR/meta-train.lock}) until {@link #close}; the state to start from;
 * the saves after every E epochs and the last. Without {@code --checkpoint-dir} it saves nothing and
 * every run starts at epoch 0.
 */
final class CheckpointDirectory implements AutoCloseable {

    /** The checkpoint's name inside {@code --checkpoint-dir}. */
    static final String CHECKPOINT = "meta-train.ckpt";
    /** The lock file inside {@code --checkpoint-dir}: held by the one run that uses the directory. */
    static final String LOCK = "meta-train.lock";

    /** Reads a checkpoint, checking that it belongs to this run. */
    interface Reader<S> {
        S read(Path file) throws IOException;
    }

    /** Writes the run's state to a checkpoint, atomically. */
    interface Writer {
        void write(Path file) throws IOException;
    }

    /** A command's training, run while this directory stays locked. */
    interface Training {
        int train() throws IOException;
    }

    /** The command's run of {@code training}, which releases this directory when the command closes it. */
    CheckedCommand.Run run(Training training) {
        return new CheckedCommand.Run() {
            @Override
            public Integer call() throws IOException {
                return training.train();
            }

            @Override
            public void close() throws IOException {
                CheckpointDirectory.this.close();
            }
        };
    }

    private final Path file;
    private final DirectoryLock lock;
    private final int saveEvery;
    private final CommandLine cli;

    private CheckpointDirectory(Path file, DirectoryLock lock, int saveEvery, CommandLine cli) {
        this.file = file;
        this.lock = lock;
        this.saveEvery = saveEvery;
        this.cli = cli;
    }

    /**
     * Claims {@code flags}' checkpoint directory for a run writing {@code out}, saving every {@code saveEvery}
     * epochs; refuses (exit 2, before any work) a directory in use by another run, an {@code --out} that is
     * one of its files, a checkpoint already there without {@code --resume}, {@code --resume} without a
     * directory and a {@code --save-every} below 1.
     */
    static CheckpointDirectory claim(MetaTrainCommand flags, Path out, int saveEvery, CommandLine cli)
            throws IOException {
        if (saveEvery < 1) {
            throw new ParameterException(cli, "--save-every: must be at least 1, got " + saveEvery);
        }
        if (flags.checkpointDir == null) {
            if (flags.resume) {
                throw new ParameterException(cli, "--resume: needs --checkpoint-dir, the directory to resume from");
            }
            return new CheckpointDirectory(null, null, saveEvery, cli);
        }
        Path dir = OutputDirectory.prepare(flags.checkpointDir, "--checkpoint-dir", cli, List.of(CHECKPOINT, LOCK));
        for (String name : List.of(CHECKPOINT, LOCK)) {
            if (out.toAbsolutePath().normalize().equals(dir.resolve(name).toAbsolutePath().normalize())) {
                throw new ParameterException(cli, "--out: " + out + " is the " + (name.equals(LOCK) ? "lock" : "checkpoint")
                        + " file of --checkpoint-dir; give another name");
            }
        }
        DirectoryLock lock = lock(dir, cli);
        Path file = dir.resolve(CHECKPOINT);
        if (!flags.resume && Files.exists(file)) {
            lock.close();
            throw new ParameterException(cli, "--checkpoint-dir: " + file + " already exists; add --resume to"
                    + " continue that run, or give another directory");
        }
        return new CheckpointDirectory(file, lock, saveEvery, cli);
    }

    /** The exclusive claim on the checkpoint directory, or a usage error naming the run that holds it. */
    private static DirectoryLock lock(Path dir, CommandLine cli) {
        try {
            return DirectoryLock.acquire(dir.resolve(LOCK));
        } catch (DirectoryLock.HeldException e) {
            throw new ParameterException(cli, "--checkpoint-dir: " + dir + " is in use by " + e.holder()
                    + " (another meta-train on this directory); wait for it to end, or give another directory");
        } catch (IOException e) {
            throw new ParameterException(cli, "--checkpoint-dir: cannot lock " + dir.resolve(LOCK) + ": "
                    + Main.reason(e, dir.resolve(LOCK)));
        }
    }

    /** The checkpoint file; null without {@code --checkpoint-dir}. */
    Path file() {
        return file;
    }

    /**
     * The state to start from: {@code start}'s (epoch 0) unless there is a checkpoint to resume, which
     * {@code read} reads; one that is damaged or of another run is refused (exit 2) naming why.
     */
    <S> S startingState(Supplier<S> start, Reader<S> read) {
        if (file == null || !Files.exists(file)) {
            return start.get();
        }
        try {
            return read.read(file);
        } catch (IOException e) {
            throw new ParameterException(cli, "--resume: cannot resume from " + file + ": " + Main.reason(e, file));
        }
    }

    /** After {@code report}'s epoch: saves with {@code write} every {@code --save-every} epochs and after the run's last. */
    void saveIfDue(EpochReport report, Writer write) {
        if (file != null && (report.epoch() % saveEvery == 0 || report.last())) {
            try {
                write.write(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the checkpoint " + file + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (lock != null) {
            lock.close();
        }
    }
}
