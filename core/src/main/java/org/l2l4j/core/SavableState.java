package org.l2l4j.core;

import java.util.Map;

/**
 * An {@link Optimizer}'s per-run state that can be saved and restored without knowing the rule: named
 * float arrays (Adam's {@code mean} and {@code mean_square}, a momentum {@code trace}) and a step count.
 * A resumable run (meta-training's meta-optimizer) writes them to its checkpoint and restores them into
 * a fresh {@code init} state of the same rule, which then continues bit for bit.
 */
public interface SavableState {

    /** Copies of the state's arrays by name, in a fixed order; empty for a rule without state. */
    Map<String, float[]> arrays();

    /** Updates the state has counted (Adam's bias correction needs it); 0 for a rule that counts none. */
    int steps();

    /**
     * Sets this state to {@code arrays} and {@code steps} as {@link #arrays()} and {@link #steps()} gave them.
     *
     * @throws IllegalArgumentException naming the array that is missing, unknown or of another length, the
     *                                  value that this state never holds (not finite, a negative mean
     *                                  square), or a negative step count; the state is then unchanged
     */
    void restore(Map<String, float[]> arrays, int steps);
}
