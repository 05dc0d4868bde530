package org.l2l4j.meta.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.l2l4j.core.Optimizee;
import org.l2l4j.core.Problem;
import org.l2l4j.core.SeedRange;
import org.l2l4j.core.Trajectory;
import org.l2l4j.lstm.LstmConfig;
import org.l2l4j.lstm.LstmKernel;
import org.l2l4j.lstm.LstmOptimizer;
import org.l2l4j.lstm.LstmWeights;
import org.l2l4j.optimizee.MixtureProblem;
import org.l2l4j.optimizee.QuadraticProblem;

/**
 * The outer loop: resuming from a checkpoint reproduces the uninterrupted run exactly, and a NaN or Inf
 * in an optimizee's loss or gradient costs exactly the meta-steps it poisons, nothing more.
 *
 * <p>The problem has n = 12 coordinates, fewer than one register block of the Vector API kernel, so
 * every step takes its scalar path. (The vector path's lane-wise LOG gives different last bits before
 * and after the JIT compiles it, so at larger n two runs with one seed need not agree bit for bit.)
 */
class MetaTrainerTest {

    private static final Problem PROBLEM = new QuadraticProblem(3, 4);
    private static LstmKernel kernel;

    @TempDir
    Path dir;

    @BeforeAll
    static void kernel() {
        kernel = LstmKernel.create(1);
    }

    @AfterAll
    static void close() {
        kernel.close();
    }

    /** T = 12 in unrolls of 4 (3 meta-steps per epoch), validation every 2 epochs on 2 seeds, constant rate. */
    static MetaTrainingSettings settings(int epochs, double lr, int threads) {
        return settings(epochs, lr, threads, 1, 1, 0);
    }

    static MetaTrainingSettings settings(int epochs, double lr, int threads, int optimizeesPerStep,
                                         double finalLearningRateFraction, double randomScale) {
        return MetaTrainingSettings.builder().steps(12).unroll(4).epochs(epochs).metaLearningRate(lr)
                .finalLearningRateFraction(finalLearningRateFraction).seed(17).checkpointSegment(2)
                .validateEvery(2).validationSeeds(2).threads(threads).optimizeesPerStep(optimizeesPerStep)
                .randomScale(randomScale).objective(MetaObjective.MEAN_LOSS).selection(Selection.OBJECTIVE)
                .metaGradient(MetaGradient.FIRST_ORDER).lstm(LstmConfig.defaults()).build();
    }

    /**
     * Calibration scores each factor as validation would, on the calibration seeds, and keeps the one with
     * the lowest score; the kept weights are the same values with the output scale times that factor.
     */
    @Test
    void calibrationKeepsTheOutputScaleFactorWithTheLowestScoreOnItsOwnSeeds() {
        MetaTrainingSettings s = settings(1, 1e-2, 1);
        MetaTrainer trainer = new MetaTrainer(PROBLEM, s, kernel);
        LstmWeights weights = LstmWeights.initial(LstmConfig.defaults(), 3);
        List<Double> seen = new ArrayList<>();
        MetaTrainer.Calibration calibration = trainer.calibrateOutputScale(weights, 3, (factor, score) -> seen.add(factor));
        assertEquals(List.of(1.0, 0.5, 2.0), seen);
        int best = 0;
        for (int k = 0; k < calibration.factors().length; k++) {
            double factor = calibration.factors()[k];
            LstmOptimizer scaled = new LstmOptimizer(LstmWeights.of(
                    LstmConfig.defaults().withOutputScale(0.1 * factor), weights.values()), kernel);
            double sum = 0;
            for (int i = 0; i < 3; i++) {
                sum += s.validation().selection().score(Trajectory.run(PROBLEM.sample(SeedRange.CALIBRATION_BASE + i),
                        scaled, s.trajectory().steps()), s.estimator().objective());
            }
            assertEquals(sum / 3, calibration.scores()[k], 1e-12, "factor " + factor);
            best = calibration.scores()[k] < calibration.scores()[best] ? k : best;
        }
        assertTrue(Arrays.stream(calibration.scores()).distinct().count() > 1, "the factors should score differently");
        assertEquals(calibration.factors()[best], calibration.factor());
        assertEquals(0.1 * calibration.factor(), calibration.weights().config().outputScale(), 1e-15);
        assertArrayEquals(weights.values(), calibration.weights().values());
        assertThrows(IllegalArgumentException.class, () -> trainer.calibrateOutputScale(weights, 0, (f, v) -> { }));
    }

    private static final class Crash extends RuntimeException {
    }

    /**
     * Plain; with a meta-batch of 2 optimizees, random scaling and a decaying meta learning rate; and
     * validating a moving average of the weights.
     */
    @ParameterizedTest(name = "{0} optimizees per step, final rate fraction {1}, random scale {2}, average {3}")
    @CsvSource({"1, 1, 0, 0", "2, 0.5, 1, 0", "1, 1, 0, 0.9"})
    void aResumedRunEndsWithExactlyTheWeightsOfAnUninterruptedOne(int optimizees, double finalFraction, double scale,
                                                                  double average) throws IOException {
        MetaTrainingSettings s = settings(8, 1e-2, 1, optimizees, finalFraction, scale).toBuilder()
                .averageDecay(average).build();
        TrainingState<LstmWeights> whole = TrainingState.start(s);
        LstmWeights initial = whole.weights();
        List<EpochReport> wholeReports = new ArrayList<>();
        MetaTrainer.Result uninterrupted = new MetaTrainer(PROBLEM, s, kernel).train(whole, wholeReports::add);

        // A run that saves after epoch 3 and dies in epoch 5, then a fresh trainer resuming from the file.
        Path file = dir.resolve("run.ckpt");
        TrainingState<LstmWeights> crashed = TrainingState.start(s);
        assertThrows(Crash.class, () -> new MetaTrainer(PROBLEM, s, kernel).train(crashed, report -> {
            if (report.epoch() == 3) {
                save(file, crashed, s);
            } else if (report.epoch() == 5) {
                throw new Crash();
            }
        }));
        TrainingState<LstmWeights> restored = TrainingCheckpoint.read(file, PROBLEM.spec(), s);
        assertEquals(3, restored.epoch());
        List<EpochReport> resumedReports = new ArrayList<>();
        MetaTrainer.Result resumed = new MetaTrainer(PROBLEM, s, kernel).train(restored, resumedReports::add);

        assertNotEquals(initial, uninterrupted.last(), "training changed nothing");
        assertEquals(uninterrupted.last(), resumed.last()); // bitwise: LstmWeights.equals compares every float
        assertEquals(uninterrupted.best(), resumed.best());
        assertEquals(uninterrupted.bestValidationLoss(), resumed.bestValidationLoss(), 0);
        assertEquals(whole.validations(), restored.validations());
        assertEquals(whole.metaSteps(), restored.metaSteps());
        assertEquals(List.of(4, 5, 6, 7, 8), resumedReports.stream().map(EpochReport::epoch).toList());
        for (int i = 0; i < resumedReports.size(); i++) {
            assertEquals(wholeReports.get(i + 3).meanLoss(), resumedReports.get(i).meanLoss(), 0, "epoch " + (i + 4));
        }
    }

    private static void save(Path file, TrainingState<LstmWeights> state, MetaTrainingSettings s) {
        try {
            TrainingCheckpoint.write(file, state, PROBLEM.spec(), s);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void epochStreamsDependOnlyOnSeedAndEpochAndDoNotRepeat() {
        Set<Long> seeds = new HashSet<>();
        for (long seed : new long[] {0, 1, 2, -1}) {
            for (int epoch = 1; epoch <= 1000; epoch++) {
                long first = MetaTrainer.epochRandom(seed, epoch).nextLong();
                assertEquals(first, MetaTrainer.epochRandom(seed, epoch).nextLong());
                assertTrue(seeds.add(first), "seed " + seed + " epoch " + epoch + " repeats a stream");
            }
        }
    }

    /**
     * With a mixture of horizons each epoch's trajectories are as long as the draw that follows the epoch's
     * optimizee seeds in its stream, and as many meta-steps run as that horizon has unrolls.
     */
    @Test
    void eachEpochTrainsOnTheHorizonDrawnFromItsStream() {
        MetaTrainingSettings s = settings(12, 1e-2, 1).toBuilder().minSteps(4).optimizeesPerStep(2).validateEvery(0)
                .build();
        List<Integer> started = new ArrayList<>();
        List<Integer> unrolls = new ArrayList<>();
        MetaBatch local = MetaBatch.local(PROBLEM, s, kernel);
        MetaBatch recording = new MetaBatch() {
            public void start(int epoch, long[] seeds, int horizon) {
                started.add(horizon);
                unrolls.add(0);
                local.start(epoch, seeds, horizon);
            }

            public List<UnrollResult> unroll(float[] phi, int steps, float[] sum) {
                unrolls.set(unrolls.size() - 1, unrolls.get(unrolls.size() - 1) + 1);
                return local.unroll(phi, steps, sum);
            }
        };
        new MetaTrainer(PROBLEM, FamilyValidation.single(PROBLEM, s), s, kernel, recording).train(r -> {
        });

        List<Integer> expected = new ArrayList<>();
        for (int epoch = 1; epoch <= 12; epoch++) {
            SplittableRandom random = MetaTrainer.epochRandom(17, epoch);
            SeedRange.trainingSeed(random);
            SeedRange.trainingSeed(random);
            expected.add(s.horizon(epoch, random));
        }
        assertEquals(expected, started);
        assertEquals(started.stream().map(h -> h / 4).toList(), unrolls);
        assertEquals(Set.of(4, 8, 12), new HashSet<>(started), "every horizon from M to T is drawn: " + started);
    }

    /** With {@code stratified} on a two-family mixture, every epoch trains on the seeds the stratified draw gives: one of each family. */
    @Test
    void aStratifiedRunTrainsEachEpochOnOneOptimizeeOfEachFamily() {
        MixtureProblem mixture = new MixtureProblem(List.of(new MixtureProblem.Family(PROBLEM, 1),
                new MixtureProblem.Family(new QuadraticProblem(4, 4), 1)));
        MetaTrainingSettings s = settings(12, 1e-2, 1).toBuilder().optimizeesPerStep(2).stratified(true)
                .validateEvery(0).build();
        List<long[]> started = new ArrayList<>();
        MetaBatch local = MetaBatch.local(mixture, s, kernel);
        MetaBatch recording = new MetaBatch() {
            public void start(int epoch, long[] seeds, int horizon) {
                started.add(seeds.clone());
                local.start(epoch, seeds, horizon);
            }

            public List<UnrollResult> unroll(float[] phi, int steps, float[] sum) {
                return local.unroll(phi, steps, sum);
            }
        };
        new MetaTrainer(mixture, FamilyValidation.single(mixture, s), s, kernel, recording).train(r -> {
        });

        OptimizeeDraw draw = OptimizeeDraw.of(mixture, s.estimator());
        assertEquals(12, started.size());
        for (int epoch = 1; epoch <= 12; epoch++) {
            long[] seeds = started.get(epoch - 1);
            assertArrayEquals(draw.seeds(epoch, 2, MetaTrainer.epochRandom(17, epoch)), seeds);
            assertEquals(Set.of(0, 1), Set.of(mixture.familyOf(seeds[0]), mixture.familyOf(seeds[1])), "epoch " + epoch);
        }
    }

    // ---- numerical faults ----

    enum Fault { NAN_GRADIENT, INF_GRADIENT, NEGATIVE_INF_GRADIENT, NAN_LOSS, INF_LOSS }

    /**
     * The quadratic, except that the optimizees of epochs 2 and 4 turn one gradient coordinate or the
     * loss non-finite at their {@code at}-th evaluation (0 = ∇f(θ<sub>0</sub>), t = after update t).
     */
    private record FaultyProblem(Fault fault, int at, int[] samples) implements Problem {
        @Override
        public String spec() {
            return "faulty";
        }

        @Override
        public Optimizee sample(long seed) {
            Optimizee clean = PROBLEM.sample(seed);
            int epoch = ++samples[0];
            if (epoch != 2 && epoch != 4) {
                return clean;
            }
            return new Optimizee() {
                int evaluations;

                public int dimension() {
                    return clean.dimension();
                }

                public float[] initialParameters() {
                    return clean.initialParameters();
                }

                public double lossAndGradient(float[] theta, float[] gradient) {
                    double loss = clean.lossAndGradient(theta, gradient);
                    if (evaluations++ != at) {
                        return loss;
                    }
                    return switch (fault) {
                        case NAN_GRADIENT -> { gradient[5] = Float.NaN; yield loss; }
                        case INF_GRADIENT -> { gradient[5] = Float.POSITIVE_INFINITY; yield loss; }
                        case NEGATIVE_INF_GRADIENT -> { gradient[5] = Float.NEGATIVE_INFINITY; yield loss; }
                        case NAN_LOSS -> Double.NaN;
                        case INF_LOSS -> Double.POSITIVE_INFINITY;
                    };
                }
            };
        }
    }

    /**
     * Each faulty epoch skips the meta-step whose unroll saw the fault and abandons its trajectory: with
     * 3 unrolls of 4 steps, a fault at evaluation 0 or 1..4 costs 3 meta-steps, 5..8 costs 2, 9..12
     * costs 1. A non-finite loss at evaluation 0 costs nothing: f(θ<sub>0</sub>) is not a meta-loss term.
     * Every other meta-step is taken, the weights stay finite, and training goes on after the fault.
     */
    @ParameterizedTest(name = "{0} at evaluation {1}")
    @CsvSource({
        "NAN_GRADIENT, 0, 3", "NAN_GRADIENT, 6, 2", "NAN_GRADIENT, 12, 1",
        "INF_GRADIENT, 0, 3", "INF_GRADIENT, 6, 2", "INF_GRADIENT, 12, 1",
        "NEGATIVE_INF_GRADIENT, 4, 3", "NEGATIVE_INF_GRADIENT, 9, 1",
        "NAN_LOSS, 0, 0", "NAN_LOSS, 6, 2", "NAN_LOSS, 12, 1",
        "INF_LOSS, 0, 0", "INF_LOSS, 5, 2", "INF_LOSS, 12, 1"})
    void aNonFiniteLossOrGradientSkipsOnlyTheMetaStepsItPoisons(Fault fault, int at, int lostPerFault) {
        MetaTrainingSettings s = settings(5, 1e-2, 1).toBuilder().validateEvery(0).validationSeeds(0).build();
        TrainingState<LstmWeights> state = TrainingState.start(s);
        List<LstmWeights> afterEpoch = new ArrayList<>();
        MetaTrainer.Result result = new MetaTrainer(new FaultyProblem(fault, at, new int[1]), s, kernel)
                .train(state, report -> afterEpoch.add(state.weights()));

        assertEquals(lostPerFault == 0 ? 0 : 2, result.skippedSteps());
        assertEquals(5 * 3 - 2 * lostPerFault, state.metaSteps());
        assertFinite(result.last());
        assertFinite(result.best());
        assertNotEquals(afterEpoch.get(3), afterEpoch.get(4), "no meta-step after the last fault");
    }

    private static void assertFinite(LstmWeights weights) {
        float[] values = weights.values();
        for (int i = 0; i < values.length; i++) {
            assertTrue(Float.isFinite(values[i]), "weight " + i + " is " + values[i]);
        }
    }
}
