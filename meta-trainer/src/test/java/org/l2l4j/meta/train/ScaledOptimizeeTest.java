package org.l2l4j.meta.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.l2l4j.core.Optimizee;

class ScaledOptimizeeTest {

    @Test
    void startsAtTheSameLossAndItsGradientMatchesCentralDifferences() {
        SmallQuadratic f = new SmallQuadratic(3, 4, 2);
        Optimizee plain = f.asOptimizee();
        ScaledOptimizee scaled = new ScaledOptimizee(f.asOptimizee(), 1.0, 99);
        float[] phi = scaled.initialParameters();
        float[] gradient = new float[phi.length];
        double loss = scaled.lossAndGradient(phi, gradient);
        assertEquals(plain.lossAndGradient(plain.initialParameters(), new float[phi.length]), loss, 1e-6 * loss);

        // The loss is quadratic in φ, so central differences are exact but for rounding; θ passes
        // through float32, so h = 1e-2 keeps that rounding near 1e-5 of the gradient.
        double h = 1e-2;
        for (int i = 0; i < phi.length; i++) {
            float keep = phi[i];
            phi[i] = (float) (keep + h);
            double up = scaled.lossAndGradient(phi, new float[phi.length]);
            phi[i] = (float) (keep - h);
            double down = scaled.lossAndGradient(phi, new float[phi.length]);
            phi[i] = keep;
            double numeric = (up - down) / (2 * h);
            assertEquals(numeric, gradient[i], 1e-3 * Math.max(1, Math.abs(numeric)), "coordinate " + i);
        }
    }

    @Test
    void trainingLossIsTheInnerOnesAtTheUnscaledParameters() {
        Optimizee quadratic = new SmallQuadratic(3, 4, 5).asOptimizee();
        Optimizee measured = new Optimizee() { // draws no minibatch, so its training loss is its loss
            public int dimension() { return quadratic.dimension(); }
            public float[] initialParameters() { return quadratic.initialParameters(); }
            public double lossAndGradient(float[] theta, float[] gradient) {
                return quadratic.lossAndGradient(theta, gradient);
            }
            public OptionalDouble trainingLoss(float[] theta) {
                return OptionalDouble.of(quadratic.lossAndGradient(theta, new float[theta.length]));
            }
        };
        ScaledOptimizee scaled = new ScaledOptimizee(measured, 1.0, 7);
        float[] phi = scaled.initialParameters();
        for (int i = 0; i < phi.length; i++) {
            phi[i] += 0.1f * (i % 3 - 1);
        }
        // Both see the same θ = c ⊙ φ.
        assertEquals(scaled.lossAndGradient(phi, new float[phi.length]), scaled.trainingLoss(phi).getAsDouble(), 0.0);
        assertTrue(new ScaledOptimizee(new SmallQuadratic(1, 5, 2).asOptimizee(), 1.0, 1)
                .trainingLoss(new float[5]).isEmpty(), "nothing to measure if the inner optimizee has nothing");
    }

    @Test
    void anEarlierMinibatchIsTheInnerOnesAtTheUnscaledParametersWithTheScaledGradient() {
        SmallQuadratic f = new SmallQuadratic(3, 4, 6);
        ScaledOptimizee scaled = new ScaledOptimizee(f.asOptimizee(), 1.0, 8);
        float[] phi = scaled.initialParameters();
        float[] gradient = new float[phi.length];
        float[] again = new float[phi.length];
        double loss = scaled.lossAndGradient(phi, gradient);
        assertEquals(loss, scaled.lossAndGradientOnBatch(0, phi, again), 0.0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(gradient, again, 0f);
        assertNotEquals(java.util.Arrays.toString(f.asOptimizee().initialParameters()), java.util.Arrays.toString(phi));
    }

    @Test
    void scalesComeFromTheSeed() {
        SmallQuadratic f = new SmallQuadratic(1, 5, 2);
        float[] a = new ScaledOptimizee(f.asOptimizee(), 1.0, 1).initialParameters();
        float[] b = new ScaledOptimizee(f.asOptimizee(), 1.0, 1).initialParameters();
        float[] c = new ScaledOptimizee(f.asOptimizee(), 1.0, 2).initialParameters();
        assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
        assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c));
    }

    /** The inner optimizee's second evaluator, rescaled: the scaled optimizee's own numbers to the bit. */
    @Test
    void concurrentEvaluatorRescalesLikeTheOptimizee() {
        org.l2l4j.optimizee.NetworkOptimizee mnist = new org.l2l4j.optimizee.MnistProblem(
                org.l2l4j.optimizee.TrainTestData.embedded(), 4, 1, org.l2l4j.optimizee.HiddenActivation.SIGMOID, 8)
                .sample(2);
        ScaledOptimizee scaled = new ScaledOptimizee(mnist, 1.0, 5);
        float[] phi = scaled.initialParameters();
        float[] own = new float[phi.length];
        float[] other = new float[phi.length];
        scaled.lossAndGradient(phi, own);
        double loss = scaled.lossAndGradientOnBatch(0, phi, own);
        assertEquals(loss, scaled.concurrentBatchGradient().orElseThrow().lossAndGradientOnBatch(0, phi, other), 0.0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(own, other, 0f);
        assertTrue(new ScaledOptimizee(new SmallQuadratic(1, 5, 2).asOptimizee(), 1.0, 1).concurrentBatchGradient()
                .isEmpty(), "none if the inner optimizee has none");
    }
}
