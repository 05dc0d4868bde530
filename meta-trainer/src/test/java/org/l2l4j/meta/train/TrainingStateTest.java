package org.l2l4j.meta.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.l2l4j.baselines.Baselines;

/** The moving average of the meta-parameters a state keeps, and what validation scores and keeps. */
class TrainingStateTest {

    /** φ₀ = (1, −2), stepped by plain SGD at rate 1, so each φ follows by hand from the gradients. */
    private static TrainingState<float[]> state(double averageDecay) {
        return TrainingState.start(new float[] {1, -2}, Baselines.sgd(1), averageDecay, float[]::clone);
    }

    /**
     * With decay β = ½ the average after φ₁ = (0, −2), φ₂ = (0, −3), φ₃ = (−2, −5) is
     * (β²φ₁ + βφ₂ + φ₃)(1 − β) / (1 − β³): no weight on φ₀, none on a skipped step.
     */
    @Test
    void theAverageIsTheBiasCorrectedMovingAverageOfTheStepsTaken() {
        TrainingState<float[]> state = state(0.5);
        assertArrayEquals(new float[] {1, -2}, state.validated(), "before the first step, φ₀ itself");

        assertTrue(state.stepIfFinite(true, new float[] {1, 0}, 1));
        assertArrayEquals(new float[] {0, -2}, state.validated(), 1e-6f, "after one step, φ₁ itself");
        assertTrue(state.stepIfFinite(true, new float[] {0, 1}, 1));
        assertFalse(state.stepIfFinite(true, new float[] {Float.NaN, 0}, 1));
        assertTrue(state.stepIfFinite(true, new float[] {2, 2}, 1));

        assertArrayEquals(new float[] {-2, -5}, state.metaParameters());
        double[] phi1 = {0, -2};
        double[] phi2 = {0, -3};
        double[] phi3 = {-2, -5};
        float[] average = state.validated();
        for (int i = 0; i < 2; i++) {
            double expected = (0.25 * phi1[i] + 0.5 * phi2[i] + phi3[i]) * 0.5 / (1 - 0.125);
            assertEquals(expected, average[i], 1e-6, "coordinate " + i);
        }
        assertEquals(3, state.metaSteps());
        assertEquals(1, state.skippedSteps());
    }

    /** Without an average, validation sees the meta-parameters themselves, as a copy, and nothing is kept. */
    @Test
    void withoutAnAverageValidationSeesTheMetaParameters() {
        TrainingState<float[]> state = state(0);
        state.stepIfFinite(true, new float[] {1, 1}, 1);
        float[] validated = state.validated();
        assertArrayEquals(state.metaParameters(), validated);
        assertNotSame(state.metaParameters(), validated);
        assertNull(state.averageSum());
    }

    /** The training loop validates the average and keeps it as the best, also when validation is off. */
    @Test
    void theLoopValidatesAndKeepsTheAverage() {
        TrainingState<float[]> state = state(0.5);
        List<float[]> scored = new ArrayList<>();
        TrainingLoop.run(state, 2, 1, 0, epoch -> {
            state.stepIfFinite(true, new float[] {1, -1}, 1);
            state.countUnroll();
            return new TrainingLoop.Losses(0, 0);
        }, phi -> {
            scored.add(phi.clone());
            return new FamilyValidation.Scores(scored.size() == 1 ? 2 : 1, List.of());
        }, report -> { });
        assertEquals(2, scored.size());
        // φ₁ = (0, −1), φ₂ = (−1, 0): the average after two steps is (½·½φ₁ + ½φ₂) / (1 − ¼)
        float[] expected = {-2 / 3f, -1 / 3f};
        assertArrayEquals(expected, scored.get(1), 1e-6f);
        assertArrayEquals(expected, state.best(), 1e-6f);
        assertEquals(2, state.bestEpoch());

        TrainingState<float[]> unvalidated = state(0.5);
        TrainingLoop.run(unvalidated, 2, 0, 0, epoch -> {
            unvalidated.stepIfFinite(true, new float[] {1, -1}, 1);
            unvalidated.countUnroll();
            return new TrainingLoop.Losses(0, 0);
        }, phi -> {
            throw new AssertionError("validation is off");
        }, report -> { });
        assertArrayEquals(expected, unvalidated.best(), 1e-6f);
    }
}
