package org.l2l4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.lstm.LstmWeights;
import org.l2l4j.lstm.OptimizerFile;

/**
 * Meta-training computes, bit for bit, the weights that the build before the reshaping wrote with the same
 * command (test resources {@code legacy/}, see their README): the pin that lets the trainer's code be
 * reorganised without changing a number. A change that is meant to change the arithmetic replaces the
 * reference files, and says why in its commit.
 */
class ReferenceRunsTest {

    @TempDir
    Path tmp;

    private Path resource(String name) throws IOException {
        Path file = tmp.resolve(name);
        try (InputStream in = ReferenceRunsTest.class.getResourceAsStream("legacy/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    private void assertSameWeights(String reference, String... args) throws IOException {
        Path out = tmp.resolve("out-" + reference);
        List<String> command = new ArrayList<>(List.of("meta-train"));
        command.addAll(List.of(args));
        command.addAll(List.of("--out", out.toString()));
        CliRun run = CliRun.l2l(command.toArray(String[]::new));
        assertEquals(0, run.code(), run.err());
        LstmWeights want = OptimizerFile.read(resource(reference)).weights();
        LstmWeights got = OptimizerFile.read(out).weights();
        assertEquals(want.config(), got.config(), reference);
        assertArrayEquals(want.values(), got.values(), reference);
    }

    @Test
    void quadraticRunWithCalibrationClippingAndTwoOptimizeesPerStep() throws IOException {
        assertSameWeights("reference-quadratic.l2l", "--problem", "quadratic", "--steps", "20", "--unroll", "10",
                "--epochs", "3", "--validate-every", "1", "--validation-seeds", "2", "--calibration-seeds", "3",
                "--threads", "2", "--optimizees-per-step", "2", "--clip", "1");
    }

    @Test
    void mnistRunWithTheFullMetaGradient() throws IOException {
        assertSameWeights("reference-mnist.l2l", "--problem", "mnist:hidden=8", "--steps", "10", "--unroll", "5",
                "--epochs", "2", "--validate-every", "1", "--validation-seeds", "1", "--calibration-seeds", "0",
                "--threads", "1");
    }

    @Test
    void adamNormalisedRunWithTheFirstOrderMetaGradientAndNoBaseStep() throws IOException {
        assertSameWeights("reference-quadratic-adam.l2l", "--problem", "quadratic", "--steps", "20", "--unroll", "10",
                "--epochs", "2", "--preprocess", "adam", "--meta-gradient", "first", "--base-lr", "0",
                "--validate-every", "1", "--validation-seeds", "2", "--calibration-seeds", "0", "--threads", "1");
    }

    /** A mixture: validation and calibration relative to Adam tuned per family (written by a later build, README). */
    @Test
    void mixtureRunValidatedAndCalibratedRelativeToTunedAdam() throws IOException {
        assertSameWeights("reference-mixture.l2l", "--problem", "quadratic", "--problem", "mnist:hidden=8",
                "--preprocess", "adam", "--base-lr", "0", "--steps", "20", "--unroll", "10", "--epochs", "6",
                "--validate-every", "2", "--validation-seeds", "3", "--calibration-seeds", "3", "--meta-gradient", "first",
                "--threads", "1");
    }

    /**
     * The earlier build stored the settings as their records' text; this build cannot compare them setting by
     * setting, so it refuses such a checkpoint by name rather than guess.
     */
    @Test
    void aCheckpointOfTheEarlierBuildIsRefusedByName() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("ckpt"));
        Path checkpoint = dir.resolve(CheckpointDirectory.CHECKPOINT);
        Files.copy(resource("legacy-meta-train.ckpt"), checkpoint);
        Path out = tmp.resolve("resumed.l2l");
        CliRun.l2l("meta-train", "--problem", "quadratic", "--steps", "20", "--unroll", "10", "--epochs", "2",
                        "--lr-final", "1", "--validate-every", "1", "--validation-seeds", "2", "--calibration-seeds", "0",
                        "--threads", "1", "--checkpoint-dir", dir.toString(), "--resume", "--out", out.toString())
                .assertUsageError("--resume: cannot resume from " + checkpoint + ": written by an earlier l2l4j build"
                        + " (settings stored as text); it cannot be resumed by this build");
        assertFalse(Files.exists(out), "nothing trained, nothing written");
    }

    /** A run checkpointed and resumed by this build reaches the weights the earlier build's resumed run reached. */
    @Test
    void aRunResumedByThisBuildEndsWhereTheEarlierBuildsResumedRunEnded() throws IOException {
        Path dir = tmp.resolve("ckpt");
        List<String> run = List.of("--problem", "quadratic", "--steps", "20", "--unroll", "10", "--lr-final", "1",
                "--validate-every", "1", "--validation-seeds", "2", "--calibration-seeds", "0", "--threads", "1",
                "--checkpoint-dir", dir.toString());
        List<String> first = new ArrayList<>(List.of("meta-train", "--epochs", "1", "--out", tmp.resolve("first.l2l").toString()));
        first.addAll(run);
        assertEquals(0, CliRun.l2l(first.toArray(String[]::new)).code());
        List<String> resumed = new ArrayList<>(run);
        resumed.addAll(List.of("--epochs", "2", "--resume"));
        assertSameWeights("reference-resumed.l2l", resumed.toArray(String[]::new));
    }
}
