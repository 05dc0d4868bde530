package org.l2l4j.meta.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.l2l4j.core.CheckpointException;
import org.l2l4j.core.Episode;
import org.l2l4j.core.SeedRange;
import org.l2l4j.core.SettingException;
import org.l2l4j.lstm.LstmKernel;

class LearnedInitTrainerTest {

    private static final QuadraticEpisodes TASKS = new QuadraticEpisodes(2, 3);

    /**
     * One Reptile meta-step by its definition, θ<sub>0</sub> + ε·mean<sub>b</sub>(θ̃<sub>b</sub> − θ<sub>0</sub>),
     * θ̃<sub>b</sub> after K steps of SGD on task b, in float32 as the trainer computes it (same tasks: the
     * step's seeds from the run's random stream).
     */
    @Test
    void reptileStepEqualsItsDefinition() {
        int steps = 4;
        int tasks = 3;
        float alpha = 0.02f;
        float epsilon = 0.5f;
        LearnedInitSettings settings = LearnedInitSettings.builder(InitMethod.REPTILE).innerSteps(steps)
                .innerLearningRate(alpha).tasksPerStep(tasks).iterations(1).metaLearningRate(epsilon).validateEvery(0)
                .seed(5).build();
        LearnedInitTrainer.Result result = new LearnedInitTrainer(TASKS, settings, LstmKernel.create(1)).train(r -> {
        });

        float[] theta0 = TASKS.sample(new SplittableRandom(5).nextLong()).initialParameters();
        SplittableRandom random = MetaTrainer.epochRandom(5, 1);
        float[] sum = new float[theta0.length];
        for (int b = 0; b < tasks; b++) {
            Episode task = TASKS.sample(SeedRange.trainingSeed(random));
            float[] theta = theta0.clone();
            float[] g = new float[theta.length];
            for (int t = 0; t < steps; t++) {
                task.lossAndGradient(theta, g);
                for (int i = 0; i < theta.length; i++) {
                    theta[i] += -alpha * g[i];
                }
            }
            for (int i = 0; i < theta.length; i++) {
                sum[i] += theta[i] - theta0[i];
            }
        }
        float[] expected = new float[theta0.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = theta0[i] + epsilon * (sum[i] / tasks);
        }
        assertArrayEquals(expected, result.init(), 1e-6f);
        assertTrue(result.learningRates().isEmpty() && result.lstm().isEmpty());
    }

    /**
     * The meta-gradient's global norm is clipped before the meta-step: Reptile's plain step shows it, the clipped
     * step is the unclipped one scaled to ε·clipNorm; a bound above the norm changes nothing.
     */
    @Test
    void theMetaGradientIsClippedToItsNormBound() {
        LearnedInitSettings.Builder reptile = LearnedInitSettings.builder(InitMethod.REPTILE).innerSteps(3)
                .innerLearningRate(0.05).tasksPerStep(2).iterations(1).metaLearningRate(0.5).validateEvery(0).seed(4);
        float[] theta0 = TASKS.sample(new SplittableRandom(4).nextLong()).initialParameters();
        float[] free = step(reptile.build(), theta0);
        double norm = 0;
        for (float v : free) {
            norm += (double) v * v;
        }
        double gradientNorm = Math.sqrt(norm) / 0.5;
        assertTrue(gradientNorm > 0, "the unclipped step moves θ0");

        float[] clipped = step(reptile.clipNorm(gradientNorm / 4).build(), theta0);
        for (int i = 0; i < free.length; i++) {
            assertEquals(free[i] / 4, clipped[i], 1e-6 * (1 + Math.abs(free[i])), "coordinate " + i);
        }
        assertArrayEquals(free, step(reptile.clipNorm(gradientNorm * 4).build(), theta0), 0f);
    }

    /** θ0 after one meta-step minus θ0 before it. */
    private static float[] step(LearnedInitSettings settings, float[] theta0) {
        float[] after = new LearnedInitTrainer(TASKS, settings, LstmKernel.create(1)).train(r -> {
        }).init();
        float[] step = new float[after.length];
        for (int i = 0; i < step.length; i++) {
            step[i] = after[i] - theta0[i];
        }
        return step;
    }

    /** Every method, a few meta-steps on quadratic tasks: the held-out query loss after adaptation goes down. */
    @ParameterizedTest
    @EnumSource(InitMethod.class)
    void metaTrainingLowersTheHeldOutQueryLossAfterAdaptation(InitMethod method) {
        LearnedInitSettings settings = LearnedInitSettings.builder(method).innerSteps(2).innerLearningRate(0.05)
                .tasksPerStep(4).iterations(30).metaLearningRate(method == InitMethod.REPTILE ? 0.5 : 0.02)
                .validateEvery(1).validationTasks(8).seed(3).build();
        List<Double> validations = new ArrayList<>();
        LearnedInitTrainer.Result result = new LearnedInitTrainer(TASKS, settings, LstmKernel.create(1))
                .train(r -> validations.add(r.validationLoss()));
        assertEquals(30, validations.size());
        assertTrue(result.bestValidationLoss() < 0.5 * validations.get(0),
                method + ": best " + result.bestValidationLoss() + ", first " + validations.get(0));
        assertEquals(method == InitMethod.META_SGD, result.learningRates().isPresent());
        assertEquals(method == InitMethod.LSTM, result.lstm().isPresent());
    }

    private static final class Crash extends RuntimeException {
    }

    /**
     * A run that saves a checkpoint after meta-step 4 and dies in meta-step 6, resumed from the file by a
     * fresh trainer, ends with exactly the kept meta-parameters, best validation and counters of an
     * uninterrupted run, and reports the same query losses for the meta-steps it ran again.
     */
    @ParameterizedTest
    @EnumSource(InitMethod.class)
    void aResumedRunEndsWithExactlyTheMetaParametersOfAnUninterruptedOne(InitMethod method, @TempDir Path dir)
            throws IOException, NoSuchAlgorithmException {
        LearnedInitSettings settings = LearnedInitSettings.builder(method).innerSteps(2).innerLearningRate(0.05)
                .tasksPerStep(3).iterations(9).metaLearningRate(method == InitMethod.REPTILE ? 0.5 : 0.02)
                .validateEvery(3).validationTasks(4).seed(7).build();
        List<EpochReport> wholeReports = new ArrayList<>();
        TrainingState<float[]> whole = new LearnedInitTrainer(TASKS, settings, LstmKernel.create(1)).start();
        LearnedInitTrainer.Result uninterrupted = new LearnedInitTrainer(TASKS, settings, LstmKernel.create(1))
                .train(whole, wholeReports::add);

        Path file = dir.resolve("run.ckpt");
        LearnedInitTrainer crashing = new LearnedInitTrainer(TASKS, settings, LstmKernel.create(1));
        TrainingState<float[]> crashed = crashing.start();
        assertThrows(Crash.class, () -> crashing.train(crashed, report -> {
            if (report.epoch() == 4) {
                try {
                    TrainingCheckpoint.write(file, crashed, crashing);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (report.epoch() == 6) {
                throw new Crash();
            }
        }));
        LearnedInitTrainer resuming = new LearnedInitTrainer(TASKS, settings, LstmKernel.create(1));
        TrainingState<float[]> restored = TrainingCheckpoint.read(file, resuming);
        assertEquals(4, restored.epoch());
        List<EpochReport> resumedReports = new ArrayList<>();
        LearnedInitTrainer.Result resumed = resuming.train(restored, resumedReports::add);

        assertEquals(LearnedInitReferenceRunsTest.digest(uninterrupted), LearnedInitReferenceRunsTest.digest(resumed));
        assertArrayEquals(whole.weights(), restored.weights());
        assertEquals(whole.validations(), restored.validations());
        assertEquals(whole.metaSteps(), restored.metaSteps());
        assertEquals(List.of(5, 6, 7, 8, 9), resumedReports.stream().map(EpochReport::epoch).toList());
        for (int i = 0; i < resumedReports.size(); i++) {
            assertEquals(wholeReports.get(i + 4).meanLoss(), resumedReports.get(i).meanLoss(), 0, "meta-step " + (i + 5));
        }
    }

    /** A learned initialisation's checkpoint is checked as the LSTM optimizer's is: another run's is refused by name. */
    @Test
    void aCheckpointOfAnotherRunIsRefusedNamingWhatDiffers(@TempDir Path dir) throws IOException {
        LearnedInitTrainer trainer = metaSgd(2, 3);
        TrainingState<float[]> state = trainer.start();
        trainer.train(state, r -> {
        });
        Path file = dir.resolve("run.ckpt");
        TrainingCheckpoint.write(file, state, trainer);
        assertEquals(3, TrainingCheckpoint.read(file, metaSgd(2, 10)).epoch());

        LearnedInitTrainer other = metaSgd(3, 3);
        CheckpointException e = assertThrows(CheckpointException.class, () -> TrainingCheckpoint.read(file, other));
        assertTrue(e.getMessage().contains("was written with setting.tasksPerStep = 2, but this run's tasksPerStep is 3"
                + " (a resumed run may change only iterations)"), e.getMessage());

        MetaTrainingSettings lstm = MetaTrainerTest.settings(3, 1e-2, 1);
        Path lstmFile = dir.resolve("lstm.ckpt");
        TrainingCheckpoint.write(lstmFile, TrainingState.start(lstm), TASKS.spec(), lstm);
        e = assertThrows(CheckpointException.class, () -> TrainingCheckpoint.read(lstmFile, trainer));
        assertTrue(e.getMessage().contains("holds a \"meta-training/2\" checkpoint, not a learned-init-training/1 one"),
                e.getMessage());
    }

    private static LearnedInitTrainer metaSgd(int tasksPerStep, int iterations) {
        return new LearnedInitTrainer(TASKS, LearnedInitSettings.builder(InitMethod.META_SGD).innerSteps(2)
                .tasksPerStep(tasksPerStep).iterations(iterations).validateEvery(0).seed(2).build(), LstmKernel.create(1));
    }

    @Test
    void aFamilyWithoutQuerySetsIsRefused() {
        LearnedInitSettings settings = LearnedInitSettings.builder(InitMethod.MAML).build();
        org.l2l4j.core.Problem plain = new org.l2l4j.core.Problem() {
            public String spec() {
                return "plain";
            }

            public org.l2l4j.core.Optimizee sample(long seed) {
                return new SmallQuadratic(1, 2, seed).asOptimizee();
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LearnedInitTrainer(plain, settings, LstmKernel.create(1)));
        assertTrue(e.getMessage().contains("plain has none"), e.getMessage());
    }

    @Test
    void settingsNameTheValueTheyRefuse() {
        SettingException e = assertThrows(SettingException.class,
                () -> LearnedInitSettings.builder(InitMethod.MAML).innerSteps(0).build());
        assertEquals(List.of("innerSteps"), e.settings());
        e = assertThrows(SettingException.class, () -> LearnedInitSettings.builder(InitMethod.MAML).tasksPerStep(0).build());
        assertEquals(List.of("tasksPerStep"), e.settings());
        e = assertThrows(SettingException.class,
                () -> LearnedInitSettings.builder(InitMethod.MAML).innerLearningRate(-1).build());
        assertEquals(List.of("innerLearningRate"), e.settings());
        e = assertThrows(SettingException.class, () -> LearnedInitSettings.builder(InitMethod.MAML).clipNorm(-1).build());
        assertEquals(List.of("clipNorm"), e.settings());
    }
}
