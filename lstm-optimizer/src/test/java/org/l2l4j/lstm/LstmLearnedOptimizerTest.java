package org.l2l4j.lstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The learned-optimizer face of the LSTM; its backward is checked against float64 differences in meta-trainer's UnrolledBpttTest. */
class LstmLearnedOptimizerTest {

    @Test
    void forwardStepsGiveTheUpdatesOfTheOptimizerAtTheSameMetaParameters() {
        LstmConfig config = LstmConfig.defaults().withBase(BaseStep.nesterov(0.1, 0.9));
        int n = 11;
        try (LstmKernel kernel = LstmKernel.create(1)) {
            LstmLearnedOptimizer learned = new LstmLearnedOptimizer(config, kernel);
            float[] phi = LstmWeights.initial(config, 5).values();
            assertEquals(config.parameterCount(), learned.parameterCount(n));
            float[] given = phi.clone();
            LstmOptimizer optimizer = learned.optimizer(given);
            java.util.Arrays.fill(given, 0f); // the optimizer keeps φ as it was given
            LstmOptimizer.State state = optimizer.init(n);
            LstmState in = learned.newState(n);
            LstmState out = learned.newState(n);
            SplittableRandom random = new SplittableRandom(8);
            float[] gradient = new float[n];
            float[] expected = new float[n];
            float[] update = new float[n];
            for (int t = 0; t < 4; t++) {
                for (int i = 0; i < n; i++) {
                    gradient[i] = (float) random.nextGaussian();
                }
                optimizer.update(gradient, state, expected);
                learned.forward(phi, gradient, in, out, update, t % 2 == 0 ? learned.newActivations(n) : null);
                assertArrayEquals(expected, update, "step " + t);
                learned.copyState(out, in);
            }
            learned.clearState(in);
            assertEquals(0, in.steps());
            assertEquals(LstmState.bytes(config, n), learned.stateBytes(n));
            assertEquals(StepActivations.bytes(config, n), learned.activationBytes(n));
        }
    }
}
