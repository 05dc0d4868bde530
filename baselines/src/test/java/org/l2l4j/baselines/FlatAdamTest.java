package org.l2l4j.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.l2l4j.core.Optimizer;

class FlatAdamTest {

    /** Exact equality: both run the same float32 stages in the same order. */
    @Test
    void matchesTheAdamRuleBitForBitAndResumesFromCopiedMoments() {
        int n = 37;
        Random random = new Random(3);
        Optimizer<?> rule = Baselines.create("adam", 0.01);
        float[][] expected = updates(rule, n, 12, new Random(3));

        FlatAdam adam = new FlatAdam(0.01);
        float[] mean = new float[n];
        float[] meanSquare = new float[n];
        float[] gradient = new float[n];
        float[] update = new float[n];
        for (int t = 1; t <= 12; t++) {
            if (t == 6) { // a save and restore half-way: only the arrays and the step number carry over
                mean = mean.clone();
                meanSquare = meanSquare.clone();
                adam = new FlatAdam(0.01);
            }
            fill(gradient, random);
            adam.update(gradient, mean, meanSquare, t, update);
            assertArrayEquals(expected[t - 1], update, "step " + t);
        }
    }

    private static <S> float[][] updates(Optimizer<S> rule, int n, int steps, Random random) {
        S state = rule.init(n);
        float[] gradient = new float[n];
        float[][] out = new float[steps][n];
        for (int t = 0; t < steps; t++) {
            fill(gradient, random);
            rule.update(gradient, state, out[t]);
        }
        return out;
    }

    private static void fill(float[] v, Random random) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
    }

    @Test
    void badLengthsStepsAndLearningRatesAreNamed() {
        FlatAdam adam = new FlatAdam(0.1);
        var e = assertThrows(IllegalArgumentException.class,
                () -> adam.update(new float[3], new float[2], new float[3], 1, new float[3]));
        assertTrue(e.getMessage().contains("3 coordinates") && e.getMessage().contains("2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> adam.update(new float[3], new float[3], new float[3], 0, new float[3]));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new FlatAdam(-1));
        assertTrue(e.getMessage().contains("-1.0"), e.getMessage());
    }
}
