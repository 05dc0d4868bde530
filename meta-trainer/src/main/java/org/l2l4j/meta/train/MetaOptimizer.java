package org.l2l4j.meta.train;

import java.util.Map;
import org.l2l4j.core.Optimizer;
import org.l2l4j.core.SavableState;

/**
 * The meta-optimizer: any {@link Optimizer} applied to the meta-parameters, φ ← φ + c·u(∂L/∂φ), with its
 * state, which a {@link TrainingCheckpoint} saves by name without knowing the rule. c scales the update
 * for a learning-rate schedule: the rules' updates are linear in their learning rate, so scaling the
 * update of the rule at the initial rate is the rule at the scheduled rate.
 *
 * @param <S> the rule's state
 */
final class MetaOptimizer<S extends SavableState> {

    private final Optimizer<S> rule;
    private final S state;
    private final float[] update;

    private MetaOptimizer(Optimizer<S> rule, int n) {
        this.rule = rule;
        this.state = rule.init(n);
        this.update = new float[n];
    }

    /** {@code rule} on {@code n} meta-parameters, from its initial state. */
    static <S extends SavableState> MetaOptimizer<S> start(Optimizer<S> rule, int n) {
        return new MetaOptimizer<>(rule, n);
    }

    /** The rule's name, saved with its state so that another rule's state is never restored into it. */
    String name() {
        return rule.name();
    }

    /** One step on {@code phi} in place, the update scaled by {@code learningRateFactor}. */
    void step(float[] metaGradient, float[] phi, float learningRateFactor) {
        rule.update(metaGradient, state, update);
        for (int i = 0; i < phi.length; i++) {
            phi[i] += learningRateFactor * update[i];
        }
    }

    /** Copies of the state's arrays by name. */
    Map<String, float[]> arrays() {
        return state.arrays();
    }

    /** The state's step count. */
    int steps() {
        return state.steps();
    }

    /** Restores a saved state; see {@link SavableState#restore}. */
    void restore(Map<String, float[]> arrays, int steps) {
        state.restore(arrays, steps);
    }
}
