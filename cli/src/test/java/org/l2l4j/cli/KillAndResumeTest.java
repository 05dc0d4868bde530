package org.l2l4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.lstm.BaseStep;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmWeights;
import org.l2l4j.lstm.OptimizerFile;
import org.l2l4j.meta.train.MetaTrainingSettings;
import org.l2l4j.meta.train.TrainingCheckpoint;
import org.l2l4j.meta.train.TrainingState;

/**
 * Meta-training in a child JVM killed with SIGKILL at 20 random moments (during start-up, between
 * epochs, while a checkpoint or the optimizer file is being written) and resumed each time: after
 * every kill the checkpoint and the optimizer file on disk are intact, the run always finishes, and
 * it finishes with the same optimizer file, byte for byte, and the same training state as a run that
 * was never killed.
 */
class KillAndResumeTest {

    private static final String PROBLEM = "quadratic:dim=3,batch=4";
    private static final int EPOCHS = 60;
    private static final int KILLS = 20;

    /** What the child is told; mirrored by {@link #settings()} to read its checkpoints. */
    private static final List<String> ARGS = List.of("meta-train", "--problem", PROBLEM, "--steps", "20",
            "--unroll", "5", "--epochs", String.valueOf(EPOCHS), "--validate-every", "2", "--validation-seeds", "2",
            "--threads", "1", "--save-every", "1", "--seed", "4", "--optimizees-per-step", "2", "--lr-final", "0.5",
            "--random-scale", "1", "--checkpoint-every", "3");

    @TempDir
    Path tmp;

    private static MetaTrainingSettings settings() {
        return MetaTrainingSettings.builder().steps(20).unroll(5).epochs(EPOCHS).validateEvery(2).validationSeeds(2)
                .threads(1).seed(4).optimizeesPerStep(2).finalLearningRateFraction(0.5).randomScale(1).checkpointSegment(3)
                .lstm(LstmConfig.defaults().withBase(BaseStep.nesterov(1, 0.9).withCorrectionSteps(40))).build();
    }

    private Process start(Path dir, boolean resume) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-XX:TieredStopAtLevel=1" /* starts faster */, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(ARGS);
        command.addAll(List.of("--checkpoint-dir", dir.toString(), "--out", dir.resolve("optimizer.l2l").toString()));
        if (resume) {
            command.add("--resume");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectError(tmp.resolve("stderr-" + System.nanoTime() + ".txt").toFile());
        builder.environment().put("L2L_PROGRESS", "lines");
        return builder.start();
    }

    @Test
    void aRunKilledAtRandomMomentsAndResumedFinishesAsIfNeverKilled() throws Exception {
        Path reference = Files.createDirectory(tmp.resolve("reference"));
        Process whole = start(reference, false);
        whole.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertEquals(0, whole.waitFor(), "the uninterrupted run failed");

        Path dir = Files.createDirectory(tmp.resolve("killed"));
        SplittableRandom random = new SplittableRandom(2024);
        int kills = 0;
        int runs = 0;
        List<Integer> epochsAtKill = new ArrayList<>();
        while (true) {
            Process child = start(dir, true);
            runs++;
            boolean kill = kills < KILLS;
            if (kill) {
                // Half the time during start-up or the first epoch, otherwise after 1..4 more epoch lines;
                // then a random 0..20 ms into whatever comes next (training, validation, a file being written).
                BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                int wait = random.nextBoolean() ? 0 : 1 + random.nextInt(4);
                for (int i = 0; i < wait && lines.readLine() != null; i++) {
                    // reading epoch lines
                }
                Thread.sleep(random.nextInt(21));
                if (child.isAlive()) {
                    child.destroyForcibly(); // SIGKILL on Unix
                    kills++;
                } else {
                    assertEquals(0, child.waitFor(), "a resumed run ended by itself with an error");
                }
            } else {
                child.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            }
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "a child did not end");
            if (!kill) {
                assertEquals(0, child.exitValue(), "the final resumed run failed");
                break;
            }
            epochsAtKill.add(intactFilesEpoch(dir));
            assertTrue(runs < 3 * KILLS, "no progress after " + runs + " runs: " + epochsAtKill);
        }

        assertArrayEquals(Files.readAllBytes(reference.resolve("optimizer.l2l")), Files.readAllBytes(dir.resolve("optimizer.l2l")));
        TrainingState<LstmWeights> expected = TrainingCheckpoint.read(reference.resolve(CheckpointDirectory.CHECKPOINT), PROBLEM, settings());
        TrainingState<LstmWeights> actual = TrainingCheckpoint.read(dir.resolve(CheckpointDirectory.CHECKPOINT), PROBLEM, settings());
        assertEquals(EPOCHS, actual.epoch());
        assertEquals(expected.weights(), actual.weights());
        assertEquals(expected.best(), actual.best());
        assertEquals(expected.validations(), actual.validations());
        assertEquals(expected.metaSteps(), actual.metaSteps());
        assertTrue(kills >= 20, kills + " kills");
        assertTrue(epochsAtKill.stream().distinct().count() >= 5, "the kills did not land at different epochs: " + epochsAtKill);
    }

    /** Reads what a killed run left: both files, if present, must load; returns the checkpoint's epoch (0 if none). */
    private static int intactFilesEpoch(Path dir) throws IOException {
        Path out = dir.resolve("optimizer.l2l");
        if (Files.exists(out)) {
            OptimizerFile.read(out);
        }
        Path checkpoint = dir.resolve(CheckpointDirectory.CHECKPOINT);
        return Files.exists(checkpoint) ? TrainingCheckpoint.read(checkpoint, PROBLEM, settings()).epoch() : 0;
    }
}
