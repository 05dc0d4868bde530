package org.l2l4j.lstm;

import java.io.IOException;
import java.nio.file.Path;
import org.l2l4j.core.Optimizer;

/**
 * The learned update rule on the core {@link Optimizer} contract: u = LSTM<sub>φ</sub>(∇, state),
 * applied coordinate-wise. The rule is an immutable value (its weights are one); the recurrent state of
 * a run lives in {@link State}. {@link LstmLearnedOptimizer} is the same rule as meta-training sees it.
 */
public final class LstmOptimizer implements Optimizer<LstmOptimizer.State> {

    /** Recurrent state of one run: the current LSTM state and a buffer the next step is written into. */
    public static final class State {
        private LstmState current;
        private LstmState next;

        private State(LstmConfig config, int n) {
            current = LstmState.zeros(config, n);
            next = LstmState.zeros(config, n);
        }

        /** The LSTM state the next update starts from (live; valid until the next update). */
        public LstmState current() {
            return current;
        }

        private void advance() {
            LstmState previous = current;
            current = next;
            next = previous;
        }
    }

    private final LstmWeights weights;
    private final LstmKernel kernel;

    /** The rule with {@code weights}, run on {@code kernel}. */
    public LstmOptimizer(LstmWeights weights, LstmKernel kernel) {
        this.weights = weights;
        this.kernel = kernel;
    }

    /**
     * Loads a trained optimizer saved by {@link OptimizerFile#write}, on the process-wide kernel (the best
     * available, one thread per core, shared by every optimizer loaded this way).
     */
    public static LstmOptimizer load(Path file) throws IOException {
        return load(file, Kernels.shared());
    }

    /** Loads a trained optimizer saved by {@link OptimizerFile#write}, run on {@code kernel}. */
    public static LstmOptimizer load(Path file, LstmKernel kernel) throws IOException {
        return new LstmOptimizer(OptimizerFile.read(file).weights(), kernel);
    }

    /**
     * This rule with the LSTM's correction added on the first {@code steps} steps of a run only, and the base
     * step alone after them (0 = every step); see {@link BaseStep#correctionSteps()}.
     *
     * @throws IllegalArgumentException if the rule has no base step, or {@code steps} is out of range
     */
    public LstmOptimizer withCorrectionSteps(int steps) {
        LstmConfig config = weights.config();
        return new LstmOptimizer(LstmWeights.of(config.withBase(config.base().withCorrectionSteps(steps)),
                weights.values()), kernel);
    }

    /** This rule with its LSTM's output scale multiplied by {@code factor} (finite, > 0). */
    public LstmOptimizer withOutputScaleFactor(double factor) {
        return new LstmOptimizer(weights.withOutputScaleFactor(factor), kernel);
    }

    public LstmWeights weights() {
        return weights;
    }

    @Override
    public String name() {
        return "lstm";
    }

    /** Zero state, as at the start of every trajectory. */
    @Override
    public State init(int n) {
        return new State(weights.config(), n);
    }

    @Override
    public void update(float[] gradient, State state, float[] update) {
        kernel.forward(weights, gradient, state.current, state.next, update, null);
        state.advance();
    }
}
