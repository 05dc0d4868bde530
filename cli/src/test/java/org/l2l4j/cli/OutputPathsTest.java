package org.l2l4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.l2l4j.cli.MetaTrainCommandTest.metaTrain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.core.SpecialFiles;

/**
 * Output paths: an existing output file is replaced only if it is a regular file. A FIFO (standing in for a
 * device or socket) or a symbolic link at the name, dangling or looping ones included, is refused with
 * exit 2 naming the flag, and left as it was.
 */
class OutputPathsTest {

    @TempDir
    Path tmp;

    private static String[] evaluate(Path out) {
        return new String[] {"evaluate", "--optimizer", "adam", "--lr", "0.1", "--problem", "quadratic", "--steps", "3",
            "--seeds", "2", "--out", out.toString()};
    }

    private Path fifo(String name) throws InterruptedException {
        Path fifo = tmp.resolve(name);
        assumeTrue(SpecialFiles.mkfifo(fifo), "mkfifo is not available");
        return fifo;
    }

    @Test
    void metaTrainOutRefusesAFifoOrASymbolicLink() throws Exception {
        Path fifo = fifo("dev");
        CliRun.l2l(metaTrain("--out", fifo.toString()))
                .assertUsageError("l2l meta-train: --out: " + fifo + " exists and is not a regular file");
        assertFalse(Files.isRegularFile(fifo), "the FIFO is still a FIFO");

        Path target = Files.writeString(tmp.resolve("target.l2l"), "keep");
        Path link = Files.createSymbolicLink(tmp.resolve("link.l2l"), target);
        CliRun.l2l(metaTrain("--out", link.toString())).assertUsageError("--out: " + link + " is a symbolic link");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("keep", Files.readString(target));
    }

    @Test
    void aReportFileThatIsAFifoOrALinkIsRefusedBeforeTheRun() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("out"));
        Path fifo = fifo("out/loss.svg");
        CliRun.l2l(evaluate(dir)).assertUsageError("l2l evaluate: --out: " + fifo + " exists and is not a regular file");
        Files.delete(fifo);
        Path link = Files.createSymbolicLink(dir.resolve("summary.json"), tmp.resolve("nowhere"));
        CliRun.l2l("compare", "--problem", "quadratic", "--out", dir.toString(), "--no-bundled")
                .assertUsageError("l2l compare: --out: " + link + " is a symbolic link");
        CliRun.l2l(metaTrain("--compare", dir.toString())).assertUsageError("l2l meta-train: --compare: " + link);
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void aCommandLineRefusedAfterItsOutputDirectoryWasMadeLeavesNoDirectoryBehind() throws IOException {
        Path out = tmp.resolve("new/report");
        CliRun.l2l("compare", "--problem", "no-such-family", "--out", out.toString(), "--no-bundled")
                .assertUsageError("--problem");
        assertFalse(Files.exists(tmp.resolve("new")), "the directories made for --out are removed again");

        Path existing = Files.createDirectory(tmp.resolve("existing"));
        CliRun.l2l("compare", "--problem", "no-such-family", "--out", existing.toString(), "--no-bundled")
                .assertUsageError("--problem");
        assertTrue(Files.isDirectory(existing), "a directory that was there before stays");

        assertEquals(0, CliRun.l2l(evaluate(out)).code());
        assertTrue(Files.isRegularFile(out.resolve("summary.json")), "an accepted command line keeps its directory");
    }

    /** An output directory may be a link to a directory: the files go inside it. */
    @Test
    void anOutputDirectoryMayBeALinkToADirectory() throws IOException {
        Path real = Files.createDirectory(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        CliRun run = CliRun.l2l(evaluate(link));
        assertEquals(0, run.code(), run.err());
        assertTrue(Files.isRegularFile(real.resolve("summary.json")));
        assertTrue(Files.isSymbolicLink(link));
        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("none"));
        CliRun.l2l(evaluate(dangling)).assertUsageError("--out: cannot create directory " + dangling + ": " + dangling
                + " is a symbolic link that leads to no directory");
    }

    /** A dangling or looping link where the checkpoint belongs is refused, not taken for "no checkpoint yet". */
    @Test
    void aDanglingOrLoopingCheckpointLinkIsRefused() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("ckpt"));
        Path checkpoint = dir.resolve(CheckpointDirectory.CHECKPOINT);
        Files.createSymbolicLink(checkpoint, tmp.resolve("gone"));
        CliRun.l2l(metaTrain("--checkpoint-dir", dir.toString(), "--resume", ""))
                .assertUsageError("--checkpoint-dir: " + checkpoint + " is a symbolic link");
        Files.delete(checkpoint);
        Files.createSymbolicLink(checkpoint, checkpoint);
        CliRun.l2l(metaTrain("--checkpoint-dir", dir.toString(), "--resume", ""))
                .assertUsageError("--checkpoint-dir: " + checkpoint + " is a symbolic link");
        assertTrue(Files.isSymbolicLink(checkpoint));
        assertFalse(Files.exists(tmp.resolve("gone")));
    }
}
