package org.l2l4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TrainingRuns#threads}: the same trajectories in the runs' order on any number of threads. */
class TrainingRunsTest {

    /** f(θ) = ½θ² from θ<sub>0</sub> = seed, so each run's curve tells its seed and rate apart. */
    private static final Problem HALF_SQUARE = new Problem() {
        public String spec() { return "half-square"; }
        public Optimizee sample(long seed) {
            return new Optimizee() {
                public int dimension() { return 1; }
                public float[] initialParameters() { return new float[] {seed}; }
                public double lossAndGradient(float[] theta, float[] gradient) {
                    gradient[0] = theta[0];
                    return 0.5 * theta[0] * theta[0];
                }
            };
        }
    };

    /** u = −lr·g. */
    private static Optimizer<Void> step(float lr) {
        return new Optimizer<>() {
            public String name() { return "gd"; }
            public Void init(int n) { return null; }
            public void update(float[] g, Void state, float[] u) { u[0] = -lr * g[0]; }
        };
    }

    @Test
    void trajectoriesComeBackInTheRunsOrderAndEveryRunIsHeardOfOnTheCallingThread() {
        List<TrainingRuns.Run> runs = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            runs.add(new TrainingRuns.Run(step(0.1f * (i % 3 + 1)), i + 1));
        }
        List<Trajectory> one = TrainingRuns.threads(1).run(HALF_SQUARE, 5, TrainingRuns.Kept.CURVE_AND_TEST, runs, (run, index) -> { });
        Thread caller = Thread.currentThread();
        boolean[] heard = new boolean[runs.size()];
        List<Trajectory> three = TrainingRuns.threads(3).run(HALF_SQUARE, 5, TrainingRuns.Kept.CURVE_AND_TEST, runs, (run, index) -> {
            assertEquals(caller, Thread.currentThread());
            heard[index] = true;
        });
        assertArrayEquals(new boolean[] {true, true, true, true, true, true, true}, heard);
        for (int i = 0; i < runs.size(); i++) {
            assertArrayEquals(Trajectory.run(HALF_SQUARE.sample(i + 1), runs.get(i).optimizer(), 5).losses(),
                    three.get(i).losses());
            assertArrayEquals(one.get(i).losses(), three.get(i).losses());
        }
    }

    /** What a learning-rate search keeps of a grid's runs: the score it ranks by, no curve. */
    @Test
    void finalScoreRunsKeepTheirScoreAndDropTheirCurve() {
        List<TrainingRuns.Run> runs = List.of(new TrainingRuns.Run(step(0.5f), 2), new TrainingRuns.Run(step(3f), 2));
        List<Trajectory> full = TrainingRuns.threads(2).run(HALF_SQUARE, 200, TrainingRuns.Kept.CURVE_AND_TEST, runs,
                (run, index) -> { });
        List<Trajectory> scores = TrainingRuns.threads(2).run(HALF_SQUARE, 200, TrainingRuns.Kept.FINAL_SCORE, runs,
                (run, index) -> { });
        for (int i = 0; i < runs.size(); i++) {
            assertEquals(0, scores.get(i).steps());
            assertEquals(full.get(i).finalScore(), scores.get(i).finalScore());
            assertEquals(full.get(i).diverged(), scores.get(i).diverged());
        }
        assertTrue(scores.get(1).diverged(), "a step of 3 diverges: θ ← −2θ overflows float32");
    }

    @Test
    void fewerThanOneThreadIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingRuns.threads(0));
        assertEquals("threads must be >= 1, got 0", e.getMessage());
    }
}
