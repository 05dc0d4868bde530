package org.l2l4j.lstm;

import org.l2l4j.core.LearnedOptimizer;
import org.l2l4j.core.Optimizer;

/**
 * The coordinate-wise LSTM optimizer as meta-training sees it: φ in the layout of {@link LstmWeights},
 * the state an {@link LstmState}, a step's record {@link StepActivations}, every step one call of the
 * {@link LstmKernel}.
 */
public final class LstmLearnedOptimizer implements LearnedOptimizer<LstmState, StepActivations> {

    private final LstmConfig config;
    private final LstmKernel kernel;

    public LstmLearnedOptimizer(LstmConfig config, LstmKernel kernel) {
        this.config = config;
        this.kernel = kernel;
    }

    @Override
    public int parameterCount(int n) {
        return config.parameterCount();
    }

    @Override
    public LstmOptimizer optimizer(float[] phi) {
        return new LstmOptimizer(LstmWeights.of(config, phi), kernel);
    }

    @Override
    public LstmState newState(int n) {
        return LstmState.zeros(config, n);
    }

    @Override
    public void copyState(LstmState from, LstmState to) {
        to.copyFrom(from);
    }

    @Override
    public void clearState(LstmState state) {
        state.clear();
    }

    @Override
    public long stateBytes(int n) {
        return LstmState.bytes(config, n);
    }

    @Override
    public StepActivations newActivations(int n) {
        return StepActivations.allocate(config, n);
    }

    @Override
    public long activationBytes(int n) {
        return StepActivations.bytes(config, n);
    }

    @Override
    public void forward(float[] phi, float[] gradient, LstmState in, LstmState out, float[] update,
                        StepActivations actsOrNull) {
        kernel.forward(LstmWeights.view(config, phi), gradient, in, out, update, actsOrNull);
    }

    /** With {@code dGradientOrNull}: {@link LstmKernel#backwardThroughGradient}, else {@link LstmKernel#backward}. */
    @Override
    public void backward(float[] phi, StepActivations acts, float[] gradient, float[] dUpdate, LstmState dOut,
                         LstmState dIn, float[] dPhi, float[] dGradientOrNull) {
        LstmWeights weights = LstmWeights.view(config, phi);
        if (dGradientOrNull == null) {
            kernel.backward(weights, acts, dUpdate, dOut, dIn, dPhi);
        } else {
            kernel.backwardThroughGradient(weights, acts, gradient, dUpdate, dOut, dIn, dPhi, dGradientOrNull);
        }
    }
}
