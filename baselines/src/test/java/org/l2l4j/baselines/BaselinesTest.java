package org.l2l4j.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.l2l4j.core.Optimizer;

class BaselinesTest {

    @Test
    void createGivesEachNamedRuleWithItsLearningRate() {
        assertEquals(List.of("sgd", "nag", "rmsprop", "adam"), Baselines.NAMES);
        for (String name : Baselines.NAMES) {
            Optimizer<?> rule = Baselines.create(name, 0.03);
            assertEquals(name, rule.name());
            assertEquals(0.03, rule.learningRate());
        }
    }

    /** Rules are values: what a cluster rebuilds from a name and a rate equals the rule it stands for. */
    @Test
    void rulesAreEqualExactlyWhenNameRateAndHyperParametersAre() {
        assertEquals(Baselines.create("adam", 0.01), Baselines.adam(0.01));
        assertEquals(Baselines.create("nag", 0.01).hashCode(), Baselines.nag(0.01, Baselines.NAG_MOMENTUM).hashCode());
        assertNotEquals(Baselines.adam(0.01), Baselines.adam(0.02));
        assertNotEquals(Baselines.adam(0.01), Baselines.adam(0.01, 0.5, Baselines.ADAM_BETA2, Baselines.ADAM_EPSILON));
        assertNotEquals(Baselines.create("sgd", 0.01), Baselines.create("nag", 0.01));
    }

    @Test
    void unknownNameIsRejectedListingTheValidOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Baselines.create("adagrad", 0.1));
        assertTrue(e.getMessage().contains("'adagrad'"), e.getMessage());
        assertTrue(e.getMessage().contains("sgd, nag, rmsprop, adam"), e.getMessage());
    }

    @Test
    void learningRateMustBeFiniteAndPositiveInFloat() {
        for (double bad : new double[] {0, -0.1, Double.NaN, Double.POSITIVE_INFINITY, 1e40, 1e-50}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Baselines.create("adam", bad));
            assertTrue(e.getMessage().contains(String.valueOf(bad)), e.getMessage());
        }
    }

    @Test
    void badHyperParametersAreRejectedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> Baselines.rmsprop(0.1, 1.0, 1e-8));
        assertTrue(e.getMessage().contains("decay") && e.getMessage().contains("1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Baselines.adam(0.1, 0.9, 0.999, 0));
        assertTrue(e.getMessage().contains("epsilon"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Baselines.nag(0.1, -0.5));
        assertTrue(e.getMessage().contains("momentum") && e.getMessage().contains("-0.5"), e.getMessage());
    }

    @Test
    void updateLeavesTheGradientUntouchedAndEachRunHasItsOwnState() {
        for (String name : Baselines.NAMES) {
            assertRunsAreIndependent(Baselines.create(name, 0.01));
        }
    }

    /** Two interleaved runs from fresh states give the same updates: all that changes is in the state. */
    private static <S> void assertRunsAreIndependent(Optimizer<S> rule) {
        Random random = new Random(7);
        S first = rule.init(50);
        S second = rule.init(50);
        float[] gradient = new float[50];
        float[] u1 = new float[50];
        float[] u2 = new float[50];
        for (int t = 0; t < 10; t++) {
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] = (float) random.nextGaussian();
            }
            float[] copy = gradient.clone();
            rule.update(gradient, first, u1);
            assertArrayEquals(copy, gradient, rule.name() + " modified the gradient");
            rule.update(gradient, second, u2);
            assertArrayEquals(u1, u2, rule.name() + " step " + t);
        }
    }

    /**
     * No allocation per step: 100 updates must allocate less than 100 × 16 bytes (the smallest
     * object), leaving room for the few dozen bytes the measurement itself may cost once.
     */
    @Test
    void updateAllocatesNothingPerStep() {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (String name : Baselines.NAMES) {
            long bytes = bytesAllocatedByUpdates(Baselines.create(name, 0.01), threads);
            assertTrue(bytes < 100 * 16, name + ": " + bytes + " bytes allocated by 100 updates");
        }
    }

    private static <S> long bytesAllocatedByUpdates(Optimizer<S> rule, com.sun.management.ThreadMXBean threads) {
        float[] gradient = new float[1000];
        java.util.Arrays.fill(gradient, 0.5f);
        float[] update = new float[1000];
        S state = rule.init(1000);
        rule.update(gradient, state, update);
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int t = 0; t < 100; t++) {
            rule.update(gradient, state, update);
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void updateRejectsMismatchedLengths() {
        Optimizer<?> rule = Baselines.create("sgd", 0.1);
        var e = assertThrows(IllegalArgumentException.class, () -> rule.update(new float[3], null, new float[4]));
        assertTrue(e.getMessage().contains("3") && e.getMessage().contains("4"), e.getMessage());
    }

    /**
     * At t = 1 the bias correction makes Adam's step −lr·sign(g) whatever |g| is, except that DL4J adds
     * ε to the uncorrected √v = √(1−β₂)·|g|: u = −lr·√(1−β₂)·g / (√(1−β₂)·|g| + ε). (PyTorch adds ε to
     * √v̂ = |g|, which damps far less for small |g|: 3e-4 less at |g| = 1e-3.)
     */
    @Test
    void adamFirstStepIsMinusLearningRateTimesSignDampedByEpsilonOnUncorrectedRms() {
        float[] gradient = {1e-3f, -2f, 50f, -7e-4f, 1e-7f};
        float[] update = new float[gradient.length];
        Optimizer<?> adam = Baselines.create("adam", 0.1);
        firstStep(adam, gradient, update);
        double root = Math.sqrt(1 - (double) 0.999f); // the rules hold β₂ as a float32
        for (int i = 0; i < gradient.length; i++) {
            double expected = -0.1 * root * gradient[i] / (root * Math.abs(gradient[i]) + 1e-8);
            // Relative 1e-6: a few float32 roundings (6e-8 each).
            assertEquals(expected, update[i], 1e-6 * Math.abs(expected), "coordinate " + i);
        }
    }

    /** With a constant gradient g, the Nesterov trace is b_t = g·(1 − μ^t)/(1 − μ) and u_t = −lr·(g + μ·b_t). */
    @Test
    void nagFollowsTheClosedFormUnderAConstantGradient() {
        assertNesterovClosedForm(Baselines.create("nag", 0.05), 0.05, 0.9);
    }

    private static <S> void assertNesterovClosedForm(Optimizer<S> rule, double lr, double mu) {
        float[] gradient = {0.5f, -3f};
        float[] update = new float[2];
        S state = rule.init(2);
        for (int t = 1; t <= 30; t++) {
            rule.update(gradient, state, update);
            for (int i = 0; i < 2; i++) {
                double b = gradient[i] * (1 - Math.pow(mu, t)) / (1 - mu);
                double expected = -lr * (gradient[i] + mu * b);
                // Relative 1e-5: float32 roundings accumulated over ≤ 30 steps of the trace (and μ rounded to float).
                assertEquals(expected, update[i], 1e-5 * Math.abs(expected), "t=" + t + " i=" + i);
            }
        }
    }

    private static <S> void firstStep(Optimizer<S> rule, float[] gradient, float[] update) {
        rule.update(gradient, rule.init(gradient.length), update);
    }
}
