package org.l2l4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.l2l4j.cli.MetaTrainCommandTest.metaTrain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.core.DirectoryLock;

/** One meta-train per checkpoint directory: a second is refused naming the directory and the holder. */
class CheckpointLockTest {

    @TempDir
    Path tmp;

    @Test
    void aSecondRunOnALockedDirectoryIsRefusedNamingTheHolder() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("ckpt"));
        Path out = tmp.resolve("o.l2l");
        try (DirectoryLock held = DirectoryLock.acquire(dir.resolve(MetaTrainCommand.LOCK))) {
            String holder = "process " + ProcessHandle.current().pid();
            CliRun.l2l(metaTrain("--checkpoint-dir", dir.toString(), "--out", out.toString()))
                    .assertUsageError("l2l meta-train: --checkpoint-dir: " + dir + " is in use by " + holder);
            CliRun.l2l(metaTrain("--checkpoint-dir", dir.toString(), "--resume", "", "--seed", "2"))
                    .assertUsageError("--checkpoint-dir: " + dir + " is in use by " + holder);
        }
        assertTrue(Files.notExists(out) && Files.notExists(dir.resolve(MetaTrainCommand.CHECKPOINT)), "nothing written");
    }

    /** The lock is released when a run ends, so the next one (here resuming it) takes it. */
    @Test
    void theLockIsReleasedWhenARunEnds() throws IOException {
        Path dir = tmp.resolve("ckpt");
        Path out = tmp.resolve("o.l2l");
        CliRun first = CliRun.l2l(metaTrain("--checkpoint-dir", dir.toString(), "--out", out.toString()));
        assertEquals(0, first.code(), first.err());
        CliRun resumed = CliRun.l2l(metaTrain("--checkpoint-dir", dir.toString(), "--resume", "", "--epochs", "5",
                "--out", out.toString()));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().startsWith("epoch 5/5"), resumed.out());
        try (DirectoryLock free = DirectoryLock.acquire(dir.resolve(MetaTrainCommand.LOCK))) {
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(dir.resolve(MetaTrainCommand.LOCK)));
        }
    }
}
