package org.l2l4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class TrajectoryTest {

    /** f(θ) = ½‖θ‖², so ∇f = θ. */
    private static Optimizee halfSquare(float... theta0) {
        return new Optimizee() {
            public int dimension() { return theta0.length; }
            public float[] initialParameters() { return theta0.clone(); }
            public double lossAndGradient(float[] theta, float[] gradient) {
                double loss = 0;
                for (int i = 0; i < theta.length; i++) {
                    gradient[i] = theta[i];
                    loss += 0.5 * theta[i] * theta[i];
                }
                return loss;
            }
        };
    }

    /** u = -lr·g with no state. */
    private static Optimizer<Void> gradientStep(float lr) {
        return new Optimizer<>() {
            public String name() { return "gd"; }
            public Void init(int n) { return null; }
            public void update(float[] g, Void state, float[] u) {
                for (int i = 0; i < g.length; i++) u[i] = -lr * g[i];
            }
        };
    }

    @Test
    void runRecordsLossBeforeEveryUpdateAndAfterTheLast() {
        // θ_t = 0.5^t θ_0, so f(θ_t) = 0.25^t f(θ_0) with f(θ_0) = ½·4 = 2.
        Trajectory tr = Trajectory.run(halfSquare(2f), gradientStep(0.5f), 3);
        assertEquals(3, tr.steps());
        assertArrayEquals(new double[] {2, 0.5, 0.125, 0.03125}, tr.losses(), 1e-12);
        assertFalse(tr.diverged());
        assertTrue(tr.finalTrainingLoss().isEmpty(), "this optimizee does not measure a training loss");
        assertEquals(tr.finalLoss(), tr.finalScore());
    }

    @Test
    void runMeasuresTheFinalParametersTrainingLossAndRanksByIt() {
        Optimizee base = halfSquare(2f);
        float[][] measuredAt = new float[1][];
        Optimizee measured = new Optimizee() {
            public int dimension() { return base.dimension(); }
            public float[] initialParameters() { return base.initialParameters(); }
            public double lossAndGradient(float[] theta, float[] gradient) {
                return base.lossAndGradient(theta, gradient) + 1; // a minibatch loss off by one
            }
            public OptionalDouble trainingLoss(float[] theta) {
                measuredAt[0] = theta.clone();
                return OptionalDouble.of(base.lossAndGradient(theta, new float[theta.length]));
            }
        };
        Trajectory tr = Trajectory.run(measured, gradientStep(0.5f), 3);
        assertArrayEquals(new float[] {0.25f}, measuredAt[0], "measured once, at θ_3");
        assertEquals(1.03125, tr.finalLoss(), 1e-12);
        assertEquals(0.03125, tr.finalTrainingLoss().getAsDouble(), 1e-12);
        assertEquals(0.03125, tr.finalScore(), 1e-12);
    }

    @Test
    void runMeasuresTestMetricsAtTheFinalParametersOnlyWhenAsked() {
        Optimizee base = halfSquare(2f);
        float[][] measuredAt = new float[1][];
        Optimizee withTestSplit = new Optimizee() {
            public int dimension() { return base.dimension(); }
            public float[] initialParameters() { return base.initialParameters(); }
            public double lossAndGradient(float[] theta, float[] gradient) {
                return base.lossAndGradient(theta, gradient);
            }
            public Optional<TestMetrics> testMetrics(float[] theta) {
                measuredAt[0] = theta.clone();
                return Optional.of(new TestMetrics(2 * theta[0], OptionalDouble.of(0.75)));
            }
        };
        Trajectory measured = Trajectory.run(withTestSplit, gradientStep(0.5f), 3, true);
        assertArrayEquals(new float[] {0.25f}, measuredAt[0], "measured once, at θ_3");
        assertEquals(new TestMetrics(0.5, OptionalDouble.of(0.75)), measured.finalTestMetrics().orElseThrow());

        measuredAt[0] = null;
        Trajectory ranked = Trajectory.run(withTestSplit, gradientStep(0.5f), 3);
        assertTrue(ranked.finalTestMetrics().isEmpty());
        assertEquals(null, measuredAt[0], "not measured unless asked");
        assertArrayEquals(measured.losses(), ranked.losses(), 0);
    }

    @Test
    void aDivergedRunHasNoTestMetrics() {
        Optimizee base = halfSquare(1f);
        Optimizee withTestSplit = new Optimizee() {
            public int dimension() { return base.dimension(); }
            public float[] initialParameters() { return base.initialParameters(); }
            public double lossAndGradient(float[] theta, float[] gradient) {
                return base.lossAndGradient(theta, gradient);
            }
            public Optional<TestMetrics> testMetrics(float[] theta) {
                return Optional.of(new TestMetrics(1, OptionalDouble.empty()));
            }
        };
        assertTrue(Trajectory.run(withTestSplit, gradientStep(3f), 200, true).finalTestMetrics().isEmpty());
    }

    @Test
    void aNonFiniteTrainingLossCountsAsDiverged() {
        Trajectory tr = new Trajectory(new double[] {2, 1}, OptionalDouble.of(Double.NaN));
        assertTrue(tr.diverged());
    }

    @Test
    void divergedRunKeepsItsLengthAndIsMarkedInfinite() {
        // lr 3: θ ← -2θ, so the loss grows 4× per step and overflows float within ~70 steps.
        Trajectory tr = Trajectory.run(halfSquare(1f), gradientStep(3f), 200);
        assertEquals(201, tr.losses().length);
        assertTrue(tr.diverged());
        assertTrue(tr.finalTrainingLoss().isEmpty(), "nothing is measured after a divergence");
        assertEquals(Double.POSITIVE_INFINITY, tr.loss(150));
        assertEquals(8, tr.loss(2), 1e-9);
    }
}
