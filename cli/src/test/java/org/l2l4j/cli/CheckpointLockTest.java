package org.l2l4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.l2l4j.cli.MetaTrainCommandTest.metaTrain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        try (DirectoryLock held = DirectoryLock.acquire(dir.resolve(CheckpointDirectory.LOCK))) {
            String holder = "process " + ProcessHandle.current().pid();
            CliRun.l2l(metaTrain("--checkpoint-dir", dir.toString(), "--out", out.toString()))
                    .assertUsageError("l2l meta-train: --checkpoint-dir: " + dir + " is in use by " + holder);
            CliRun.l2l(metaTrain("--checkpoint-dir", dir.toString(), "--resume", "", "--seed", "2"))
                    .assertUsageError("--checkpoint-dir: " + dir + " is in use by " + holder);
        }
        assertTrue(Files.notExists(out) && Files.notExists(dir.resolve(CheckpointDirectory.CHECKPOINT)), "nothing written");
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
        try (DirectoryLock free = DirectoryLock.acquire(dir.resolve(CheckpointDirectory.LOCK))) {
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(dir.resolve(CheckpointDirectory.LOCK)));
        }
    }

    /**
     * Another process's run: refused naming its process id; once that process is killed (SIGKILL, no chance
     * to clean up) the system has released the lock and the directory can be taken.
     */
    @Test
    void aRunInAnotherProcessHoldsTheDirectoryUntilItIsKilled() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("ckpt"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(metaTrain("--epochs", "1000000", "--checkpoint-dir", dir.toString(),
                "--out", tmp.resolve("child.l2l").toString())));
        Process child = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(tmp.resolve("child-stderr.txt").toFile()).start();
        try {
            Path lockFile = dir.resolve(CheckpointDirectory.LOCK);
            String pid = child.pid() + "\n";
            for (long deadline = System.nanoTime() + 120_000_000_000L; child.isAlive() && System.nanoTime() < deadline; ) {
                if (Files.exists(lockFile) && Files.readString(lockFile).equals(pid)) {
                    break;
                }
                Thread.sleep(50);
            }
            assertTrue(child.isAlive(), () -> "the child ended: " + read(tmp.resolve("child-stderr.txt")));
            CliRun.l2l(metaTrain("--checkpoint-dir", dir.toString(), "--resume", "", "--out", tmp.resolve("o.l2l").toString()))
                    .assertUsageError("--checkpoint-dir: " + dir + " is in use by process " + child.pid());
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        try (DirectoryLock free = DirectoryLock.acquire(dir.resolve(CheckpointDirectory.LOCK))) {
            assertTrue(Files.exists(dir.resolve(CheckpointDirectory.LOCK)));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
