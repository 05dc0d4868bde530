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

    /**
     * Checks saved arrays (by the names {@link #arrays} gives, all present, finite and of the right length)
     * for values this stage's state never holds, such as a negative mean square.
     *
     * @throws IllegalArgumentException naming the array and the value
     */
    default void checkSaved(Map<String, float[]> arrays) {
    }

    /** For {@link #checkSaved}: every value of array {@code name} is ≥ 0. */
    static void requireNonNegative(Map<String, float[]> arrays, String name) {
        float[] values = arrays.get(name);
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0) {
                throw new IllegalArgumentException(name + " value #" + i + " is negative: " + values[i]);
            }
        }
    }
}
