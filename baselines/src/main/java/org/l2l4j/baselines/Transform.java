package org.l2l4j.baselines;

import java.util.Map;

/**
 * One stage of an update rule, optax's {@code GradientTransformation}: {@code init} makes the stage's
 * state, {@code apply} maps an incoming vector (a gradient, or the previous stage's output) to an
 * outgoing one and advances the state in place. Stages compose with {@link Chain}; a whole rule is
 * wrapped as an {@link org.l2l4j.core.Optimizer} by {@link Rule}.
 *
 * <p>Every stage is element-wise and reads {@code in[i]} before it writes {@code out[i]}, so
 * {@code in} and {@code out} may be the same array: a chain runs in place in the update vector.
 *
 * @param <S> the stage's per-run state
 */
interface Transform<S> {

    /** The initial state for {@code n} coordinates. */
    S init(int n);

    /** Writes the transformed {@code in} into {@code out} (which may be {@code in}) and advances {@code state}. */
    void apply(float[] in, S state, float[] out);

    /** The state's arrays by name, live, for saving and restoring ({@link Rule}); none for a stateless stage. */
    default Map<String, float[]> arrays(S state) {
        return Map.of();
    }

    /** The step count the state keeps (Adam's bias correction needs one); 0 for a stage that keeps none. */
    default int steps(S state) {
        return 0;
    }

    /** Sets the count {@link #steps} reads; a stage that keeps none ignores it. */
    default void setSteps(S state, int steps) {
    }
}
