package org.l2l4j.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.l2l4j.core.Optimizer;
import org.l2l4j.core.SavableState;

class SavedStateTest {

    static List<String> names() {
        return Baselines.NAMES;
    }

    /** Exact equality: the restored run computes the same float32 stages on the same numbers. */
    @ParameterizedTest
    @MethodSource("names")
    void aRunRestoredFromItsSavedArraysContinuesBitForBit(String name) {
        int n = 37;
        float[][] expected = updates(Baselines.create(name, 0.01), n, 12, 0);
        float[][] resumed = updates(Baselines.create(name, 0.01), n, 12, 6);
        for (int t = 0; t < 12; t++) {
            assertArrayEquals(expected[t], resumed[t], name + " step " + (t + 1));
        }
    }

    /** Runs {@code steps} updates; before step {@code restoreAt} (if > 0) the state is saved and restored into a fresh one. */
    private static <S extends SavableState> float[][] updates(Optimizer<S> rule, int n, int steps, int restoreAt) {
        Random random = new Random(3);
        S state = rule.init(n);
        float[] gradient = new float[n];
        float[][] out = new float[steps][n];
        for (int t = 0; t < steps; t++) {
            if (t == restoreAt && t > 0) {
                Map<String, float[]> saved = state.arrays();
                int count = state.steps();
                state = rule.init(n);
                state.restore(saved, count);
            }
            for (int i = 0; i < n; i++) {
                gradient[i] = (float) random.nextGaussian();
            }
            rule.update(gradient, state, out[t]);
        }
        return out;
    }

    @Test
    void adamSavesItsMomentsByNameAndCountsItsSteps() {
        Optimizer<? extends SavableState> adam = Baselines.adam(0.1);
        SavableState state = step(adam, 3);
        assertEquals(List.of("mean", "mean_square"), List.copyOf(state.arrays().keySet()));
        assertEquals(3, state.steps());
        assertEquals(List.of("trace"), List.copyOf(Baselines.create("nag", 0.1).init(2).arrays().keySet()));
        assertTrue(Baselines.sgd(0.1).init(2).arrays().isEmpty());
    }

    private static <S extends SavableState> S step(Optimizer<S> rule, int steps) {
        S state = rule.init(4);
        for (int t = 0; t < steps; t++) {
            rule.update(new float[] {1, -2, 3, 0}, state, new float[4]);
        }
        return state;
    }

    @Test
    void aSavedStateOfAnotherShapeIsRefusedByName() {
        SavableState state = Baselines.adam(0.1).init(3);
        var e = assertThrows(IllegalArgumentException.class, () -> state.restore(Map.of("mean", new float[3]), 1));
        assertTrue(e.getMessage().contains("mean_square"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> state.restore(Map.of("mean", new float[3], "mean_square", new float[2]), 1));
        assertTrue(e.getMessage().contains("mean_square has 3 values, got 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> state.restore(Map.of("mean", new float[3], "mean_square", new float[3]), -1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> state.restore(Map.of("mean", new float[] {0, Float.NaN, 0}, "mean_square", new float[3]), 1));
        assertTrue(e.getMessage().contains("mean value #1 is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> state.restore(Map.of("mean", new float[3], "mean_square", new float[] {0, 0, -1}), 1));
        assertTrue(e.getMessage().contains("mean_square value #2 is negative"), e.getMessage());
        SavableState rms = Baselines.create("rmsprop", 0.1).init(1);
        e = assertThrows(IllegalArgumentException.class, () -> rms.restore(Map.of("mean_square", new float[] {-2}), 0));
        assertTrue(e.getMessage().contains("mean_square value #0 is negative"), e.getMessage());
    }
}
