package org.l2l4j.meta.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.l2l4j.core.Optimizee;
import org.l2l4j.lstm.LearnedSgd;

class TruncatedStepTest {

    /** Keeps every gradient and θ the live pass hands it; θ<sub>t</sub> arrive in order. */
    private static final class RecordingTape implements TruncatedStep.Tape<float[], float[]> {
        final float[][] gradients;
        final List<float[]> thetas = new ArrayList<>();

        RecordingTape(int steps, int n) {
            gradients = new float[steps + 1][n];
        }

        @Override
        public float[] enter(int t, float[] stateIn) {
            return null;
        }

        @Override
        public float[] gradient(int t) {
            return gradients[t];
        }

        @Override
        public void reached(int t, float[] theta, double loss) {
            assertEquals(thetas.size() + 1, t);
            thetas.add(theta.clone());
        }
    }

    @Test
    void advancesItsOwnRunAcrossUnrollsAndRefusesToRunPastItsEnd() {
        SmallQuadratic f = new SmallQuadratic(2, 3, 4);
        Optimizee optimizee = f.asOptimizee();
        LearnedSgd rule = LearnedSgd.perParameter();
        float[] alpha = new float[f.n()];
        Arrays.fill(alpha, 0.1f);
        TruncatedStep<float[]> run = new TruncatedStep<>(optimizee, rule, 3);

        // The same three steps by hand: θ ← θ − α ⊙ ∇f(θ), in float32 as the run computes them.
        Optimizee same = new SmallQuadratic(2, 3, 4).asOptimizee();
        float[] theta = same.initialParameters();
        float[] gradient = new float[f.n()];
        List<float[]> expected = new ArrayList<>();
        same.lossAndGradient(theta, gradient);
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < theta.length; i++) {
                theta[i] += -alpha[i] * gradient[i];
            }
            same.lossAndGradient(theta, gradient);
            expected.add(theta.clone());
        }

        RecordingTape first = new RecordingTape(2, f.n());
        run.advance(rule, alpha, 2, first);
        assertEquals(2, run.step());
        assertEquals(1, run.remaining());
        assertArrayEquals(expected.get(1), run.theta());
        RecordingTape second = new RecordingTape(1, f.n());
        run.advance(rule, alpha, 1, second);
        assertArrayEquals(first.gradients[2], second.gradients[0], "the next unroll starts from the carried gradient");
        assertArrayEquals(expected.get(2), second.thetas.get(0));
        assertEquals(4, f.evaluations, "θ_0 plus one gradient per step, none twice");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run.advance(rule, alpha, 1, new RecordingTape(1, f.n())));
        assertTrue(e.getMessage().contains("1..0 steps here, got 1"), e.getMessage());
    }
}
